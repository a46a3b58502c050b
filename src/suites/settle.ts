/**
 * The end of a suite run: when no item is left running, exactly one caller claims the run's
 * finish and records its drift (paths with a new high difference, paths that resolved one).
 */

import type { D1Db } from "../db/d1";
import type { SuiteItemRow } from "../db/d1-schema";
import type { SuiteDrift } from "../shapes/suite";
import { itemsOfRun, runningItems } from "./item-store";
import { claimRunFinish, getRun } from "./store";

/** Paths listed per drift kind: enough to act on, bounded so a webhook body stays small. */
export const MAX_DRIFT_PATHS = 50;

export function driftOf(items: readonly SuiteItemRow[]): SuiteDrift | null {
  const newHigh = items.filter((i) => i.newHigh > 0).map((i) => i.path);
  const resolvedHigh = items.filter((i) => i.resolvedHigh > 0).map((i) => i.path);
  if (newHigh.length === 0 && resolvedHigh.length === 0) return null;
  return { newHigh: newHigh.slice(0, MAX_DRIFT_PATHS), resolvedHigh: resolvedHigh.slice(0, MAX_DRIFT_PATHS) };
}

/** Whether this caller finished the run, and the D1 rows its claim wrote (for the cost log). */
export type Settled =
  | { finished: false; rowsWritten: number }
  | { finished: true; drift: SuiteDrift | null; rowsWritten: number };

/** Finishes the run if nothing in it still runs and nobody else finished it; `by` names the caller. */
export async function settleRun(db: D1Db, runId: number, by: string): Promise<Settled> {
  // Every ending item asks; only the last one reads the whole run. A run dropped meanwhile has nothing to finish.
  const run = await getRun(db, runId);
  if (!run || (await runningItems(db, run)) > 0) return { finished: false, rowsWritten: 0 };
  const items = await itemsOfRun(db, runId);
  if (items.length === 0) return { finished: false, rowsWritten: 0 };
  const drift = driftOf(items);
  const { claimed, rowsWritten } = await claimRunFinish(db, runId, by, drift === null ? null : JSON.stringify(drift));
  return claimed ? { finished: true, drift, rowsWritten } : { finished: false, rowsWritten };
}
