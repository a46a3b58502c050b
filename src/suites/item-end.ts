/**
 * The end of a suite item: its comparison ended, so its outcome is written on the item in D1 and,
 * for the run's last item, the run is finished; then the suite watch's receiver gets one delivery
 * for the whole run, when the run has drift. Called by the workflow's suite steps
 * (src/workflow/suite-steps.ts) and by the start queue's consumer for an item whose workflow
 * could not report. It can never change the comparison. Repeating it repeats nothing: the item is
 * only written while running, and only the comparison that finished the run (finished_by) notifies.
 */
import { NonRetryableError } from "cloudflare:workflows";
import { d1Db } from "../db/d1";
import { SUITE_ITEM_STRIDE } from "../db/d1-schema";
import { driftEvents } from "../directory/drift";
import type { EnvPairDO } from "../do/env-pair-do";
import { log } from "../log";
import { parseComparisonId } from "../pair-key";
import type { ComparisonState } from "../shapes/comparison";
import { openWebhookSecret } from "../watches/secret-upkeep";
import { deliverWebhook } from "../watches/webhook";
import { settleRun } from "./settle";
import type { ItemOutcome } from "./store";
import { recordItemOutcome } from "./store";
import { suiteWebhookBody } from "./webhook-body";

const PREVIOUS_DEPTH = 10;

/** The path's outcome from its ended comparison (and, for resolved highs, the one before it). */
export async function itemOutcome(
  state: ComparisonState | null,
  stub: DurableObjectStub<EnvPairDO>,
): Promise<ItemOutcome> {
  const result = state?.result;
  if (state?.status !== "completed" || !result) {
    const counts = { high: 0, medium: 0, low: 0, info: 0 };
    return { status: "failed", counts, newCount: 0, recurringCount: 0, resolvedCount: 0, newHigh: 0, resolvedHigh: 0 };
  }
  const { high, medium, low, info } = result.diff.summary;
  const previous =
    result.resolved.length === 0
      ? null
      : ((await stub.getComparisonsForHistory(PREVIOUS_DEPTH)).find(
          (c) => c.comparisonId !== state.comparisonId && c.createdAt <= state.createdAt,
        ) ?? null);
  const events = driftEvents(state.comparisonId, result, previous);
  const countOf = (kind: string) => {
    const detail = events.find((e) => e.kind === kind)?.detail as { count?: number } | undefined;
    return detail?.count ?? 0;
  };
  const newCount = result.diff.differences.filter((d) => d.history === "new").length;
  return {
    status: "completed",
    counts: { high, medium, low, info },
    newCount,
    recurringCount: result.diff.differences.length - newCount,
    resolvedCount: result.resolved.length,
    newHigh: countOf("new_high"),
    resolvedHigh: countOf("resolved"),
  };
}

/**
 * Records the ended comparison's outcome on its suite item and, for the run's last item, finishes
 * the run. True when this call finished a run that has drift, whose webhook is then due. Safe to
 * repeat and to race: the item is written only while running, and one caller claims the finish.
 */
export async function recordSuiteItem(
  env: Env,
  stub: DurableObjectStub<EnvPairDO>,
  comparisonId: string,
  itemId: number,
): Promise<boolean> {
  const db = d1Db(env.DB);
  const runId = runOfItem(itemId);
  const state = await stub.getComparisonOutcome(comparisonId);
  // Evicted from the ring before it ended: the item can only say it failed.
  if (state?.status === "running") return false;
  const written = await recordItemOutcome(
    db,
    itemId,
    { pairKey: parseComparisonId(comparisonId)?.pairKey ?? "", comparisonId },
    await itemOutcome(state, stub),
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
 * Sends the suite watch's receiver one delivery for the finished run. Throws a retryable error for
 * a failed delivery and a NonRetryableError for a refused URL; returns what happened otherwise.
 */
export async function notifySuiteRun(env: Env, runId: number): Promise<string> {
  // Read at delivery time: a watch deleted or re-pointed since the run ended wins.
  const found = await suiteWebhookBody(d1Db(env.DB), runId);
  if (!found) return "skipped";
  const outcome = await deliverWebhook(
    found.url,
    await openWebhookSecret(env, found.secret),
    found.body,
    `suite-run-${runId}`,
    env.ALLOW_PRIVATE_TARGETS === "true",
  );
  if (outcome.kind === "delivered") return `delivered (${outcome.status})`;
  if (outcome.kind === "refused") throw new NonRetryableError(`webhook refused: ${outcome.reason}`);
  throw new Error(`webhook delivery failed: ${outcome.reason}`);
}

export function runOfItem(itemId: number): number {
  return Math.floor(itemId / SUITE_ITEM_STRIDE);
}

export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
