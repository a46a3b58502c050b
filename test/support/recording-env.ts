/**
 * The Worker's env with its Workflow binding and start queue recorded, for tests that must see
 * every Workflow instance's params and every queue message (the secrets tests: neither may hold a
 * secret). The queue is held here: `deliverQueued` hands what was sent to the consumer as Queues
 * would, so what a tick or a suite queued is started, and recorded, too.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import type { StartMessage } from "../../src/fanout/messages";
import worker from "../../src/index";

export interface Recording {
  env: Env;
  /** Every params object a workflow was created with. */
  params: unknown[];
  /** Messages sent and not yet delivered. */
  queued: StartMessage[];
  /** Every message ever sent, delivered or not. */
  sent: StartMessage[];
}

export function recordingEnv(base: Env = env): Recording {
  const params: unknown[] = [];
  const queued: StartMessage[] = [];
  const sent: StartMessage[] = [];
  const workflow = base.COMPARE_WORKFLOW;
  const create: typeof workflow.create = async (options) => {
    params.push(options?.params);
    return workflow.create(options);
  };
  const COMPARE_WORKFLOW = new Proxy(workflow, {
    get: (target, name) => {
      if (name === "create") return create;
      const value: unknown = Reflect.get(target, name);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const START_QUEUE = {
    send: async (body: StartMessage) => {
      queued.push(body);
      sent.push(body);
    },
    sendBatch: async (messages: Iterable<{ body: StartMessage }>) => {
      for (const { body } of messages) {
        queued.push(body);
        sent.push(body);
      }
    },
  } as unknown as Env["START_QUEUE"];
  return { env: { ...base, COMPARE_WORKFLOW, START_QUEUE }, params, queued, sent };
}

/** Hands what was queued to the start queue's consumer, as Queues would; all must be acked. */
export async function deliverQueued(recording: Recording): Promise<void> {
  while (recording.queued.length > 0) {
    const batch = createMessageBatch<StartMessage>(
      "envdiff-starts",
      recording.queued.splice(0).map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, recording.env);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages).toEqual([]);
  }
}

/** One request through the Worker's fetch handler with the recording env, JSON when given a body. */
export async function callWith(target: Env, method: string, path: string, body?: unknown): Promise<Response> {
  const init: RequestInit =
    body === undefined
      ? { method }
      : { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  return worker.fetch(new Request(`http://envdiff.test${path}`, init), target, createExecutionContext());
}

/** Every line the Worker logs from now on (console is spied; vi.restoreAllMocks ends it), for searching. */
export function captureLogs(): string[] {
  const logged: string[] = [];
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
    });
  }
  return logged;
}
