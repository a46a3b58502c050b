/**
 * The end of a suite item: its outcome is written on the item in D1 and, for the run's last item,
 * the run is finished; then the suite watch's receiver gets one delivery for the whole run, when the
 * run has drift. An item ends when its comparison ends (the workflow's suite steps,
 * src/workflow/suite-steps.ts, with durable retries), or, on the start queue's side, when it was
 * refused, dead-lettered, swept, or ended without its workflow reporting (one delivery attempt).
 * It can never change a comparison. Repeating it repeats nothing: the item is only written while
 * running, and only the caller that finished the run (finished_by) notifies.
 */
import { type D1Db, d1Db } from "../db/d1";
import { SUITE_ITEM_STRIDE } from "../db/d1-schema";
import { type ComparisonEnd, comparisonEnd, eventCount, readEnded } from "../directory/comparison-end";
import { messageOf } from "../errors";
import { log } from "../log";
import { parseComparisonId } from "../pair-key";
import { openWebhookSecret } from "../watches/secret-upkeep";
import { type DeliveryOutcome, deliverWebhook } from "../watches/webhook";
import { type PlannedItem, plannedItem } from "./item-ids";
import { FAILED_OUTCOME, type ItemOutcome, itemToStart, recordItemOutcome } from "./item-store";
import { settleRun } from "./settle";
import { storedOptions } from "./suite-shape";
import { suiteWebhookBody } from "./webhook-body";

/** The item's outcome: what its ended comparison tells (src/directory/comparison-end.ts). */
export function itemOutcome(end: ComparisonEnd | null): ItemOutcome {
  // Evicted from the ring before it ended: the item can only say it failed.
  if (end?.status !== "completed") return FAILED_OUTCOME;
  return {
    status: "completed",
    counts: end.counts,
    newCount: end.newCount,
    recurringCount: end.recurringCount,
    resolvedCount: end.resolvedCount,
    newHigh: eventCount(end, "new_high"),
    resolvedHigh: eventCount(end, "resolved"),
    inconclusive: end.inconclusive,
  };
}

/**
 * Records the ended comparison's outcome on its suite item and, for the run's last item, finishes
 * the run. True when this call finished a run that has drift, whose webhook is then due. Safe to
 * repeat and to race: the item is written only while running, and one caller claims the finish.
 */
export async function recordSuiteItem(
  env: Env,
  comparisonId: string,
  end: ComparisonEnd | null,
  itemId: number,
  db: D1Db = d1Db(env.DB),
): Promise<boolean> {
  const runId = runOfItem(itemId);
  const written = await recordItemOutcome(
    db,
    itemId,
    { pairKey: parseComparisonId(comparisonId)?.pairKey ?? "", comparisonId },
    itemOutcome(end),
  );
  const settled = await settleRun(db, runId, comparisonId);
  // The suite's D1 cost per item, read by `npm run bench` (suite-d1-rows-written-per-item).
  log("info", "suite.item_recorded", {
    runId,
    d1RowsWritten: written + settled.rowsWritten,
    finished: settled.finished,
  });
  return settled.finished && settled.drift !== null;
}

/**
 * One attempt to send the suite watch's receiver its delivery for the finished run: delivered, worth
 * a retry, refused for good, or skipped (the watch has no webhook now). The caller decides how to retry.
 */
export async function notifySuiteRun(env: Env, runId: number): Promise<DeliveryOutcome | { kind: "skipped" }> {
  // Read at delivery time: a watch deleted or re-pointed since the run ended wins.
  const found = await suiteWebhookBody(d1Db(env.DB), runId);
  if (!found) return { kind: "skipped" };
  let secret: string;
  try {
    secret = await openWebhookSecret(env, found.secret, { kind: "suite", id: found.suiteId });
  } catch (error) {
    // No key, a key rotated out too early, or a secret sealed for another watch: only an operator
    // can fix that, not another attempt.
    return { kind: "refused", reason: messageOf(error) };
  }
  return deliverWebhook(found.url, secret, found.body, `suite-run-${runId}`, env.ALLOW_PRIVATE_TARGETS === "true");
}

export function runOfItem(itemId: number): number {
  return Math.floor(itemId / SUITE_ITEM_STRIDE);
}

/**
 * A suite message that exhausted its retries (the dead-letter queue): the item is marked failed
 * so its run can finish. Its comparison, if the object recorded one, is ended by the deadline
 * watchdog, and its workflow, if any, finds the item already ended.
 */
export async function failDeadSuiteItem(env: Env, db: D1Db, itemId: number): Promise<void> {
  await failItems(env, db, runOfItem(itemId), [itemId], `dead-letter:${itemId}`);
}

/**
 * Marks the run's items `itemIds` failed (those not ended already), then finishes the run if
 * nothing else is left. About two D1 queries per item: callers keep batches small.
 */
export async function failItems(
  env: Env,
  db: D1Db,
  runId: number,
  itemIds: readonly number[],
  by: string,
): Promise<void> {
  for (const itemId of itemIds) {
    const found = await itemToStart(db, itemId);
    if (!found || found.ended) continue;
    const item = await plannedItem(found.suite, found.run, positionOf(itemId), found.path, storedOptions(found.suite));
    await recordItemOutcome(db, itemId, item, FAILED_OUTCOME);
  }
  await settleAndNotify(env, db, runId, by);
}

export function positionOf(itemId: number): number {
  return itemId - runOfItem(itemId) * SUITE_ITEM_STRIDE;
}

/** Finishes the run if nothing in it runs any more, and sends its webhook if it had drift. */
async function settleAndNotify(env: Env, db: D1Db, runId: number, by: string): Promise<void> {
  const settled = await settleRun(db, runId, by);
  if (settled.finished && settled.drift !== null) await notifyOnce(env, runId);
}

/** An item that could not start (its target refused): failed, and its run finished if it was the last. */
export async function endFailedItem(env: Env, db: D1Db, itemId: number, item: PlannedItem, by: string): Promise<void> {
  await recordItemOutcome(db, itemId, item, FAILED_OUTCOME);
  await settleAndNotify(env, db, runOfItem(itemId), by);
}

/**
 * An item whose comparison ended without its workflow reporting it (or that never ran and the
 * deadline watchdog failed): its end is read from the object and recorded here, or the run would
 * never finish.
 */
export async function endReportedItem(env: Env, db: D1Db, itemId: number, item: PlannedItem): Promise<void> {
  const stub = env.ENV_PAIR.getByName(item.pairKey);
  const ended = await readEnded(stub, item.comparisonId);
  if (ended === "running") return;
  // Left the ring meanwhile (null): the item can only say it failed.
  const end = ended === null ? null : await comparisonEnd(stub, ended);
  if (await recordSuiteItem(env, item.comparisonId, end, itemId, db)) await notifyOnce(env, runOfItem(itemId));
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
