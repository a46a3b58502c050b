/**
 * The start queue's suite messages (src/fanout/consumer.ts): one path of a run started as an
 * ordinary comparison of its pair, and a run that could not be started marked so, so the run
 * still finishes.
 *
 * A path starts once however often its message is delivered: the comparison gets the id its run
 * chose when it was recorded, and the pair's object replays an id it already holds (re-creating
 * the workflow if the first delivery died before creating it). An item that already ended is not
 * looked at again.
 */
import { ApiError } from "../api/errors";
import { startSealedComparison } from "../api/start-comparison";
import type { DirectoryDb } from "../directory/store";
import type { StartOutcome } from "../fanout/consumer";
import { log } from "../log";
import { notifySuiteRun, recordSuiteItem, runOfItem } from "../workflow/suite-steps";
import { joinPath } from "./paths";
import { settleRun } from "./settle";
import { failItems, itemWithSuite } from "./store";
import { storedOptions } from "./view";

/** Starts the item's comparison. Throws only for faults worth a retry; what it decided is returned. */
export async function startSuiteItem(env: Env, db: DirectoryDb, itemId: number): Promise<StartOutcome> {
  const found = await itemWithSuite(db, itemId);
  // Gone, or already ended (reported by its workflow, or failed): nothing to start.
  if (found?.item.status !== "running") return "stale";
  const { item, suite } = found;
  try {
    const started = await startSealedComparison(env, {
      leftUrl: joinPath(suite.leftBase, item.path),
      rightUrl: joinPath(suite.rightBase, item.path),
      options: storedOptions(suite),
      sealedHeaders: suite.sealedHeaders,
      comparisonId: item.comparisonId,
      suite: { itemId },
    });
    if (started.outcome === "created") return "started";
    // Replayed and already ended, yet the item still runs: its workflow could not report (or never
    // ran and the deadline watchdog failed it). Report it here, or the run would never finish.
    if (started.state.status !== "running") {
      await reportEnded(env, itemId, started.pairKey, item.comparisonId);
    }
    return "replayed";
  } catch (error) {
    // A target the guard now refuses will be refused again: the path fails, the run goes on.
    if (!(error instanceof ApiError) || error.code !== "blocked_target") throw error;
    log("warn", "suite.item_refused", { itemId, message: error.message.slice(0, 300) });
    await failItem(env, db, itemId, `refused:${itemId}`);
    return "refused";
  }
}

/**
 * A suite message that exhausted its retries (the dead-letter queue): the path is marked failed
 * so its run can finish. Its comparison, if the object recorded one, is ended by the deadline
 * watchdog and its workflow, if any, reports the same.
 */
export async function failDeadSuiteItem(env: Env, db: DirectoryDb, itemId: number): Promise<void> {
  await failItem(env, db, itemId, `dead-letter:${itemId}`);
}

async function failItem(env: Env, db: DirectoryDb, itemId: number, by: string): Promise<void> {
  await failItems(db, [itemId]);
  const settled = await settleRun(db, runOfItem(itemId), by);
  if (settled.finished && settled.drift !== null) await notifyOnce(env, runOfItem(itemId));
}

async function reportEnded(env: Env, itemId: number, pairKey: string, comparisonId: string): Promise<void> {
  const notify = await recordSuiteItem(env, env.ENV_PAIR.getByName(pairKey), comparisonId, itemId);
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
