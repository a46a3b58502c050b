/**
 * The workflow's suite steps, for a comparison started by a suite (params.suite): "update suite"
 * records the path's outcome on its item in D1 and, for the run's last item, finishes the run;
 * "notify suite webhook" then sends the suite watch's receiver one delivery for the whole run,
 * when the run has drift. Like the directory steps they come after the comparison ended and can
 * never change it, and never throw. A retried step repeats nothing: the item is only written
 * while running, and only the comparison that finished the run (finished_by) notifies.
 */
import type { WorkflowStep, WorkflowStepConfig } from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";
import { SUITE_ITEM_STRIDE } from "../db/directory-schema";
import { driftEvents } from "../directory/drift";
import { openWebhookSecret } from "../directory/secret-upkeep";
import { directoryDb } from "../directory/store";
import { deliverWebhook } from "../directory/webhook";
import type { EnvPairDO } from "../do/env-pair-do";
import { log } from "../log";
import { parseComparisonId } from "../pair-key";
import { suiteOwner } from "../secrets/crypto";
import type { ComparisonState } from "../shapes/comparison";
import { settleRun } from "../suites/settle";
import type { ItemOutcome } from "../suites/store";
import { recordItemOutcome } from "../suites/store";
import { suiteWebhookBody } from "../suites/webhook-body";

/** Which suite item a comparison reports to: run id × SUITE_ITEM_STRIDE + position. */
export interface SuiteRef {
  itemId: number;
}

const SUITE_STEP: WorkflowStepConfig = {
  retries: { limit: 3, delay: "2 seconds", backoff: "exponential" },
  timeout: "30 seconds",
};
const WEBHOOK_STEP: WorkflowStepConfig = {
  retries: { limit: 4, delay: "10 seconds", backoff: "exponential" },
  timeout: "30 seconds",
};
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
  const db = directoryDb(env.DB);
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
  const found = await suiteWebhookBody(directoryDb(env.DB), runId);
  if (!found) return "skipped";
  const outcome = await deliverWebhook(
    found.url,
    await openWebhookSecret(env, found.secret, suiteOwner(found.suiteId)),
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

/** Updates the comparison's suite item, finishes the run if it was the last, notifies. Never throws. */
export async function afterSuiteItem(
  step: WorkflowStep,
  env: Env,
  stub: DurableObjectStub<EnvPairDO>,
  comparisonId: string,
  suite: SuiteRef,
): Promise<void> {
  const runId = runOfItem(suite.itemId);
  let notify = false;
  try {
    notify = await step.do("update suite", SUITE_STEP, () => recordSuiteItem(env, stub, comparisonId, suite.itemId));
  } catch (error) {
    log("warn", "suite.update_failed", { comparisonId, runId, message: messageOf(error) });
    return;
  }
  if (!notify) return;
  try {
    await step.do("notify suite webhook", WEBHOOK_STEP, () => notifySuiteRun(env, runId));
  } catch (error) {
    log("warn", "suite.webhook_failed", { comparisonId, runId, message: messageOf(error) });
  }
}

export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
