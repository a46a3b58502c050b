/**
 * The pair directory's queries (D1 through drizzle-orm/d1). Every writer is safe to repeat:
 * the workflow step and the cron tick that call them may run twice.
 */
import { and, asc, desc, eq, lt, lte, or, sql } from "drizzle-orm";
import type { D1Db } from "../db/d1";
import { type EventKind, events, type PairRow, pairs } from "../db/d1-schema";
import type { SeverityCounts } from "../shapes/result";
import type { PairCursor } from "./cursor";

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

/** A page of pairs, most recently compared first, strictly after `cursor`. */
export async function listPairs(db: D1Db, limit: number, cursor: PairCursor | null): Promise<PairRow[]> {
  const after = cursor
    ? or(
        lt(pairs.lastComparedAt, cursor.lastComparedAt),
        and(eq(pairs.lastComparedAt, cursor.lastComparedAt), lt(pairs.pairKey, cursor.pairKey)),
      )
    : undefined;
  return db.select().from(pairs).where(after).orderBy(desc(pairs.lastComparedAt), desc(pairs.pairKey)).limit(limit);
}

export async function getPair(db: D1Db, pairKey: string): Promise<PairRow | null> {
  return (await db.select().from(pairs).where(eq(pairs.pairKey, pairKey)).get()) ?? null;
}

export interface WatchSettings {
  intervalMinutes: number;
  enabled: boolean;
  webhookUrl: string | null;
  /** Sealed, never in clear. */
  webhookSecret: string | null;
  /** Options as readers see them (null: defaults), and their header values sealed. */
  optionsJson: string | null;
  sealedHeaders: string | null;
  /** First due time: enabling a watch makes it due at once, so the next tick runs it. */
  nextDueAt: number | null;
  /** The identity setting it (createdBy); null without one. */
  updatedBy?: string | null;
}

/** Sets the pair's watch; false when the directory has no such pair. */
export async function setWatch(db: D1Db, pairKey: string, watch: WatchSettings): Promise<boolean> {
  const result = await db
    .update(pairs)
    .set({
      watchIntervalMinutes: watch.intervalMinutes,
      watchEnabled: watch.enabled,
      watchWebhookUrl: watch.webhookUrl,
      watchWebhookSecret: watch.webhookSecret,
      watchOptionsJson: watch.optionsJson,
      watchSealedHeaders: watch.sealedHeaders,
      watchNextDueAt: watch.nextDueAt,
      watchUpdatedBy: watch.updatedBy ?? null,
    })
    .where(eq(pairs.pairKey, pairKey))
    .run();
  return result.meta.changes > 0;
}

/** Removes the pair's watch (its webhook secret and sealed headers too); false when the directory has no such pair. */
export async function clearWatch(db: D1Db, pairKey: string): Promise<boolean> {
  const result = await db
    .update(pairs)
    .set({
      watchIntervalMinutes: null,
      watchEnabled: false,
      watchWebhookUrl: null,
      watchWebhookSecret: null,
      watchOptionsJson: null,
      watchSealedHeaders: null,
      watchNextDueAt: null,
      watchUpdatedBy: null,
    })
    .where(eq(pairs.pairKey, pairKey))
    .run();
  return result.meta.changes > 0;
}

/** Enabled watches due at `now`, soonest first (the pairs_watch_due partial index). */
export async function dueWatches(db: D1Db, now: number, limit: number): Promise<PairRow[]> {
  return db
    .select()
    .from(pairs)
    .where(and(eq(pairs.watchEnabled, true), lte(pairs.watchNextDueAt, now)))
    .orderBy(asc(pairs.watchNextDueAt))
    .limit(limit);
}

/**
 * Moves a due watch to its next due time if nobody else did since `seenDueAt` was read: two
 * overlapping ticks cannot both claim one run. `started` records that a comparison starts now.
 */
export async function claimWatch(
  db: D1Db,
  pair: Pick<PairRow, "pairKey" | "watchNextDueAt">,
  nextDueAt: number,
  started: number | null,
): Promise<boolean> {
  const seen = pair.watchNextDueAt;
  if (seen === null) return false;
  // A started run also records the due time it was for, so the API can say how late it started.
  const run = started === null ? {} : { lastWatchStartedAt: started, lastWatchDueAt: seen };
  const result = await db
    .update(pairs)
    .set({ watchNextDueAt: nextDueAt, ...run })
    .where(and(eq(pairs.pairKey, pair.pairKey), eq(pairs.watchNextDueAt, seen), eq(pairs.watchEnabled, true)))
    .run();
  return result.meta.changes > 0;
}

export interface NewEvent {
  kind: EventKind;
  comparisonId: string;
  detail: unknown;
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

/** Where a page of due watches ended: the keyset of the pairs_watch_due index (due time, then rowid). */
export interface DueCursor {
  dueAt: number;
  rowid: number;
}

/** A due watch as a page lists it: its due time and rowid are the next page's cursor. */
export type DueRow = DueCursor;

/**
 * One keyset page of enabled watches due at `now`, strictly after `after`, in the order of the
 * pairs_watch_due index: its entries are (watch_next_due_at, rowid), so the page is a range scan
 * that reads only the rows it returns, however many watches there are.
 */
export async function dueWatchPage(
  db: D1Db,
  now: number,
  after: DueCursor | null,
  limit: number,
): Promise<(DueRow & { pairKey: string })[]> {
  const rows = await db
    .select({ pairKey: pairs.pairKey, dueAt: pairs.watchNextDueAt, rowid: sql<number>`${pairs}.rowid` })
    .from(pairs)
    .where(
      and(
        eq(pairs.watchEnabled, true),
        lte(pairs.watchNextDueAt, now),
        after ? sql`(${pairs.watchNextDueAt}, ${pairs}.rowid) > (${after.dueAt}, ${after.rowid})` : undefined,
      ),
    )
    .orderBy(asc(pairs.watchNextDueAt), sql`${pairs}.rowid`)
    .limit(limit);
  return rows.flatMap((row) => (row.dueAt === null ? [] : [{ ...row, dueAt: row.dueAt }]));
}
