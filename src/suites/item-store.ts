/**
 * A suite run's items in D1: one row per path and run, written once, when the path ends (until then
 * the path and its comparisonId are derived, src/suites/item-ids.ts). Item ids are run id ×
 * SUITE_ITEM_STRIDE + position, so a run's items are one range of the primary key and need no
 * index. A path is read from the definition its run started with (suite_definitions), never from
 * the suite's current one: an edit (PATCH) does not change a run in flight. Every writer is safe to
 * repeat (workflow steps retry, queue messages come again).
 */
import { and, eq, sql } from "drizzle-orm";
import type { D1Db } from "../db/d1";
import {
  SUITE_ITEM_STRIDE,
  type SuiteDefinitionRow,
  type SuiteItemRow,
  type SuiteRow,
  type SuiteRunRow,
  suiteDefinitions,
  suiteItems,
  suiteRuns,
  suites,
} from "../db/d1-schema";
import type { SeverityCounts } from "../shapes/result";

/** A run's items in list order: one range of the primary key. */
export async function itemsOfRun(db: D1Db, runId: number): Promise<SuiteItemRow[]> {
  const first = runId * SUITE_ITEM_STRIDE;
  return db
    .select()
    .from(suiteItems)
    .where(sql`${suiteItems.id} BETWEEN ${first} AND ${first + SUITE_ITEM_STRIDE - 1}`)
    .orderBy(suiteItems.id);
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

/** The ids of a run's paths that have not ended: what a re-dispatch sends again. */
export async function unfinishedItemIds(db: D1Db, run: Pick<SuiteRunRow, "id" | "itemCount">): Promise<number[]> {
  const ended = new Set(await endedItemIds(db, run.id));
  const first = run.id * SUITE_ITEM_STRIDE;
  return Array.from({ length: run.itemCount }, (_, i) => first + i).filter((id) => !ended.has(id));
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
 * Writes a path's item once, when it ended: its path read from its run's definition in SQL (never
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
    SELECT ${itemId}, r.id, json_extract(d.paths_json, '$[' || CAST(${position} AS INTEGER) || ']'), ${names.pairKey},
      ${names.comparisonId}, ${outcome.status}, ${o.high}, ${o.medium}, ${o.low}, ${o.info}, ${o.newCount},
      ${o.recurringCount}, ${o.resolvedCount}, ${o.newHigh}, ${o.resolvedHigh}, ${outcome.inconclusive ? 1 : 0}, ${now}
    FROM suite_runs r JOIN suite_definitions d ON d.id = r.definition_id
    WHERE r.id = ${runId} AND json_extract(d.paths_json, '$[' || CAST(${position} AS INTEGER) || ']') IS NOT NULL
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

/** What starting one path needs: its run, what its run's definition says of it, and whether it already ended. */
export interface ItemToStart {
  run: { suiteId: string; runId: number; createdAt: number };
  suite: Pick<SuiteRow, "leftBase" | "rightBase"> & Pick<SuiteDefinitionRow, "optionsJson" | "sealedHeaders">;
  path: string;
  /** Its item row exists: the path ended, with or without a comparison. */
  ended: boolean;
  failed: boolean;
}

/** One row: the run, its suite's bases, its definition's options and sealed headers, and the path picked out in SQL. */
export async function itemToStart(db: D1Db, itemId: number): Promise<ItemToStart | null> {
  const runId = Math.floor(itemId / SUITE_ITEM_STRIDE);
  const position = itemId - runId * SUITE_ITEM_STRIDE;
  const row = await db
    .select({
      suiteId: suiteRuns.suiteId,
      createdAt: suiteRuns.createdAt,
      leftBase: suites.leftBase,
      rightBase: suites.rightBase,
      optionsJson: suiteDefinitions.optionsJson,
      sealedHeaders: suiteDefinitions.sealedHeaders,
      path: sql<
        string | null
      >`json_extract(${suiteDefinitions.pathsJson}, '$[' || CAST(${position} AS INTEGER) || ']')`,
      endedAs: sql<string | null>`(SELECT status FROM suite_items WHERE id = ${itemId} AND status <> 'running')`,
    })
    .from(suiteRuns)
    .innerJoin(suites, eq(suites.id, suiteRuns.suiteId))
    .innerJoin(suiteDefinitions, eq(suiteDefinitions.id, suiteRuns.definitionId))
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
