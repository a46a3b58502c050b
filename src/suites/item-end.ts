/**
 * The end of a suite item: its comparison ended, so its outcome is written on the item in D1 and,
 * for the run's last item, the run is finished; then the suite watch's receiver gets one delivery
 * for the whole run, when the run has drift. Called by the workflow's suite steps
 * (src/workflow/suite-steps.ts) and by the start queue's consumer for an item whose workflow
 * could not report. It can never change the comparison. Repeating it repeats nothing: the item is
 * only written while running, and only the comparison that finished the run (finished_by) notifies.
 */
import { d1Db } from "../db/d1";
import { SUITE_ITEM_STRIDE } from "../db/d1-schema";
import { type ComparisonEnd, eventCount } from "../directory/comparison-end";
import { log } from "../log";
import { parseComparisonId } from "../pair-key";
import { openWebhookSecret } from "../watches/secret-upkeep";
import { type DeliveryOutcome, deliverWebhook } from "../watches/webhook";
import { settleRun } from "./settle";
import { FAILED_OUTCOME, type ItemOutcome, recordItemOutcome } from "./store";
import { suiteWebhookBody } from "./webhook-body";

const PREVIOUS_DEPTH = 10;

/** The item's outcome: what its ended comparison tells (src/directory/comparison-end.ts). */
export function itemOutcome(end: ComparisonEnd | null): ItemOutcome {
  // Evicted from the ring before it ended: the item can only say it failed.
  if (!end || end.status !== "completed") return FAILED_OUTCOME;
  return {
    status: "completed",
    counts: end.counts,
    newCount: end.newCount,
    recurringCount: end.recurringCount,
    resolvedCount: end.resolvedCount,
    newHigh: eventCount(end, "new_high"),
    resolvedHigh: eventCount(end, "resolved"),
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
): Promise<boolean> {
  const db = d1Db(env.DB);
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
  return deliverWebhook(
    found.url,
    await openWebhookSecret(env, found.secret),
    found.body,
    `suite-run-${runId}`,
    env.ALLOW_PRIVATE_TARGETS === "true",
  );
}

export function runOfItem(itemId: number): number {
  return Math.floor(itemId / SUITE_ITEM_STRIDE);
}
