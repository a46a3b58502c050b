/**
 * What the start queue (binding START_QUEUE, consumed by src/queue/consumer.ts) carries: one
 * message per comparison to start (a pair watch's comparison, a suite item), or per suite watch's suite run to
 * record and expand. Pure: no I/O, so chunking is tested with tables of cases.
 *
 * A message names work, it never carries a secret: queue bodies are stored by the platform and can
 * be listed from the dashboard. Work that needs stored header values (a suite's, a watch's) names
 * where they live and the consumer reads them there.
 */

/** The run of one pair's watch due at `dueAt`, found by the cron tick at `tickAt`. */
export interface WatchStart {
  kind: "watch";
  pairKey: string;
  dueAt: number;
  tickAt: number;
}

/**
 * One item of a suite run (one of its paths): item `itemId` (run id × SUITE_ITEM_STRIDE + position). The suite's
 * row holds the path, the bases, options and sealed header values; the pair and the comparisonId
 * are derived (src/suites/item-ids.ts). Started once per item, however often it is delivered.
 */
export interface SuiteItemStart {
  kind: "suite-item";
  itemId: number;
}

/** The run of a suite's watch due at `dueAt`, found by the cron tick at `tickAt`: it records the run and sends its items. */
export interface SuiteWatchStart {
  kind: "suite-watch";
  suiteId: string;
  dueAt: number;
  tickAt: number;
}

export type StartMessage = WatchStart | SuiteItemStart | SuiteWatchStart;

/**
 * What handling one message decided (the consumer counts them in its batch log): started, found
 * started already (replayed), put off because the target is still busy (running), nothing to do
 * (stale: paused, deleted, re-timed or claimed), started by another delivery (claimed_elsewhere),
 * or skipped because the SSRF guard now refuses a target (refused).
 */
export type MessageOutcome = "started" | "replayed" | "running" | "stale" | "claimed_elsewhere" | "refused";

/** Whether handling the message creates a Workflow instance: what the consumer's pacing counts. */
export function createsWorkflow(message: StartMessage): boolean {
  return message.kind !== "suite-watch";
}

/** sendBatch takes at most 100 messages and 256 KB (1 KB = 1000 bytes) per call. */
export const SEND_BATCH_MESSAGES = 100;
export const SEND_BATCH_BYTES = 256_000;
/** Room the platform keeps per message for its own metadata. */
const MESSAGE_OVERHEAD_BYTES = 100;

/** Splits messages into sendBatch calls that respect both limits, keeping their order. */
export function sendBatches<T>(
  bodies: readonly T[],
  size: (body: T) => number = (body) => JSON.stringify(body).length,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const cost = size(body) + MESSAGE_OVERHEAD_BYTES;
    if (current.length > 0 && (current.length === SEND_BATCH_MESSAGES || bytes + cost > SEND_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(body);
    bytes += cost;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Sends messages to the start queue in as few sendBatch calls as the limits allow; returns the calls made. */
export async function sendStarts(queue: Queue<StartMessage>, messages: readonly StartMessage[]): Promise<number> {
  const batches = sendBatches(messages);
  for (const batch of batches) await queue.sendBatch(batch.map((body) => ({ body, contentType: "json" })));
  return batches.length;
}

/** The start queue's dead-letter queue (wrangler.toml): its batches go to consumeDeadStarts. */
export const DEAD_LETTER_QUEUE = "envdiff-starts-dlq";
