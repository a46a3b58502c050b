/**
 * Suites in D1: the definition, its runs and one item per path and run. The writes a suite makes
 * are few by design (docs/suites.md § Costs): a run's rows go in with one batch; each item is
 * written again once, when its comparison ends; the run once more when its last item ends.
 * Item ids are run id × SUITE_ITEM_STRIDE + position, so a run's items are one range of the
 * primary key and need no index. Every writer is safe to repeat (workflow steps retry).
 */
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import {
  SUITE_ITEM_STRIDE,
  type SuiteItemRow,
  type SuiteRow,
  type SuiteRunRow,
  suiteItems,
  suiteRuns,
  suites,
} from "../db/directory-schema";
import type { DirectoryDb } from "../directory/store";
import type { SeverityCounts } from "../shapes/result";

/** Bound parameters per statement are capped at 100 in D1: 4 per item, plus the suite id. */
const ITEMS_PER_STATEMENT = 24;

export interface NewRun {
  /** Present when the suite itself is new: inserted in the same batch as its first run. */
  suite?: typeof suites.$inferInsert;
  suiteId: string;
  createdAt: number;
  trigger: "api" | "watch";
  idempotencyKey: string | null;
  requestHash: string | null;
  items: { path: string; pairKey: string; comparisonId: string }[];
}

export interface CreatedRun {
  runId: number;
  rowsWritten: number;
}

/**
 * Inserts the suite (when new), the run and its items in one batch, which D1 applies atomically:
 * either the whole run exists or none of it. Throws on a duplicate Idempotency-Key (the unique index).
 * The run is inserted pending dispatch: its items' start messages are not sent yet (markDispatched).
 */
export async function insertRun(d1: D1Database, run: NewRun): Promise<CreatedRun> {
  const statements: D1PreparedStatement[] = [];
  const { suite } = run;
  if (suite) {
    statements.push(
      d1
        .prepare(
          `INSERT INTO suites (id, name, left_base, right_base, paths_json, discover_json, options_json, sealed_headers,
             created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          suite.id,
          suite.name ?? null,
          suite.leftBase,
          suite.rightBase,
          suite.pathsJson,
          suite.discoverJson ?? null,
          suite.optionsJson,
          suite.sealedHeaders ?? null,
          suite.createdAt,
          suite.createdBy ?? null,
        ),
    );
  }
  statements.push(
    d1
      .prepare(
        `INSERT INTO suite_runs (suite_id, created_at, trigger, item_count, idempotency_key, request_hash, dispatch_pending)
         VALUES (?, ?, ?, ?, ?, ?, 1) RETURNING id`,
      )
      .bind(run.suiteId, run.createdAt, run.trigger, run.items.length, run.idempotencyKey, run.requestHash),
  );
  // The run's id is only known inside the batch: the items read it back from the index on suite_id.
  for (let start = 0; start < run.items.length; start += ITEMS_PER_STATEMENT) {
    const chunk = run.items.slice(start, start + ITEMS_PER_STATEMENT);
    const values = chunk.map(() => "(?, ?, ?, ?)").join(", ");
    statements.push(
      d1
        .prepare(
          `INSERT INTO suite_items (id, run_id, path, pair_key, comparison_id, status)
           SELECT r.id * ${SUITE_ITEM_STRIDE} + v.column1, r.id, v.column2, v.column3, v.column4, 'running'
           FROM (VALUES ${values}) AS v, (SELECT max(id) AS id FROM suite_runs WHERE suite_id = ?) AS r`,
        )
        .bind(...chunk.flatMap((item, i) => [start + i, item.path, item.pairKey, item.comparisonId]), run.suiteId),
    );
  }
  statements.push(
    d1
      .prepare(
        "UPDATE suites SET last_run_id = (SELECT max(id) FROM suite_runs WHERE suite_id = ?1), last_run_at = ?2 WHERE id = ?1",
      )
      .bind(run.suiteId, run.createdAt),
  );
  const results = await d1.batch<{ id: number }>(statements);
  const runId = results[suite ? 1 : 0]?.results[0]?.id;
  if (typeof runId !== "number") throw new Error("the run insert returned no id");
  return { runId, rowsWritten: results.reduce((sum, r) => sum + (r.meta.rows_written ?? 0), 0) };
}

export async function getSuite(db: DirectoryDb, suiteId: string): Promise<SuiteRow | null> {
  return (await db.select().from(suites).where(eq(suites.id, suiteId)).get()) ?? null;
}

export async function getRun(db: DirectoryDb, runId: number): Promise<SuiteRunRow | null> {
  return (await db.select().from(suiteRuns).where(eq(suiteRuns.id, runId)).get()) ?? null;
}

/** A run's items in list order: one range of the primary key. */
export async function itemsOfRun(db: DirectoryDb, runId: number): Promise<SuiteItemRow[]> {
  const first = runId * SUITE_ITEM_STRIDE;
  return db
    .select()
    .from(suiteItems)
    .where(sql`${suiteItems.id} BETWEEN ${first} AND ${first + SUITE_ITEM_STRIDE - 1}`)
    .orderBy(suiteItems.id);
}

/** Suites, most recently run first, strictly before `before` (a lastRunAt + id cursor). */
export async function listSuites(db: DirectoryDb, limit: number, before: { at: number; id: string } | null) {
  const after = before
    ? or(lt(suites.lastRunAt, before.at), and(eq(suites.lastRunAt, before.at), lt(suites.id, before.id)))
    : undefined;
  return db.select().from(suites).where(after).orderBy(desc(suites.lastRunAt), desc(suites.id)).limit(limit);
}

/** How many of a run's items still run: one count over the run's key range, nothing shipped. */
export async function runningItems(db: DirectoryDb, runId: number): Promise<number> {
  const first = runId * SUITE_ITEM_STRIDE;
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(suiteItems)
    .where(
      and(
        sql`${suiteItems.id} BETWEEN ${first} AND ${first + SUITE_ITEM_STRIDE - 1}`,
        eq(suiteItems.status, "running"),
      ),
    )
    .get();
  return row?.n ?? 0;
}

/** The run that holds `key` (scoped by route), if any. */
export async function runByIdempotencyKey(db: DirectoryDb, key: string): Promise<SuiteRunRow | null> {
  return (await db.select().from(suiteRuns).where(eq(suiteRuns.idempotencyKey, key)).get()) ?? null;
}

/** Frees a key older than the replay window, so it can be used again. */
export async function releaseIdempotencyKey(db: DirectoryDb, runId: number): Promise<void> {
  await db.update(suiteRuns).set({ idempotencyKey: null }).where(eq(suiteRuns.id, runId)).run();
}

/** What one ended comparison says about its path. */
export interface ItemOutcome {
  status: "completed" | "failed";
  counts: SeverityCounts;
  newCount: number;
  recurringCount: number;
  resolvedCount: number;
  newHigh: number;
  resolvedHigh: number;
}

/** Records an item's end once: a repeat (a retried step) finds it no longer running and writes nothing. */
export async function recordItemOutcome(
  db: DirectoryDb,
  itemId: number,
  outcome: ItemOutcome,
  now = Date.now(),
): Promise<number> {
  const result = await db
    .update(suiteItems)
    .set({ status: outcome.status, ...outcome.counts, ...countsOf(outcome), finishedAt: now })
    .where(and(eq(suiteItems.id, itemId), eq(suiteItems.status, "running")))
    .run();
  return result.meta.rows_written ?? 0;
}

function countsOf(o: ItemOutcome) {
  return {
    newCount: o.newCount,
    recurringCount: o.recurringCount,
    resolvedCount: o.resolvedCount,
    newHigh: o.newHigh,
    resolvedHigh: o.resolvedHigh,
  };
}

/**
 * Marks the run finished by `comparisonId` if no other comparison did: of two last items ending
 * together, exactly one claims it. The same comparison claiming again (a retried step) succeeds.
 */
export async function claimRunFinish(
  db: DirectoryDb,
  runId: number,
  comparisonId: string,
  driftJson: string | null,
  now = Date.now(),
): Promise<{ claimed: boolean; rowsWritten: number }> {
  const result = await db
    .update(suiteRuns)
    .set({ finishedAt: now, finishedBy: comparisonId, driftJson })
    .where(and(eq(suiteRuns.id, runId), or(isNull(suiteRuns.finishedBy), eq(suiteRuns.finishedBy, comparisonId))))
    .run();
  return { claimed: result.meta.changes > 0, rowsWritten: result.meta.rows_written ?? 0 };
}

/** Marks items whose workflow could not be created as failed (they will never report). */
export async function failItems(db: DirectoryDb, itemIds: number[], now = Date.now()): Promise<void> {
  for (let start = 0; start < itemIds.length; start += 90) {
    const chunk = itemIds.slice(start, start + 90);
    await db
      .update(suiteItems)
      .set({ status: "failed", finishedAt: now })
      .where(
        and(
          sql`${suiteItems.id} IN (${sql.join(
            chunk.map((id) => sql`${id}`),
            sql`, `,
          )})`,
          eq(suiteItems.status, "running"),
        ),
      )
      .run();
  }
}

/** The run's start messages were all sent: the tick's re-dispatch no longer looks at it. Returns the D1 rows written. */
export async function markDispatched(db: DirectoryDb, runId: number): Promise<number> {
  const result = await db
    .update(suiteRuns)
    .set({ dispatchPending: false })
    .where(and(eq(suiteRuns.id, runId), eq(suiteRuns.dispatchPending, true)))
    .run();
  return result.meta.rows_written ?? 0;
}

/** Runs still pending dispatch that were created before `before`, oldest first (a partial index). */
export async function pendingDispatchRuns(db: DirectoryDb, before: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: suiteRuns.id })
    .from(suiteRuns)
    .where(and(eq(suiteRuns.dispatchPending, true), lt(suiteRuns.createdAt, before)))
    .orderBy(suiteRuns.createdAt)
    .limit(limit);
  return rows.map((row) => row.id);
}

/** The ids of a run's items that have not ended: what a re-dispatch sends again. */
export async function unfinishedItemIds(db: DirectoryDb, runId: number): Promise<number[]> {
  const first = runId * SUITE_ITEM_STRIDE;
  const rows = await db
    .select({ id: suiteItems.id })
    .from(suiteItems)
    .where(
      and(
        sql`${suiteItems.id} BETWEEN ${first} AND ${first + SUITE_ITEM_STRIDE - 1}`,
        eq(suiteItems.status, "running"),
      ),
    )
    .orderBy(suiteItems.id);
  return rows.map((row) => row.id);
}

/** What starting one item needs of its suite: never its path list, which can be 640 KiB. */
export type SuiteForItem = Pick<SuiteRow, "leftBase" | "rightBase" | "optionsJson" | "sealedHeaders">;

/** An item with what its start needs of its suite: the bases, options and sealed header values. */
export async function itemWithSuite(
  db: DirectoryDb,
  itemId: number,
): Promise<{ item: SuiteItemRow; suite: SuiteForItem } | null> {
  const row = await db
    .select({
      item: suiteItems,
      suite: {
        leftBase: suites.leftBase,
        rightBase: suites.rightBase,
        optionsJson: suites.optionsJson,
        sealedHeaders: suites.sealedHeaders,
      },
    })
    .from(suiteItems)
    .innerJoin(suiteRuns, eq(suiteRuns.id, suiteItems.runId))
    .innerJoin(suites, eq(suites.id, suiteRuns.suiteId))
    .where(eq(suiteItems.id, itemId))
    .get();
  return row ?? null;
}
