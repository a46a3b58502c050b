/** The start queue as tests drive it: recorded sends, deliveries to the real consumer, failing creates. */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { StartMessage } from "../../src/fanout/messages";
import worker from "../../src/index";

/** A START_QUEUE that keeps what it is sent, for the test to deliver (or not) as Queues would. */
export function recordingQueue() {
  const batches: StartMessage[][] = [];
  const queue = {
    send: async (body: StartMessage) => void batches.push([body]),
    sendBatch: async (messages: Iterable<MessageSendRequest<StartMessage>>) =>
      void batches.push([...messages].map((m) => m.body)),
  } as unknown as Queue<StartMessage>;
  return { queue, batches, messages: () => batches.flat() };
}

/** The workflow binding with its creates counted, or failing when `fail` is set. */
export function countedWorkflow(fail = false) {
  const counts = { create: 0, createBatch: 0 };
  const binding = new Proxy(env.COMPARE_WORKFLOW, {
    get(target, prop) {
      if (prop !== "create" && prop !== "createBatch") return Reflect.get(target, prop, target);
      return (...args: unknown[]) => {
        counts[prop]++;
        if (fail) throw new Error("Workflows is unavailable");
        return (target[prop] as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { binding, counts };
}

/** Delivers messages to the consumer in batches of 100 as Queues does; what it acked and retried. */
export async function deliver(messages: StartMessage[], target: Env = env, attempts = 1, queue = "envdiff-starts") {
  const totals = { acked: 0, retried: 0 };
  for (let start = 0; start < messages.length; start += 100) {
    const batch = createMessageBatch<StartMessage>(
      queue,
      messages
        .slice(start, start + 100)
        .map((body, i) => ({ id: `m${start + i}`, timestamp: new Date(), attempts, body })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, target);
    const result = await getQueueResult(batch, ctx);
    totals.acked += result.explicitAcks.length;
    totals.retried += result.retryMessages.length;
  }
  return totals;
}
