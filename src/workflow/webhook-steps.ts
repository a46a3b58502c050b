/**
 * The workflow's webhook delivery: up to five attempts, each its own step, spaced by durable
 * sleeps (10 s, 20 s, 40 s, 80 s, or longer when the receiver's Retry-After asks for it). Only
 * what can change with time is retried: network errors, timeouts, 408, 429 and 5xx
 * (src/watches/webhook.ts). A restart replays finished attempts from the step log, so a
 * delivery already answered is never sent again; an attempt whose answer was lost may be, and
 * receivers dedupe on webhook-id, which is the comparisonId on every attempt.
 */
import type { WorkflowStep, WorkflowStepConfig } from "cloudflare:workers";
import type { D1Db } from "../db/d1";
import { toPairEvent } from "../directory/pair-shape";
import { eventsOfComparison, getPair } from "../directory/store";
import { log } from "../log";
import type { DriftDelivery } from "../shapes/webhook-delivery";
import { deliverDrift } from "../watches/deliver";
import { pairDriftMessage } from "../watches/drift-message";
import { webhookOf } from "../watches/store";
import type { DeliveryOutcome } from "../watches/webhook";

export const WEBHOOK_ATTEMPTS = 5;
const FIRST_DELAY_MS = 10_000;

/** deliverDrift never throws for the receiver; retries here only cover a platform fault reading D1 before sending. */
const ATTEMPT_STEP: WorkflowStepConfig = {
  retries: { limit: 2, delay: "2 seconds", backoff: "exponential" },
  timeout: "30 seconds",
};

type AttemptResult = DeliveryOutcome | { kind: "skipped" };

/** Delivers the comparison's drift events to the pair's webhook. Never throws for the receiver's sake. */
export async function notifyWebhook(
  step: WorkflowStep,
  env: Env,
  db: D1Db,
  pairKey: string,
  comparisonId: string,
): Promise<void> {
  for (let attempt = 1; attempt <= WEBHOOK_ATTEMPTS; attempt++) {
    const outcome: AttemptResult = await step.do(`notify webhook ${attempt}`, ATTEMPT_STEP, () =>
      attemptDelivery(env, db, pairKey, comparisonId),
    );
    if (outcome.kind === "delivered" || outcome.kind === "skipped") return;
    if (outcome.kind === "refused" || attempt === WEBHOOK_ATTEMPTS) {
      log("warn", "webhook.failed", { comparisonId, pairKey, attempts: attempt, message: outcome.reason });
      return;
    }
    const backoff = FIRST_DELAY_MS * 2 ** (attempt - 1);
    await step.sleep(`webhook backoff ${attempt}`, Math.max(backoff, outcome.retryAfterMs ?? 0));
  }
}

async function attemptDelivery(env: Env, db: D1Db, pairKey: string, comparisonId: string): Promise<AttemptResult> {
  // Read at delivery time: a watch deleted or re-pointed since the run ended wins.
  const target = { kind: "pair", id: pairKey } as const;
  const pair = await getPair(db, pairKey);
  const webhook = await webhookOf(db, target);
  if (!pair || !webhook) return { kind: "skipped" };
  const rows = await eventsOfComparison(db, comparisonId);
  return deliverDrift(env, target, webhook, comparisonId, {
    standard: async () => {
      const delivery: DriftDelivery = {
        type: "envdiff.drift",
        pairKey,
        comparisonId,
        leftUrl: pair.leftUrl,
        rightUrl: pair.rightUrl,
        comparison: `/api/compare/${comparisonId}`,
        events: rows.map(toPairEvent),
      };
      return JSON.stringify(delivery);
    },
    chat: async () => {
      // The differences themselves, for people: from the comparison's own state (without envelopes).
      const state = await env.ENV_PAIR.getByName(pairKey).getComparisonOutcome(comparisonId);
      const count = (kind: string) =>
        rows.filter((row) => row.kind === kind).reduce((n, row) => n + detailCount(row.detailJson), 0);
      return pairDriftMessage({
        pairKey,
        comparisonId,
        leftUrl: pair.leftUrl,
        rightUrl: pair.rightUrl,
        options: state?.options ?? {},
        result: state?.status === "completed" ? state.result : null,
        drift: { newHigh: count("new_high"), resolvedHigh: count("resolved") },
        pageOrigin: webhook.pageOrigin,
      });
    },
  });
}

/** How many differences an event's detail lists (`{ count }`, src/directory/drift.ts). */
function detailCount(detailJson: string): number {
  const count = (JSON.parse(detailJson) as { count?: unknown }).count;
  return typeof count === "number" ? count : 1;
}
