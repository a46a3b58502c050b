/**
 * The pair directory's queries (D1 through drizzle-orm/d1). Every writer is safe to repeat:
 * the workflow step and the cron tick that call them may run twice.
 */
import { and, asc, desc, eq, lt, or, sql } from "drizzle-orm";
import type { Keyset } from "../cursor";
import type { D1Db } from "../db/d1";
import { type EventKind, events, type PairRow, pairs, type WatchRow, watches } from "../db/d1-schema";
import type { JsonValue } from "../shapes/json";
import type { SeverityCounts } from "../shapes/result";
import { watchOf } from "../watches/store";

/** What the end of one comparison says about its pair. */
export interface PairOutcome {
  pairKey: string;
  leftUrl: string;
  rightUrl: string;
  comparisonId: string;
  /** The comparison's createdAt (ms): the order the directory follows, whatever order runs end in. */
  createdAt: number;
  status: "completed" | "failed";
  counts: SeverityCounts;
}

/**
 * Upserts the pair's row from one comparison's outcome. `last_*` only move forward, ordered by
 * (createdAt, comparisonId): a comparison that ends after a newer one leaves them alone, and
 * repeating the same outcome writes the same values. `first_compared_at` only moves back.
 * Both statements run in one batch, which D1 applies atomically.
 */
export async function recordOutcome(db: D1Db, outcome: PairOutcome, now = Date.now()): Promise<void> {
  const last = {
    leftUrl: outcome.leftUrl,
    rightUrl: outcome.rightUrl,
    lastComparedAt: outcome.createdAt,
    lastComparisonId: outcome.comparisonId,
    lastStatus: outcome.status,
    lastHigh: outcome.counts.high,
    lastMedium: outcome.counts.medium,
    lastLow: outcome.counts.low,
    lastInfo: outcome.counts.info,
    updatedAt: now,
  };
  const newer = sql`excluded.last_compared_at > ${pairs.lastComparedAt}
    OR (excluded.last_compared_at = ${pairs.lastComparedAt} AND excluded.last_comparison_id >= ${pairs.lastComparisonId})`;
  await db.batch([
    db
      .insert(pairs)
      .values({ pairKey: outcome.pairKey, firstComparedAt: outcome.createdAt, ...last })
      .onConflictDoUpdate({ target: pairs.pairKey, set: last, setWhere: newer }),
    db
      .update(pairs)
      .set({ firstComparedAt: outcome.createdAt })
      .where(and(eq(pairs.pairKey, outcome.pairKey), sql`${pairs.firstComparedAt} > ${outcome.createdAt}`)),
  ]);
}

/** A pair with its watch, if it has one: what the pair routes show. */
export interface WatchedPair {
  pair: PairRow;
  watch: WatchRow | null;
}

/** Pairs and their watches in one query: a watch is a row of its own (src/watches/store.ts). */
function pairsWithWatches(db: D1Db) {
  return db.select({ pair: pairs, watch: watches }).from(pairs).leftJoin(watches, watchOf("pair", pairs.pairKey));
}

/** A page of pairs strictly after `cursor`: the (last compared at, pair key) of the previous page's last pair. */
export async function listPairs(db: D1Db, limit: number, cursor: Keyset | null): Promise<WatchedPair[]> {
  const after = cursor
    ? or(lt(pairs.lastComparedAt, cursor.at), and(eq(pairs.lastComparedAt, cursor.at), lt(pairs.pairKey, cursor.id)))
    : undefined;
  return pairsWithWatches(db).where(after).orderBy(desc(pairs.lastComparedAt), desc(pairs.pairKey)).limit(limit);
}

export async function getPair(db: D1Db, pairKey: string): Promise<PairRow | null> {
  return (await db.select().from(pairs).where(eq(pairs.pairKey, pairKey)).get()) ?? null;
}

export async function getWatchedPair(db: D1Db, pairKey: string): Promise<WatchedPair | null> {
  return (await pairsWithWatches(db).where(eq(pairs.pairKey, pairKey)).get()) ?? null;
}

export interface NewEvent {
  kind: EventKind;
  comparisonId: string;
  detail: JsonValue;
}

/** Records events; one per (comparison, kind), so a retried step adds nothing. */
export async function recordEvents(db: D1Db, pairKey: string, list: NewEvent[], now = Date.now()) {
  if (list.length === 0) return;
  await db
    .insert(events)
    .values(
      list.map((event) => ({
        pairKey,
        createdAt: now,
        kind: event.kind,
        comparisonId: event.comparisonId,
        detailJson: JSON.stringify(event.detail),
      })),
    )
    .onConflictDoNothing();
}

/** The pair's events, newest first. */
export async function listEvents(db: D1Db, pairKey: string, limit: number) {
  return db.select().from(events).where(eq(events.pairKey, pairKey)).orderBy(desc(events.id)).limit(limit);
}

/** The events one comparison recorded: what its webhook delivery reports. */
export async function eventsOfComparison(db: D1Db, comparisonId: string) {
  return db.select().from(events).where(eq(events.comparisonId, comparisonId)).orderBy(asc(events.id));
}
