/**
 * The workflow's steps after the comparison has ended. "comparison end" works out, once, what the
 * end tells (src/directory/comparison-end.ts): from the result the workflow holds, reading the
 * object only for a comparison that ended otherwise. A suite's item is then updated from it
 * (src/workflow/suite-steps.ts), "update directory" records it in the pair directory (D1) with
 * any drift events, and "notify webhook" tells the watch's receiver. The comparison is already
 * complete or failed in its object when they run, and none can change that: the object is the
 * authority and D1 a derived index, so a failure here is logged and the workflow still ends normally.
 *
 * Every body is idempotent: the upsert never moves `last_*` backwards, events are unique per
 * (comparison, kind), and a webhook may arrive twice (receivers dedupe on webhook-id).
 */
import type { WorkflowStep, WorkflowStepConfig } from "cloudflare:workers";
import type { CompareParams } from "../compare/params";
import { d1Db } from "../db/d1";
import { type ComparisonEnd, comparisonEnd, type Ended, readEnded } from "../directory/comparison-end";
import { recordComparisonEnd } from "../directory/record-end";
import type { EnvPairDO } from "../do/env-pair-do";
import { messageOf } from "../errors";
import { log } from "../log";
import type { ComparisonResult } from "../shapes/result";
import { afterSuiteItem } from "./suite-steps";
import { notifyWebhook } from "./webhook-steps";

const DIRECTORY_STEP: WorkflowStepConfig = {
  retries: { limit: 3, delay: "2 seconds", backoff: "exponential" },
  timeout: "30 seconds",
};

/**
 * Records the comparison's end: its suite item (if a suite started it), the directory, the watch's
 * webhook. `result` is the one the workflow completed it with; null when it ended otherwise. Never throws.
 */
export async function afterComparison(
  step: WorkflowStep,
  env: Env,
  stub: DurableObjectStub<EnvPairDO>,
  params: CompareParams,
  result: ComparisonResult | null,
): Promise<void> {
  const { comparisonId, pairKey } = params;
  let end: ComparisonEnd | "running" | null;
  try {
    end = await step.do("comparison end", DIRECTORY_STEP, async () => {
      const ended: Ended | "running" | null =
        result && params.createdAt
          ? { ...params, createdAt: params.createdAt, status: "completed", result }
          : await readEnded(stub, comparisonId);
      return ended === null || ended === "running" ? ended : comparisonEnd(stub, ended);
    });
  } catch (error) {
    log("warn", "directory.update_failed", { comparisonId, pairKey, message: messageOf(error) });
    return;
  }
  // Somehow not ended: nothing settled to record.
  if (end === "running") return;
  // A suite's item first; evicted from the ring (null), it can only say it failed. Never throws.
  if (params.suite) await afterSuiteItem(step, env, comparisonId, end, params.suite);
  if (end === null) return;
  const ended = end;
  const db = d1Db(env.DB);
  let recorded: { events: number; notify: boolean };
  try {
    recorded = await step.do("update directory", DIRECTORY_STEP, () => recordComparisonEnd(db, ended));
  } catch (error) {
    log("warn", "directory.update_failed", { comparisonId, pairKey, message: messageOf(error) });
    return;
  }
  if (!recorded.notify) return;

  try {
    await notifyWebhook(step, env, db, pairKey, comparisonId);
  } catch (error) {
    log("warn", "webhook.failed", { comparisonId, pairKey, message: messageOf(error) });
  }
}
