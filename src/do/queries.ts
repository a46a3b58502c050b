/**
 * EnvPairDO's statements, built once per object with Drizzle's `prepare()`:
 * building SQL text on every call costs more than running it here.
 */
import { and, desc, eq, lte, sql } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import type * as schema from "../db/schema";
import { comparisons, probes } from "../db/schema";

type Db = DrizzleSqliteDODatabase<typeof schema>;

export function prepareQueries(db: Db) {
  const probeColumns = { side: probes.side, envelopeJson: probes.envelopeJson };
  return {
    insertComparison: db
      .insert(comparisons)
      .values({
        id: sql.placeholder("id"),
        status: "running",
        leftUrl: sql.placeholder("leftUrl"),
        rightUrl: sql.placeholder("rightUrl"),
        optionsJson: sql.placeholder("optionsJson"),
        sealedHeaders: sql.placeholder("sealedHeaders"),
        idempotencyKey: sql.placeholder("idempotencyKey"),
        requestHash: sql.placeholder("requestHash"),
        createdBy: sql.placeholder("createdBy"),
        createdAt: sql.placeholder("now"),
        updatedAt: sql.placeholder("now"),
      })
      .returning()
      .prepare(),
    // seq is the rowid and only ever grows (the newest row is never deleted), so the
    // rows to evict are exactly those at or below newestSeq - capacity: a rowid range
    // that touches nothing but the rows it deletes, whatever the capacity. Probes go
    // with them through ON DELETE CASCADE.
    trimRing: db
      .delete(comparisons)
      .where(lte(comparisons.seq, sql.placeholder("belowSeq")))
      .prepare(),
    upsertProbe: db
      .insert(probes)
      .values({
        id: sql.placeholder("id"),
        comparisonId: sql.placeholder("comparisonId"),
        side: sql.placeholder("side"),
        envelopeJson: sql.placeholder("envelopeJson"),
      })
      // `excluded` reuses the bound value instead of binding the envelope a second time.
      .onConflictDoUpdate({
        target: [probes.comparisonId, probes.side],
        set: { envelopeJson: sql`excluded.envelope_json` },
      })
      .prepare(),
    finishComparison: db
      .update(comparisons)
      .set({
        status: sql`${sql.placeholder("status")}`,
        resultJson: sql`${sql.placeholder("resultJson")}`,
        errorJson: sql`${sql.placeholder("errorJson")}`,
        highCount: sql`${sql.placeholder("high")}`,
        mediumCount: sql`${sql.placeholder("medium")}`,
        lowCount: sql`${sql.placeholder("low")}`,
        infoCount: sql`${sql.placeholder("info")}`,
        identical: sql`${sql.placeholder("identical")}`,
        updatedAt: sql`${sql.placeholder("now")}`,
      })
      .where(and(eq(comparisons.id, sql.placeholder("id")), eq(comparisons.status, "running")))
      .returning()
      .prepare(),
    comparisonById: db
      .select()
      .from(comparisons)
      .where(eq(comparisons.id, sql.placeholder("id")))
      .prepare(),
    probesOf: db
      .select(probeColumns)
      .from(probes)
      .where(eq(probes.comparisonId, sql.placeholder("comparisonId")))
      .prepare(),
    // The deadline watchdog's scan. No index on status: the ring bounds it to RING_CAPACITY
    // rows read, once per alarm, whereas an index entry would cost rows written on every
    // create and every finish — and a written row is billed like ~1000 read ones.
    runningComparisons: db
      .select({ id: comparisons.id, createdAt: comparisons.createdAt })
      .from(comparisons)
      .where(eq(comparisons.status, "running"))
      .prepare(),
    comparisonByIdempotencyKey: db
      .select()
      .from(comparisons)
      .where(eq(comparisons.idempotencyKey, sql.placeholder("key")))
      .prepare(),
    // An expired key is released so the partial unique index can take it again.
    releaseIdempotencyKey: db
      .update(comparisons)
      .set({ idempotencyKey: null, requestHash: null })
      .where(eq(comparisons.idempotencyKey, sql.placeholder("key")))
      .prepare(),
    newestFirst: db
      .select({
        id: comparisons.id,
        status: comparisons.status,
        leftUrl: comparisons.leftUrl,
        rightUrl: comparisons.rightUrl,
        errorJson: comparisons.errorJson,
        highCount: comparisons.highCount,
        mediumCount: comparisons.mediumCount,
        lowCount: comparisons.lowCount,
        infoCount: comparisons.infoCount,
        identical: comparisons.identical,
        // Rows completed before the count columns existed: their result is the only source. For
        // every other row SQLite never reads result_json (a CASE does not touch the column).
        legacyResultJson: sql<
          string | null
        >`CASE WHEN ${comparisons.status} = 'completed' AND ${comparisons.highCount} IS NULL THEN ${comparisons.resultJson} END`,
        createdAt: comparisons.createdAt,
        updatedAt: comparisons.updatedAt,
        createdBy: comparisons.createdBy,
      })
      .from(comparisons)
      .orderBy(desc(comparisons.seq))
      .limit(sql.placeholder("limit"))
      .prepare(),
    completedNewestFirst: db
      .select()
      .from(comparisons)
      .where(eq(comparisons.status, "completed"))
      .orderBy(desc(comparisons.seq))
      .limit(sql.placeholder("limit"))
      .prepare(),
  };
}

export type Queries = ReturnType<typeof prepareQueries>;
