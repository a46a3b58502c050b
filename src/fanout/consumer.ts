/**
 * The start queue's consumer (`queue` in src/index.ts): starts one comparison per message.
 *
 * Queues delivers at least once: a batch whose invocation dies is delivered again, and a message
 * marked for retry comes back after a delay, up to max_retries, then goes to the dead-letter queue
 * (wrangler.toml). Every message is therefore safe to run twice: a watch run is started with the
 * Idempotency-Key of its (pair, due time), a compare message with its own key, and the pair's
 * object replays a key instead of starting a second comparison.
 *
 * Messages are acked one by one, so a fault in one pair retries that pair alone.
 */
import { ApiError } from "../api/errors";
import { startComparison } from "../api/start-comparison";
import { directoryDb } from "../directory/store";
import { startDueWatch, type TickOutcome } from "../directory/watches";
import { log } from "../log";
import { resolveOptions } from "../shapes/options";
import type { CompareStart, StartMessage } from "./messages";

/** Seconds before a failed message is delivered again: D1 or an object may be restarting. */
export const RETRY_DELAY_SECONDS = 10;

/**
 * Workflows creates at most 100 instances per second per workflow (docs/scale.md): each start
 * creates one, so a batch takes at least this long per message, and with the consumer's
 * max_concurrency = 1 (wrangler.toml) the queue never starts more than 100 comparisons a second.
 * A burst waits in the queue, where its lateness shows, instead of failing at the platform's limit.
 */
export const PACE_MS_PER_START = 10;

/** How long a batch of `messages` that took `elapsedMs` must still wait to keep the pace. */
export function paceDelayMs(messages: number, elapsedMs: number): number {
  return Math.max(0, messages * PACE_MS_PER_START - elapsedMs);
}

export type StartOutcome = TickOutcome | "created";

export async function consumeStarts(batch: MessageBatch<StartMessage>, env: Env): Promise<Record<string, number>> {
  const db = directoryDb(env.DB);
  const began = Date.now();
  const counts: Record<string, number> = {};
  await Promise.all(
    batch.messages.map(async (message) => {
      let outcome: StartOutcome | "retry";
      try {
        const body = message.body;
        outcome = body.kind === "watch" ? await startDueWatch(env, db, body) : await startCompare(env, body);
        message.ack();
      } catch (error) {
        outcome = "retry";
        log("error", "fanout.start_failed", {
          kind: message.body.kind,
          attempts: message.attempts,
          message: (error instanceof Error ? error.message : String(error)).slice(0, 300),
        });
        message.retry({ delaySeconds: RETRY_DELAY_SECONDS });
      }
      counts[outcome] = (counts[outcome] ?? 0) + 1;
    }),
  );
  const paceMs = paceDelayMs(batch.messages.length, Date.now() - began);
  log("info", "fanout.batch", { queue: batch.queue, messages: batch.messages.length, paceMs, ...counts });
  if (paceMs > 0) await scheduler.wait(paceMs);
  return counts;
}

/** A compare message: a refused target or a reused key is final, anything else is retried. */
async function startCompare(env: Env, body: CompareStart): Promise<StartOutcome> {
  try {
    const started = await startComparison(
      env,
      { leftUrl: body.leftUrl, rightUrl: body.rightUrl, options: resolveOptions(body.options) },
      body.idempotencyKey,
    );
    return started.outcome === "created" ? "created" : "replayed";
  } catch (error) {
    if (error instanceof ApiError && error.code === "blocked_target") return "refused";
    if (error instanceof ApiError && error.code === "idempotency_conflict") return "replayed";
    throw error;
  }
}
