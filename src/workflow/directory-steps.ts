/**
 * The workflow's last two steps, after the comparison has ended: "update directory" records
 * the outcome in the pair directory (D1) and any drift events, then "notify webhook" tells the
 * watch's receiver. The comparison is already complete or failed in its object when they run,
 * and neither can change that: the object is the authority and the directory a derived index,
 * so a failure here is logged and the workflow still ends normally.
 *
 * Both bodies are idempotent: the upsert never moves `last_*` backwards, events are unique per
 * (comparison, kind), and a webhook may arrive twice (receivers dedupe on webhook-id).
 */
import type { WorkflowStep, WorkflowStepConfig } from "cloudflare:workers";
import type { SuiteRef } from "../compare/params";
import { d1Db } from "../db/d1";
import { driftEvents } from "../directory/drift";
import { getPair, recordEvents, recordOutcome } from "../directory/store";
import type { EnvPairDO } from "../do/env-pair-do";
import { log } from "../log";
import { afterSuiteItem } from "./suite-steps";
import { notifyWebhook } from "./webhook-steps";

const DIRECTORY_STEP: WorkflowStepConfig = {
  retries: { limit: 3, delay: "2 seconds", backoff: "exponential" },
  timeout: "30 seconds",
};

/** Completed comparisons read to find the previous one, for what it held at high severity. */
const PREVIOUS_DEPTH = 10;

const NO_COUNTS = { high: 0, medium: 0, low: 0, info: 0 };

/** Updates the directory and notifies the watch's webhook. Never throws. */
export async function afterComparison(
  step: WorkflowStep,
  env: Env,
  stub: DurableObjectStub<EnvPairDO>,
  comparisonId: string,
  pairKey: string,
  suite?: SuiteRef,
): Promise<void> {
  // A suite's path: its item in D1 first (src/suites/item-end.ts); never throws.
  if (suite) await afterSuiteItem(step, env, stub, comparisonId, suite);
  const db = d1Db(env.DB);
  let recorded: { events: number; notify: boolean };
  try {
    recorded = await step.do("update directory", DIRECTORY_STEP, async () => {
      const state = await stub.getComparisonOutcome(comparisonId);
      // Evicted from the ring, or somehow not ended: nothing settled to index.
      if (!state || state.status === "running") return { events: 0, notify: false };
      const summary = state.result?.diff.summary ?? NO_COUNTS;
      await recordOutcome(db, {
        pairKey,
        leftUrl: state.leftUrl,
        rightUrl: state.rightUrl,
        comparisonId,
        createdAt: Date.parse(state.createdAt),
        status: state.status,
        counts: { high: summary.high, medium: summary.medium, low: summary.low, info: summary.info },
      });
      const pair = await getPair(db, pairKey);
      // Events are for watched pairs, whoever started the run: history marks are relative to
      // the previous run of any kind, so a manual run can be the only one that sees a change as new.
      if (!state.result || !pair?.watchEnabled) return { events: 0, notify: false };
      const previous =
        state.result.resolved.length === 0
          ? null
          : ((await stub.getComparisonsForHistory(PREVIOUS_DEPTH)).find(
              (c) => c.comparisonId !== comparisonId && c.createdAt <= state.createdAt,
            ) ?? null);
      const found = driftEvents(comparisonId, state.result, previous);
      await recordEvents(db, pairKey, found);
      return { events: found.length, notify: found.length > 0 && pair.watchWebhookUrl !== null };
    });
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

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
