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

export type StartOutcome = TickOutcome | "created";

export async function consumeStarts(batch: MessageBatch<StartMessage>, env: Env): Promise<Record<string, number>> {
  const db = directoryDb(env.DB);
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
  log("info", "fanout.batch", { queue: batch.queue, messages: batch.messages.length, ...counts });
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
