/**
 * Suites in D1: the definition, its runs and one item per path and run. The writes a suite makes
 * are few by design (docs/suites.md § Costs): a run's row goes in with one batch, which also drops
 * the suite's run beyond the newest SUITE_RUNS_KEPT; an item is written once, when its path ends
 * (until then the run's paths and their comparisonIds are derived, src/suites/item-ids.ts); the
 * run once more when its last path ends. Item ids are run id × SUITE_ITEM_STRIDE + position, so a
 * run's items are one range of the primary key and need no index. Every writer is safe to repeat
 * (workflow steps retry, queue messages come again).
 */
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { D1Db } from "../db/d1";
import {
  SUITE_ITEM_STRIDE,
  type SuiteItemRow,
  type SuiteRow,
  type SuiteRunRow,
  suiteItems,
  suiteRuns,
  suites,
  type WatchRow,
  watches,
} from "../db/d1-schema";
import type { SeverityCounts } from "../shapes/result";
import { watchOf } from "../watches/store";

/**
 * Runs kept per suite, like a pair's ring: older runs and their items are deleted when a run is
 * recorded, so D1's storage does not grow with every watched run (docs/scale.md § What binds first).
 */
export const SUITE_RUNS_KEPT = 50;

export interface NewRun {
  /** Present when the suite itself is new: inserted in the same batch as its first run. */
  suite?: typeof suites.$inferInsert;
  suiteId: string;
  createdAt: number;
  trigger: "api" | "watch";
  idempotencyKey: string | null;
  requestHash: string | null;
  itemCount: number;
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
      .bind(run.suiteId, run.createdAt, run.trigger, run.itemCount, run.idempotencyKey, run.requestHash),
  );
  statements.push(
    d1
      .prepare(
        "UPDATE suites SET last_run_id = (SELECT max(id) FROM suite_runs WHERE suite_id = ?1), last_run_at = ?2 WHERE id = ?1",
      )
      .bind(run.suiteId, run.createdAt),
  );
  // The run now past the newest SUITE_RUNS_KEPT (at most one in the steady state) goes, items first.
  const beyond = `(SELECT id FROM suite_runs WHERE suite_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ${SUITE_RUNS_KEPT})`;
  statements.push(
    d1
      .prepare(
        `DELETE FROM suite_items WHERE id BETWEEN ${beyond} * ${SUITE_ITEM_STRIDE} AND ${beyond} * ${SUITE_ITEM_STRIDE} + ${SUITE_ITEM_STRIDE - 1}`,
      )
      .bind(run.suiteId),
    d1.prepare(`DELETE FROM suite_runs WHERE id = ${beyond}`).bind(run.suiteId),
  );
  const results = await d1.batch<{ id: number }>(statements);
  const runId = results[suite ? 1 : 0]?.results[0]?.id;
  if (typeof runId !== "number") throw new Error("the run insert returned no id");
  return { runId, rowsWritten: results.reduce((sum, r) => sum + (r.meta.rows_written ?? 0), 0) };
}

export async function getSuite(db: D1Db, suiteId: string): Promise<SuiteRow | null> {
  return (await db.select().from(suites).where(eq(suites.id, suiteId)).get()) ?? null;
}

export async function getRun(db: D1Db, runId: number): Promise<SuiteRunRow | null> {
  return (await db.select().from(suiteRuns).where(eq(suiteRuns.id, runId)).get()) ?? null;
}

/** A run's items in list order: one range of the primary key. */
export async function itemsOfRun(db: D1Db, runId: number): Promise<SuiteItemRow[]> {
  const first = runId * SUITE_ITEM_STRIDE;
  return db
    .select()
    .from(suiteItems)
    .where(sql`${suiteItems.id} BETWEEN ${first} AND ${first + SUITE_ITEM_STRIDE - 1}`)
    .orderBy(suiteItems.id);
}

/** A suite with its watch, if it has one: what the suite routes show. */
export interface WatchedSuite {
  suite: SuiteRow;
  watch: WatchRow | null;
}

/** Suites and their watches in one query: a watch is a row of its own (src/watches/store.ts). */
function suitesWithWatches(db: D1Db) {
  return db.select({ suite: suites, watch: watches }).from(suites).leftJoin(watches, watchOf("suite", suites.id));
}

/** Suites, most recently run first, strictly before `before` (a lastRunAt + id cursor). */
export async function listSuites(
  db: D1Db,
  limit: number,
  before: { at: number; id: string } | null,
): Promise<WatchedSuite[]> {
  const after = before
    ? or(lt(suites.lastRunAt, before.at), and(eq(suites.lastRunAt, before.at), lt(suites.id, before.id)))
    : undefined;
  return suitesWithWatches(db).where(after).orderBy(desc(suites.lastRunAt), desc(suites.id)).limit(limit);
}

export async function getWatchedSuite(db: D1Db, suiteId: string): Promise<WatchedSuite | null> {
  return (await suitesWithWatches(db).where(eq(suites.id, suiteId)).get()) ?? null;
}

/** A run's ended items: one range of the primary key (runs recorded before items were written at their end have a row per path). */
function endedItemsOf(runId: number) {
  const first = runId * SUITE_ITEM_STRIDE;
  return and(
    sql`${suiteItems.id} BETWEEN ${first} AND ${first + SUITE_ITEM_STRIDE - 1}`,
    sql`${suiteItems.status} <> 'running'`,
  );
}

/** How many of a run's paths have not ended: its item count less its ended items, counted in D1. Every ending path asks. */
export async function runningItems(db: D1Db, run: Pick<SuiteRunRow, "id" | "itemCount">): Promise<number> {
  const row = await db.select({ n: sql<number>`count(*)` }).from(suiteItems).where(endedItemsOf(run.id)).get();
  return run.itemCount - (row?.n ?? 0);
}

/** The ids of a run's ended items, in order. */
async function endedItemIds(db: D1Db, runId: number): Promise<number[]> {
  const rows = await db
    .select({ id: suiteItems.id })
    .from(suiteItems)
    .where(endedItemsOf(runId))
    .orderBy(suiteItems.id);
  return rows.map((row) => row.id);
}

/** The run that holds `key` (scoped by route), if any. */
export async function runByIdempotencyKey(db: D1Db, key: string): Promise<SuiteRunRow | null> {
  return (await db.select().from(suiteRuns).where(eq(suiteRuns.idempotencyKey, key)).get()) ?? null;
}

/** Frees a key older than the replay window, so it can be used again. */
export async function releaseIdempotencyKey(db: D1Db, runId: number): Promise<void> {
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
  /** The comparison's verdict was `inconclusive`. */
  inconclusive: boolean;
}

/** A path that ended without a result: refused, or dead-lettered. */
export const FAILED_OUTCOME: ItemOutcome = {
  status: "failed",
  counts: { high: 0, medium: 0, low: 0, info: 0 },
  newCount: 0,
  recurringCount: 0,
  resolvedCount: 0,
  newHigh: 0,
  resolvedHigh: 0,
  inconclusive: false,
};

/**
 * Writes a path's item once, when it ended: its path read from the suite's list in SQL (never
 * shipped), its pair and comparison as derived. The first outcome wins: a repeat (a retried step,
 * a late workflow after the dead-letter queue failed the path) writes nothing. A run that was
 * dropped meanwhile (SUITE_RUNS_KEPT) gets nothing. Returns the D1 rows written.
 */
export async function recordItemOutcome(
  db: D1Db,
  itemId: number,
  names: { pairKey: string; comparisonId: string },
  outcome: ItemOutcome,
  now = Date.now(),
): Promise<number> {
  const runId = Math.floor(itemId / SUITE_ITEM_STRIDE);
  const position = itemId - runId * SUITE_ITEM_STRIDE;
  const o = { ...outcome.counts, ...countsOf(outcome) };
  const result = await db.run(sql`
    INSERT INTO suite_items (id, run_id, path, pair_key, comparison_id, status, high, medium, low, info,
      new_count, recurring_count, resolved_count, new_high, resolved_high, inconclusive, finished_at)
    SELECT ${itemId}, r.id, json_extract(s.paths_json, '$[' || CAST(${position} AS INTEGER) || ']'), ${names.pairKey},
      ${names.comparisonId}, ${outcome.status}, ${o.high}, ${o.medium}, ${o.low}, ${o.info}, ${o.newCount},
      ${o.recurringCount}, ${o.resolvedCount}, ${o.newHigh}, ${o.resolvedHigh}, ${outcome.inconclusive ? 1 : 0}, ${now}
    FROM suite_runs r JOIN suites s ON s.id = r.suite_id
    WHERE r.id = ${runId} AND json_extract(s.paths_json, '$[' || CAST(${position} AS INTEGER) || ']') IS NOT NULL
    ON CONFLICT (id) DO UPDATE SET status = excluded.status, comparison_id = excluded.comparison_id,
      high = excluded.high, medium = excluded.medium, low = excluded.low, info = excluded.info,
      new_count = excluded.new_count, recurring_count = excluded.recurring_count,
      resolved_count = excluded.resolved_count, new_high = excluded.new_high,
      resolved_high = excluded.resolved_high, inconclusive = excluded.inconclusive, finished_at = excluded.finished_at
    WHERE suite_items.status = 'running'`);
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
  db: D1Db,
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

/** The run's start messages were all sent: the tick's re-dispatch no longer looks at it. Returns the D1 rows written. */
export async function markDispatched(db: D1Db, runId: number): Promise<number> {
  const result = await db
    .update(suiteRuns)
    .set({ dispatchPending: false })
    .where(and(eq(suiteRuns.id, runId), eq(suiteRuns.dispatchPending, true)))
    .run();
  return result.meta.rows_written ?? 0;
}

/** Runs still pending dispatch that were created before `before`, oldest first (a partial index). */
export async function pendingDispatchRuns(
  db: D1Db,
  before: number,
  limit: number,
): Promise<Pick<SuiteRunRow, "id" | "itemCount">[]> {
  return db
    .select({ id: suiteRuns.id, itemCount: suiteRuns.itemCount })
    .from(suiteRuns)
    .where(and(eq(suiteRuns.dispatchPending, true), lt(suiteRuns.createdAt, before)))
    .orderBy(suiteRuns.createdAt)
    .limit(limit);
}

/** The ids of a run's paths that have not ended: what a re-dispatch sends again. */
export async function unfinishedItemIds(db: D1Db, run: Pick<SuiteRunRow, "id" | "itemCount">): Promise<number[]> {
  const ended = new Set(await endedItemIds(db, run.id));
  const first = run.id * SUITE_ITEM_STRIDE;
  return Array.from({ length: run.itemCount }, (_, i) => first + i).filter((id) => !ended.has(id));
}

/** What starting one path needs: its run, what its suite says of it, and whether it already ended. */
export interface ItemToStart {
  run: { suiteId: string; runId: number; createdAt: number };
  suite: Pick<SuiteRow, "leftBase" | "rightBase" | "optionsJson" | "sealedHeaders">;
  path: string;
  /** Its item row exists: the path ended, with or without a comparison. */
  ended: boolean;
  failed: boolean;
}

/** One row: the run and its suite's bases, options and sealed headers, and the path picked out in SQL. */
export async function itemToStart(db: D1Db, itemId: number): Promise<ItemToStart | null> {
  const runId = Math.floor(itemId / SUITE_ITEM_STRIDE);
  const position = itemId - runId * SUITE_ITEM_STRIDE;
  const row = await db
    .select({
      suiteId: suiteRuns.suiteId,
      createdAt: suiteRuns.createdAt,
      leftBase: suites.leftBase,
      rightBase: suites.rightBase,
      optionsJson: suites.optionsJson,
      sealedHeaders: suites.sealedHeaders,
      path: sql<string | null>`json_extract(${suites.pathsJson}, '$[' || CAST(${position} AS INTEGER) || ']')`,
      endedAs: sql<string | null>`(SELECT status FROM suite_items WHERE id = ${itemId} AND status <> 'running')`,
    })
    .from(suiteRuns)
    .innerJoin(suites, eq(suites.id, suiteRuns.suiteId))
    .where(eq(suiteRuns.id, runId))
    .get();
  if (!row || row.path === null) return null;
  const { suiteId, createdAt, path, endedAs, ...suite } = row;
  return {
    run: { suiteId, runId, createdAt },
    suite,
    path,
    ended: endedAs !== null,
    failed: endedAs === "failed",
  };
}

/**
 * Unfinished runs created before `before` that were not swept since `sweptBefore`, oldest first
 * (the suite_runs_unfinished partial index): the tick's safety net for paths that never reported.
 */
export async function runsToSweep(
  db: D1Db,
  before: number,
  sweptBefore: number,
  limit: number,
): Promise<Pick<SuiteRunRow, "id" | "itemCount" | "createdAt">[]> {
  return db
    .select({ id: suiteRuns.id, itemCount: suiteRuns.itemCount, createdAt: suiteRuns.createdAt })
    .from(suiteRuns)
    .where(
      and(
        isNull(suiteRuns.finishedAt),
        lt(suiteRuns.createdAt, before),
        eq(suiteRuns.dispatchPending, false),
        or(isNull(suiteRuns.sweptAt), lt(suiteRuns.sweptAt, sweptBefore)),
      ),
    )
    .orderBy(suiteRuns.createdAt)
    .limit(limit);
}

export async function markSwept(db: D1Db, runId: number, now: number): Promise<void> {
  await db.update(suiteRuns).set({ sweptAt: now }).where(eq(suiteRuns.id, runId)).run();
}
