/**
 * The start queue's suite messages (src/queue/consumer.ts): one path of a run started as an
 * ordinary comparison of its pair, and a run that could not be started marked so, so the run
 * still finishes.
 *
 * A path starts once however often its message is delivered: the comparison gets the id derived
 * from its run and position (src/suites/item-ids.ts), and the pair's object replays an id it
 * already holds (re-creating the workflow if the first delivery died before creating it). A path
 * whose item row exists has ended and is not looked at again.
 */
import { startQueuedComparison } from "../compare/start";
import type { D1Db } from "../db/d1";
import { SUITE_ITEM_STRIDE } from "../db/d1-schema";
import { comparisonEnd, readEnded } from "../directory/comparison-end";
import { messageOf } from "../errors";
import type { MessageOutcome } from "../fanout/messages";
import { log } from "../log";
import { notifySuiteRun, recordSuiteItem, runOfItem } from "./item-end";
import { type PlannedItem, plannedItem } from "./item-ids";
import { settleRun } from "./settle";
import { FAILED_OUTCOME, itemToStart, recordItemOutcome } from "./store";
import { storedOptions } from "./suite-shape";

/** Starts the item's comparison. Throws only for faults worth a retry; what it decided is returned. */
export async function startSuiteItem(env: Env, db: D1Db, itemId: number): Promise<MessageOutcome> {
  const found = await itemToStart(db, itemId);
  // Its run was dropped (SUITE_RUNS_KEPT), or the path already ended (reported, or failed): nothing to start.
  if (!found || found.ended) return "stale";
  const item = await plannedItem(found.suite, found.run, positionOf(itemId), found.path);
  const started = await startQueuedComparison(env, {
    leftUrl: item.leftUrl,
    rightUrl: item.rightUrl,
    options: storedOptions(found.suite),
    sealedHeaders: found.suite.sealedHeaders,
    comparisonId: item.comparisonId,
    suite: { itemId },
  });
  switch (started.outcome) {
    case "created":
      return "started";
    case "replayed":
      // Replayed and already ended, yet the item has no row: its workflow could not report (or never
      // ran and the deadline watchdog failed it). Report it here, or the run would never finish.
      if (started.state.status !== "running") await reportEnded(env, itemId, item);
      return "replayed";
    case "refused":
    // A comparison named in advance has no key to conflict with; were it ever to, it is refused alike.
    case "conflict": {
      // A target the guard now refuses will be refused again: the item fails, the run goes on.
      const message = started.outcome === "refused" ? started.refusal.message : "idempotency conflict";
      log("warn", "suite.item_refused", { itemId, message });
      await recordItemOutcome(db, itemId, item, FAILED_OUTCOME);
      await settleAndNotify(env, db, runOfItem(itemId), `refused:${itemId}`);
      return "refused";
    }
  }
}

/**
 * A suite message that exhausted its retries (the dead-letter queue): the path is marked failed
 * so its run can finish. Its comparison, if the object recorded one, is ended by the deadline
 * watchdog, and its workflow, if any, finds the path already ended.
 */
export async function failDeadSuiteItem(env: Env, db: D1Db, itemId: number): Promise<void> {
  await failPaths(env, db, runOfItem(itemId), [itemId], `dead-letter:${itemId}`);
}

/**
 * Marks the run's paths `itemIds` failed (those not ended already), then finishes the run if
 * nothing else is left. About two D1 queries per path: callers keep batches small.
 */
export async function failPaths(
  env: Env,
  db: D1Db,
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
async function settleAndNotify(env: Env, db: D1Db, runId: number, by: string): Promise<void> {
  const settled = await settleRun(db, runId, by);
  if (settled.finished && settled.drift !== null) await notifyOnce(env, runId);
}

async function reportEnded(env: Env, itemId: number, item: PlannedItem): Promise<void> {
  const stub = env.ENV_PAIR.getByName(item.pairKey);
  const ended = await readEnded(stub, item.comparisonId);
  if (ended === "running") return;
  // Left the ring meanwhile (null): the item can only say it failed.
  const end = ended === null ? null : await comparisonEnd(stub, ended);
  if (await recordSuiteItem(env, item.comparisonId, end, itemId)) await notifyOnce(env, runOfItem(itemId));
}

/** Outside a workflow there is no durable retry: one attempt, logged, never thrown. */
async function notifyOnce(env: Env, runId: number): Promise<void> {
  try {
    const outcome = await notifySuiteRun(env, runId);
    if (outcome.kind === "delivered" || outcome.kind === "skipped") {
      log("info", "suite.webhook_sent", {
        runId,
        outcome: outcome.kind === "delivered" ? `delivered (${outcome.status})` : "skipped",
      });
    } else {
      log("warn", "suite.webhook_failed", { runId, message: outcome.reason });
    }
  } catch (error) {
    log("warn", "suite.webhook_failed", { runId, message: messageOf(error) });
  }
}
