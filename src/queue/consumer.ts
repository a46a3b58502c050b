/**
 * The start queue's consumer (`queue` in src/index.ts): starts one comparison per message.
 *
 * Queues delivers at least once: a batch whose invocation dies is delivered again, and a message
 * marked for retry comes back after a delay, up to max_retries, then goes to the dead-letter queue
 * (wrangler.toml), which this Worker also consumes (consumeDeadStarts). Every message is therefore
 * safe to run twice: a pair watch's comparison is started with the key of its (pair, due time), a
 * suite item with the comparisonId its suite run chose, a suite watch's suite run is recorded under the key of
 * its (suite, due time), and each of those is replayed instead of started twice.
 *
 * Messages are acked one by one, so a fault in one pair retries that pair alone.
 */

import { type D1Db, d1Db } from "../db/d1";
import { startPairRun } from "../directory/watch-target";
import { messageOf } from "../errors";
import { createsWorkflow, type MessageOutcome, type StartMessage } from "../fanout/messages";
import { log } from "../log";
import { failDeadSuiteItem } from "../suites/item-end";
import { startSuiteItem } from "../suites/item-start";
import { startSuiteRun } from "../suites/watch-target";
import { startDueWatch } from "../watches/start-due";

/** Seconds before a failed message is delivered again: D1 or an object may be restarting. */
export const RETRY_DELAY_SECONDS = 10;

/**
 * Workflows creates at most 100 instances per second per workflow (docs/scale.md): each start
 * creates one, so a batch takes at least this long per message, and with the consumer's
 * max_concurrency = 1 (wrangler.toml) the queue never starts more than 100 comparisons a second.
 * A burst waits in the queue, where its lateness shows, instead of failing at the platform's limit.
 */
export const PACE_MS_PER_START = 10;

/** How long a batch that created up to `starts` workflows and took `elapsedMs` must still wait to keep the pace. */
export function paceDelayMs(starts: number, elapsedMs: number): number {
  return Math.max(0, starts * PACE_MS_PER_START - elapsedMs);
}

/**
 * Starts in flight at once within a batch. Each start is a few round trips (D1, the pair's object,
 * Workflows), and a Worker invocation keeps at most 6 connections open anyway; a batch of 100
 * started all at once would only burst at the targets and queue inside the runtime.
 */
export const START_CONCURRENCY = 10;

/** Runs `task` over `items` with at most `limit` in flight. */
async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** What one message asks for, done once however often it comes. */
function handle(env: Env, db: D1Db, body: StartMessage): Promise<MessageOutcome> {
  switch (body.kind) {
    case "watch":
      return startDueWatch(env, db, { kind: "pair", id: body.pairKey }, body, startPairRun);
    case "suite-item":
      return startSuiteItem(env, db, body.itemId);
    case "suite-watch":
      return startDueWatch(env, db, { kind: "suite", id: body.suiteId }, body, startSuiteRun);
  }
}

export async function consumeStarts(batch: MessageBatch<StartMessage>, env: Env): Promise<Record<string, number>> {
  const db = d1Db(env.DB);
  const began = Date.now();
  const counts: Record<string, number> = {};
  await inParallel(batch.messages, START_CONCURRENCY, async (message) => {
    let outcome: MessageOutcome | "retry";
    try {
      outcome = await handle(env, db, message.body);
      message.ack();
    } catch (error) {
      outcome = "retry";
      log("error", "fanout.start_failed", {
        kind: message.body.kind,
        attempts: message.attempts,
        message: messageOf(error),
      });
      message.retry({ delaySeconds: RETRY_DELAY_SECONDS });
    }
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  });
  const starts = batch.messages.filter((message) => createsWorkflow(message.body)).length;
  const paceMs = paceDelayMs(starts, Date.now() - began);
  log("info", "fanout.batch", { queue: batch.queue, messages: batch.messages.length, paceMs, ...counts });
  if (paceMs > 0) await scheduler.wait(paceMs);
  return counts;
}

/**
 * The dead-letter queue: starts that failed max_retries times. What a pair's or a suite's watch starts
 * is still due (it is claimed only after it started), so the next tick sends it again: logged. A
 * suite item is marked failed, or its run would never finish. A message this cannot handle is
 * retried, and after the dead-letter consumer's own retries dropped (logged each time).
 */
export async function consumeDeadStarts(batch: MessageBatch<StartMessage>, env: Env): Promise<void> {
  const db = d1Db(env.DB);
  await Promise.all(
    batch.messages.map(async (message) => {
      const body = message.body;
      log("error", "fanout.dead_letter", { ...body, attempts: message.attempts });
      try {
        if (body.kind === "suite-item") await failDeadSuiteItem(env, db, body.itemId);
        message.ack();
      } catch (error) {
        log("error", "fanout.dead_letter_failed", {
          kind: body.kind,
          message: messageOf(error),
        });
        message.retry({ delaySeconds: RETRY_DELAY_SECONDS });
      }
    }),
  );
}
