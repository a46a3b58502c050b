/**
 * Suite rows → the API's shapes (src/shapes/suite.ts): a suite with its watch (whose shape is the
 * watches' own, src/watches/watch-shape.ts) and a run with its items. No secret leaves here.
 */
import type { D1Db } from "../db/d1";
import { SUITE_ITEM_STRIDE, type SuiteDefinitionRow, type SuiteRow, type SuiteRunRow } from "../db/d1-schema";
import { readerOptions } from "../secrets/reader-view";
import { type CompareOptions, resolveOptions } from "../shapes/options";
import type { SuiteDetail, SuiteDrift, SuiteRun, SuiteSummary } from "../shapes/suite";
import { iso, isoOrNull } from "../time";
import { type SummaryView, scheduleOf } from "../watches/watch-shape";
import { plannedItem } from "./item-ids";
import { itemsOfRun } from "./item-store";
import { getDefinition, type WatchedSuite } from "./store";
import { runningItem, sortBySeverity, toSuiteItem, totalsOf, verdictOf } from "./summary";

/** `view` as for pairs: only admins see a webhook URL whole. `now` dates how overdue the next run is. */
export function toSuiteSummary(
  { suite: row, watch }: WatchedSuite,
  view: SummaryView = { fullWebhookUrl: false },
  now = Date.now(),
): SuiteSummary {
  return {
    suiteId: row.id,
    name: row.name,
    leftBase: row.leftBase,
    rightBase: row.rightBase,
    paths: (JSON.parse(row.pathsJson) as string[]).length,
    createdAt: iso(row.createdAt),
    lastRunNumber: row.lastRunNumber,
    lastRunId: row.lastRunId,
    lastRunAt: isoOrNull(row.lastRunAt),
    watch: watch === null ? null : scheduleOf(watch, view, now),
  };
}

/**
 * The definition `run` compares: the one it recorded (an edit since does not change it), or the
 * suite's current one for a run that names none.
 */
async function definitionOf(
  db: D1Db,
  suite: SuiteRow,
  run: SuiteRunRow,
): Promise<Pick<SuiteDefinitionRow, "pathsJson" | "optionsJson">> {
  if (run.definitionId === null || run.definitionId === suite.definitionId) return suite;
  return (await getDefinition(db, run.definitionId)) ?? suite;
}

export async function runView(db: D1Db, suite: SuiteRow, run: SuiteRunRow): Promise<SuiteRun> {
  // Ended paths have their item row; the others are derived from the run's definition and the run.
  const rows = new Map((await itemsOfRun(db, run.id)).map((row) => [row.id, row]));
  const definition = await definitionOf(db, suite, run);
  const paths = JSON.parse(definition.pathsJson) as string[];
  const options = storedOptions(definition);
  const identity = { suiteId: suite.id, runId: run.id, createdAt: run.createdAt };
  const items = await Promise.all(
    Array.from({ length: run.itemCount }, async (_, i) => {
      const row = rows.get(run.id * SUITE_ITEM_STRIDE + i);
      if (row) return toSuiteItem(row, suite.leftBase, suite.rightBase);
      return runningItem(await plannedItem(suite, identity, i, paths[i] ?? "", options));
    }),
  );
  const totals = totalsOf(items);
  return {
    number: run.number,
    runId: run.id,
    createdAt: iso(run.createdAt),
    trigger: run.trigger,
    finishedAt: isoOrNull(run.finishedAt),
    verdict: verdictOf(totals),
    totals,
    drift: run.driftJson === null ? null : (JSON.parse(run.driftJson) as SuiteDrift),
    items: sortBySeverity(items),
  };
}

export function storedOptions(row: Pick<SuiteRow, "optionsJson">): CompareOptions {
  return resolveOptions(JSON.parse(row.optionsJson));
}

export function toSuiteDetail(watched: WatchedSuite, run: SuiteRun | null, view?: SummaryView): SuiteDetail {
  const row = watched.suite;
  return {
    ...toSuiteSummary(watched, view),
    pathList: JSON.parse(row.pathsJson) as string[],
    discover: row.discoverJson === null ? null : JSON.parse(row.discoverJson),
    options: readerOptions(storedOptions(row)),
    run,
  };
}
