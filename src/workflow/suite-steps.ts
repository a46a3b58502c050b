/**
 * The workflow's suite steps, for a comparison started by a suite (params.suite): "update suite"
 * records the item's outcome and, for the run's last item, finishes the run (src/suites/item-end.ts);
 * "notify suite webhook" then sends the suite watch's receiver one delivery for the whole run, when
 * the run has drift. Like the directory steps they come after the comparison ended and can never
 * change it, and never throw.
 */
import type { WorkflowStep, WorkflowStepConfig } from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";
import type { SuiteRef } from "../compare/params";
import type { ComparisonEnd } from "../directory/comparison-end";
import { messageOf } from "../errors";
import { log } from "../log";
import { notifySuiteRun, recordSuiteItem, runOfItem } from "../suites/item-end";

const SUITE_STEP: WorkflowStepConfig = {
  retries: { limit: 3, delay: "2 seconds", backoff: "exponential" },
  timeout: "30 seconds",
};
const WEBHOOK_STEP: WorkflowStepConfig = {
  retries: { limit: 4, delay: "10 seconds", backoff: "exponential" },
  timeout: "30 seconds",
};

/** Updates the comparison's suite item, finishes the run if it was the last, notifies. Never throws. */
export async function afterSuiteItem(
  step: WorkflowStep,
  env: Env,
  comparisonId: string,
  end: ComparisonEnd | null,
  suite: SuiteRef,
): Promise<void> {
  const runId = runOfItem(suite.itemId);
  let notify = false;
  try {
    notify = await step.do("update suite", SUITE_STEP, () => recordSuiteItem(env, comparisonId, end, suite.itemId));
  } catch (error) {
    log("warn", "suite.update_failed", { comparisonId, runId, message: messageOf(error) });
    return;
  }
  if (!notify) return;
  try {
    await step.do("notify suite webhook", WEBHOOK_STEP, async () => {
      const outcome = await notifySuiteRun(env, runId);
      if (outcome.kind === "refused") throw new NonRetryableError(`webhook refused: ${outcome.reason}`);
      if (outcome.kind === "retry") throw new Error(`webhook delivery failed: ${outcome.reason}`);
      return outcome.kind === "delivered" ? `delivered (${outcome.status})` : "skipped";
    });
  } catch (error) {
    log("warn", "suite.webhook_failed", { comparisonId, runId, message: messageOf(error) });
  }
}
