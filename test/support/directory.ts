/** Helpers for the pair directory tests: read a pair, run a cron tick, wait for workflows. */
import { createExecutionContext, createScheduledController, type WorkflowIntrospector } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../src/index";
import type { PairEvent, PairSummary } from "../../src/shapes/pair";
import { api } from "./api";

export async function getPair(pairKey: string): Promise<{ pair: PairSummary; events: PairEvent[] } | null> {
  const res = await api(`/api/pairs/${pairKey}`);
  if (res.status === 404) return null;
  if (res.status !== 200) throw new Error(`GET pair ${pairKey}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Waits until the directory knows the pair: its row is written by the workflow's last steps, after the comparison ends. */
export async function waitForPair(pairKey: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await getPair(pairKey))) {
    if (Date.now() > deadline) throw new Error(`pair ${pairKey} not in the directory after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function putWatch(pairKey: string, body: unknown, target: Env = env): Promise<Response> {
  const req = new Request(`http://envdiff.test/api/pairs/${pairKey}/watch`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return await worker.fetch(req, target, createExecutionContext());
}

/**
 * Runs the cron handler as the platform would at `scheduledTime`, then waits until the start
 * queue's consumer has dealt with every watch, of a pair or a suite, that tick found due (none is
 * left due at that time).
 */
export async function tick(scheduledTime: number, timeoutMs = 20_000): Promise<void> {
  await worker.scheduled(createScheduledController({ scheduledTime, cron: "*/5 * * * *" }), env);
  const due = env.DB.prepare("SELECT count(*) AS n FROM watches WHERE enabled = 1 AND next_due_at <= ?1");
  for (const stop = Date.now() + timeoutMs; Date.now() < stop; ) {
    if ((await due.bind(scheduledTime).first<{ n: number }>())?.n === 0) return;
    await scheduler.wait(50);
  }
  throw new Error(`watches due at ${scheduledTime} were still due after ${timeoutMs} ms`);
}

/** Other tests' watches would be due in this file's ticks too: every watch test starts with none enabled. */
export async function disableAllWatches(): Promise<void> {
  await env.DB.prepare("UPDATE watches SET enabled = 0").run();
}

/** The workflow instances an introspector saw, each waited for until it is complete. */
export async function settle(introspector: WorkflowIntrospector): Promise<void> {
  for (const instance of await introspector.get()) await instance.waitForStatus("complete");
}
