/**
 * The start queue's suite messages (src/fanout/consumer.ts): one path of a run started as an
 * ordinary comparison of its pair, and a run that could not be started marked so, so the run
 * still finishes.
 *
 * A path starts once however often its message is delivered: the comparison gets the id derived
 * from its run and position (src/suites/item-ids.ts), and the pair's object replays an id it
 * already holds (re-creating the workflow if the first delivery died before creating it). A path
 * whose item row exists has ended and is not looked at again.
 */
import { ApiError } from "../api/errors";
import { startSealedComparison } from "../api/start-comparison";
import { SUITE_ITEM_STRIDE } from "../db/directory-schema";
import type { DirectoryDb } from "../directory/store";
import type { StartOutcome } from "../fanout/consumer";
import { log } from "../log";
import { SecretsConfigError, SecretsOpenError } from "../secrets/crypto";
import { pairHeadersPlace, rebindRequestHeaders, suiteHeadersPlace } from "../secrets/request-headers";
import { notifySuiteRun, recordSuiteItem, runOfItem } from "../workflow/suite-steps";
import { type PlannedItem, plannedItem } from "./item-ids";
import { settleRun } from "./settle";
import { FAILED_OUTCOME, type ItemToStart, itemToStart, recordItemOutcome } from "./store";
import { storedOptions } from "./view";

/** Starts the item's comparison. Throws only for faults worth a retry; what it decided is returned. */
export async function startSuiteItem(env: Env, db: DirectoryDb, itemId: number): Promise<StartOutcome> {
  const found = await itemToStart(db, itemId);
  // Its run was dropped (SUITE_RUNS_KEPT), or the path already ended (reported, or failed): nothing to start.
  if (!found || found.ended) return "stale";
  const item = await plannedItem(found.suite, found.run, positionOf(itemId), found.path);
  try {
    const started = await startSealedComparison(env, {
      leftUrl: item.leftUrl,
      rightUrl: item.rightUrl,
      options: storedOptions(found.suite),
      sealedHeaders: await pathHeaders(env, found, item),
      comparisonId: item.comparisonId,
      suite: { itemId },
    });
    if (started.outcome === "created") return "started";
    // Replayed and already ended, yet the path has no item: its workflow could not report (or never
    // ran and the deadline watchdog failed it). Report it here, or the run would never finish.
    if (started.state.status !== "running") await reportEnded(env, itemId, item);
    return "replayed";
  } catch (error) {
    // A target the guard now refuses, or headers no key opens, will be refused again: the path
    // fails, the run goes on.
    const unopenable = error instanceof SecretsOpenError || error instanceof SecretsConfigError;
    if (!unopenable && (!(error instanceof ApiError) || error.code !== "blocked_target")) throw error;
    log("warn", "suite.item_refused", { itemId, message: error.message.slice(0, 300) });
    await recordItemOutcome(db, itemId, item, FAILED_OUTCOME);
    await settleAndNotify(env, db, runOfItem(itemId), `refused:${itemId}`);
    return "refused";
  }
}

/**
 * The suite's sealed headers for one path: opened from the suite's row and sealed again for the
 * path's own pair, each side moved from its base to the path's URL on that base. Bound to the
 * suite, they would not open in the pair's comparison, and that is the point: a value only opens
 * in the row it was sealed for (src/secrets/crypto.ts).
 */
async function pathHeaders(env: Env, found: ItemToStart, item: PlannedItem): Promise<string | null> {
  if (found.suite.sealedHeaders === null) return null;
  return rebindRequestHeaders(
    env,
    found.suite.sealedHeaders,
    suiteHeadersPlace(found.run.suiteId, found.suite),
    pairHeadersPlace(item.pairKey, { left: item.leftUrl, right: item.rightUrl }),
  );
}

/**
 * A suite message that exhausted its retries (the dead-letter queue): the path is marked failed
 * so its run can finish. Its comparison, if the object recorded one, is ended by the deadline
 * watchdog, and its workflow, if any, finds the path already ended.
 */
export async function failDeadSuiteItem(env: Env, db: DirectoryDb, itemId: number): Promise<void> {
  await failPaths(env, db, runOfItem(itemId), [itemId], `dead-letter:${itemId}`);
}

/**
 * Marks the run's paths `itemIds` failed (those not ended already), then finishes the run if
 * nothing else is left. About two D1 queries per path: callers keep batches small.
 */
export async function failPaths(
  env: Env,
  db: DirectoryDb,
  runId: number,
  itemIds: readonly number[],
  by: string,
): Promise<void> {
  for (const itemId of itemIds) {
    const found = await itemToStart(db, itemId);
    if (!found || found.ended) continue;
    const item = await plannedItem(found.suite, found.run, positionOf(itemId), found.path);
    await recordItemOutcome(db, itemId, item, FAILED_OUTCOME);
  }
  await settleAndNotify(env, db, runId, by);
}

function positionOf(itemId: number): number {
  return itemId - runOfItem(itemId) * SUITE_ITEM_STRIDE;
}

/** Finishes the run if nothing in it runs any more, and sends its webhook if it had drift. */
async function settleAndNotify(env: Env, db: DirectoryDb, runId: number, by: string): Promise<void> {
  const settled = await settleRun(db, runId, by);
  if (settled.finished && settled.drift !== null) await notifyOnce(env, runId);
}

async function reportEnded(env: Env, itemId: number, item: PlannedItem): Promise<void> {
  const notify = await recordSuiteItem(env, env.ENV_PAIR.getByName(item.pairKey), item.comparisonId, itemId);
  if (notify) await notifyOnce(env, runOfItem(itemId));
}

/** Outside a workflow there is no durable retry: one attempt, logged, never thrown. */
async function notifyOnce(env: Env, runId: number): Promise<void> {
  try {
    log("info", "suite.webhook_sent", { runId, outcome: await notifySuiteRun(env, runId) });
  } catch (error) {
    log("warn", "suite.webhook_failed", {
      runId,
      message: (error instanceof Error ? error.message : String(error)).slice(0, 300),
    });
  }
}
