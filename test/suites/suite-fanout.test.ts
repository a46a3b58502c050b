/**
 * Suites through the start queue (docs/scale.md § Suites), in workerd against the real consumer,
 * objects, D1 and Workflows. The request and the tick only record runs and send messages; the
 * consumer starts each path once, however often its message comes, and no path is lost when a
 * sender, a consumer or a workflow create fails.
 */
import { createExecutionContext, createScheduledController, introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { StartMessage } from "../../src/fanout/messages";
import worker from "../../src/index";
import type { SuiteDetail } from "../../src/shapes/suite";
import { api, getState } from "../support/api";
import { settle, tick } from "../support/directory";
import { countedWorkflow, deliver, recordingQueue } from "../support/fanout";
import { bases, createSuite, freshKey, readSuite, STEADY, waitForRun } from "../support/suites";
import { comparisonCounts } from "../support/watched-pairs";

const MINUTE = 60_000;

async function postSuiteWith(target: Env, body: unknown): Promise<Response> {
  const req = new Request("http://envdiff.test/api/suites", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return worker.fetch(req, target, createExecutionContext());
}

async function suiteRow(suiteId: string) {
  return env.DB.prepare(`SELECT w.next_due_at AS dueAt, s.last_run_id AS lastRunId FROM suites s
       LEFT JOIN watches w ON w.target_kind = 'suite' AND w.target_id = s.id WHERE s.id = ?`)
    .bind(suiteId)
    .first<{ dueAt: number | null; lastRunId: number | null }>();
}

async function runsOf(suiteId: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, trigger, dispatch_pending AS pending FROM suite_runs WHERE suite_id = ? ORDER BY id",
  )
    .bind(suiteId)
    .all<{ id: number; trigger: string; pending: number }>();
  return results;
}

function itemsOf(detail: SuiteDetail) {
  const items = detail.run?.items;
  if (!items) throw new Error("the suite has no run");
  return items;
}

beforeEach(async () => {
  await env.DB.prepare("UPDATE watches SET enabled = 0").run();
});

describe("a suite run goes through the start queue", () => {
  it("500 paths: the request starts nothing and sends 5 batches of 100; each path starts once, however often delivered", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const { queue, batches, messages } = recordingQueue();
    const workflow = countedWorkflow();
    const tag = freshKey();
    const paths = Array.from({ length: 500 }, (_, i) => `/p/${tag}-${i}`);
    const res = await postSuiteWith(
      { ...env, START_QUEUE: queue, COMPARE_WORKFLOW: workflow.binding },
      // One sample: half the requests to the local targets, which all 500 paths share.
      { ...bases(), paths, options: { ...STEADY, samples: 1 } },
    );
    expect(res.status).toBe(202);
    const { suiteId, runId } = await res.json<{ suiteId: string; runId: number }>();

    // The request recorded the run and handed it on: no workflow, no object touched.
    expect(workflow.counts).toEqual({ create: 0, createBatch: 0 });
    expect(batches.map((b) => b.length)).toEqual([100, 100, 100, 100, 100]);
    expect(messages()).toEqual(paths.map((_, i) => ({ kind: "suite-item", itemId: runId * 1000 + i })));
    expect(await runsOf(suiteId)).toEqual([{ id: runId, trigger: "api", pending: 0 }]);
    const before = itemsOf(await readSuite(suiteId));
    expect(before.every((item) => item.status === "running")).toBe(true);
    expect(await comparisonCounts(before.slice(0, 5))).toEqual([0, 0, 0, 0, 0]);
    // Every path's comparison can be read at once: running, no probe yet, though nothing started it.
    const [firstPath] = before;
    if (!firstPath) throw new Error("no items");
    expect(await getState(firstPath.comparisonId)).toMatchObject({
      comparisonId: firstPath.comparisonId,
      status: "running",
      leftUrl: firstPath.leftUrl,
      rightUrl: firstPath.rightUrl,
      probes: { left: null, right: null },
      result: null,
    });
    // An id that only looks like one of them is not: one digit of its hash changed.
    const [pairKey, uuid = ""] = firstPath.comparisonId.split(":");
    const forged = `${pairKey}:${uuid.startsWith("a") ? "b" : "a"}${uuid.slice(1)}`;
    expect((await api(`/api/compare/${forged}`)).status).toBe(404);

    // A consumer dies after half a batch; then every batch is delivered, twice.
    await deliver(messages().slice(0, 50));
    expect(await deliver(messages(), env, 2)).toEqual({ acked: 500, retried: 0 });
    expect(await deliver(messages(), env, 3)).toEqual({ acked: 500, retried: 0 });

    const run = await waitForRun(suiteId, runId, 240_000);
    // Every path ended. (500 comparisons at once on two cores can time a local target out: whether
    // each came out identical is the other suite tests' concern, not this one's.)
    expect(run.totals).toMatchObject({ paths: 500, running: 0 });
    expect(run.totals.identical + run.totals.different + run.totals.failed).toBe(500);
    // Every pair holds one comparison, the one its item named before it started.
    const items = run.items;
    expect(await comparisonCounts(items)).toEqual(items.map(() => 1));
    const byPair = await Promise.all(
      items
        .slice(0, 20)
        .map(async (i) => (await env.ENV_PAIR.getByName(i.pairKey).listComparisons(1))[0]?.comparisonId),
    );
    expect(byPair).toEqual(items.slice(0, 20).map((i) => i.comparisonId));
    expect(before.map((i) => i.comparisonId).sort()).toEqual(items.map((i) => i.comparisonId).sort());
    await settle(introspector);
  }, 300_000);

  it("a path whose workflow could not be created is retried, and the retry creates it: nothing lost, nothing twice", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const { queue, messages } = recordingQueue();
    const paths = [`/p/${freshKey()}`, `/p/${freshKey()}`, `/p/${freshKey()}`];
    const res = await postSuiteWith({ ...env, START_QUEUE: queue }, { ...bases(), paths, options: STEADY });
    const { suiteId, runId } = await res.json<{ suiteId: string; runId: number }>();

    const failing = countedWorkflow(true);
    expect(await deliver(messages(), { ...env, COMPARE_WORKFLOW: failing.binding })).toEqual({ acked: 0, retried: 3 });
    expect(failing.counts.create).toBe(3);
    // The objects recorded the comparisons and keep them running for the retry: not failed, not lost.
    const items = itemsOf(await readSuite(suiteId));
    for (const item of items) {
      const state = await env.ENV_PAIR.getByName(item.pairKey).getComparison(item.comparisonId);
      expect(state?.status).toBe("running");
    }

    expect(await deliver(messages(), env, 2)).toEqual({ acked: 3, retried: 0 });
    const run = await waitForRun(suiteId, runId);
    expect(run.totals).toMatchObject({ paths: 3, identical: 3, failed: 0 });
    expect(await comparisonCounts(run.items)).toEqual([1, 1, 1]);
    await settle(introspector);
  });

  it("a sender that died before sending leaves the run pending, and the next tick sends its paths", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const broken = {
      send: async () => {
        throw new Error("Queue send failed: Too Many Requests");
      },
      sendBatch: async () => {
        throw new Error("Queue send failed: Too Many Requests");
      },
    } as unknown as Queue<StartMessage>;
    const res = await postSuiteWith({ ...env, START_QUEUE: broken }, { ...bases(), paths: [`/p/${freshKey()}`] });
    // The run is recorded, so the request is accepted; its paths wait for the tick.
    expect(res.status).toBe(202);
    const { suiteId, runId } = await res.json<{ suiteId: string; runId: number }>();
    expect(await runsOf(suiteId)).toEqual([{ id: runId, trigger: "api", pending: 1 }]);

    // Within the grace period the tick leaves it to its sender; after it, the tick sends it.
    await tick(Date.now());
    expect((await runsOf(suiteId))[0]?.pending).toBe(1);
    await tick(Date.now() + 2 * MINUTE);
    const run = await waitForRun(suiteId, runId);
    expect(run.totals).toMatchObject({ paths: 1, identical: 1 });
    expect((await runsOf(suiteId))[0]?.pending).toBe(0);
    await settle(introspector);
  });

  it("a path that exhausted its retries is failed from the dead-letter queue, so its run still finishes", async () => {
    const { queue, messages } = recordingQueue();
    const paths = [`/p/${freshKey()}`, `/p/${freshKey()}`];
    const res = await postSuiteWith({ ...env, START_QUEUE: queue }, { ...bases(), paths });
    const { suiteId, runId } = await res.json<{ suiteId: string; runId: number }>();
    expect(await deliver(messages(), env, 11, "envdiff-starts-dlq")).toEqual({ acked: 2, retried: 0 });
    const run = await waitForRun(suiteId, runId);
    expect(run).toMatchObject({ verdict: "failed", totals: { paths: 2, failed: 2, running: 0 } });
    expect(await comparisonCounts(run.items)).toEqual([0, 0]);
    // Its comparison never existed, and says so rather than 404.
    expect(await getState(run.items[0]?.comparisonId ?? "")).toMatchObject({
      status: "failed",
      error: { code: "not_started" },
    });
  });

  it("a path whose target the guard now refuses fails alone and is not retried", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const { queue, messages } = recordingQueue();
    const paths = [`/p/${freshKey()}`, `/p/${freshKey()}`];
    const res = await postSuiteWith({ ...env, START_QUEUE: queue }, { ...bases(), paths, options: STEADY });
    const { suiteId, runId } = await res.json<{ suiteId: string; runId: number }>();
    const [first, second] = messages();
    // The suite's targets are local: a Worker that no longer allows private targets refuses them.
    const strict = { ...env, ALLOW_PRIVATE_TARGETS: "false" };
    expect(await deliver([first as StartMessage], strict)).toEqual({ acked: 1, retried: 0 });
    expect(await deliver([second as StartMessage])).toEqual({ acked: 1, retried: 0 });
    const run = await waitForRun(suiteId, runId);
    expect(run.totals).toMatchObject({ paths: 2, failed: 1, identical: 1 });
    await settle(introspector);
  });
});

describe("the tick sweeps suite runs that stopped moving", () => {
  const tickWith = async (at: number) => {
    const { queue, messages } = recordingQueue();
    await worker.scheduled(createScheduledController({ scheduledTime: at, cron: "*/5 * * * *" }), {
      ...env,
      START_QUEUE: queue,
    });
    return messages();
  };

  it("sends the unfinished paths of a run whose messages were lost again, at most once an hour", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const { queue, messages } = recordingQueue();
    const paths = [`/p/${freshKey()}`, `/p/${freshKey()}`];
    const res = await postSuiteWith({ ...env, START_QUEUE: queue }, { ...bases(), paths, options: STEADY });
    const { suiteId, runId } = await res.json<{ suiteId: string; runId: number }>();
    const lost = messages(); // sent, then lost: never delivered
    const t0 = Date.now();

    // Within its paths' deadline and a grace period it is left alone.
    expect(await tickWith(t0 + 5 * MINUTE)).toEqual([]);
    const swept = await tickWith(t0 + 14 * MINUTE);
    expect(swept).toEqual(lost);
    // A real backlog would only be sent twice: not again within the hour.
    expect(await tickWith(t0 + 20 * MINUTE)).toEqual([]);
    expect(await tickWith(t0 + 80 * MINUTE)).toEqual(lost);

    expect(await deliver(swept)).toEqual({ acked: 2, retried: 0 });
    expect((await waitForRun(suiteId, runId)).totals).toMatchObject({ paths: 2, identical: 2 });
    expect(await tickWith(t0 + 200 * MINUTE)).toEqual([]);
    await settle(introspector);
  });

  it("fails the paths left after a day, so the run finishes", async () => {
    const { queue } = recordingQueue();
    const paths = [`/p/${freshKey()}`, `/p/${freshKey()}`];
    const res = await postSuiteWith({ ...env, START_QUEUE: queue }, { ...bases(), paths });
    const { suiteId, runId } = await res.json<{ suiteId: string; runId: number }>();
    expect(await tickWith(Date.now() + 25 * 60 * MINUTE)).toEqual([]);
    const run = await waitForRun(suiteId, runId);
    expect(run).toMatchObject({ verdict: "failed", totals: { paths: 2, failed: 2, running: 0 } });
  });
});

describe("suite watches go through the start queue", () => {
  it("the tick sends one message per due suite; delivered twice, it records one run, late by what it was late", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const { suiteId, runId } = await createSuite({ ...bases(), paths: [`/p/${freshKey()}`, `/p/${freshKey()}`] });
    await waitForRun(suiteId, runId);
    const put = await worker.fetch(
      new Request(`http://envdiff.test/api/suites/${suiteId}/watch`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ intervalMinutes: 10, enabled: true }),
      }),
      env,
      createExecutionContext(),
    );
    expect(put.status).toBe(200);
    // Due 12 minutes ago, and not started yet: the suite says it is overdue.
    const dueAt = Date.now() - 12 * MINUTE;
    await env.DB.prepare("UPDATE watches SET next_due_at = ? WHERE target_kind = 'suite' AND target_id = ?")
      .bind(dueAt, suiteId)
      .run();
    expect((await readSuite(suiteId)).watch?.overdueByMs).toBeGreaterThanOrEqual(12 * MINUTE);

    // The tick hands the suite on without recording or starting anything.
    const { queue, batches, messages } = recordingQueue();
    const tickAt = Date.now();
    await worker.scheduled(createScheduledController({ scheduledTime: tickAt, cron: "*/5 * * * *" }), {
      ...env,
      START_QUEUE: queue,
    });
    const watchMessage = { kind: "suite-watch", suiteId, dueAt, tickAt } satisfies StartMessage;
    expect(messages()).toEqual([watchMessage]);
    expect(await runsOf(suiteId)).toHaveLength(1);

    // Two deliveries of it (overlapping ticks, a redelivered batch) record one run and send its paths.
    batches.length = 0;
    const target = { ...env, START_QUEUE: queue };
    expect(await deliver([watchMessage, watchMessage], target)).toEqual({ acked: 2, retried: 0 });
    expect(await deliver([watchMessage], target, 2)).toEqual({ acked: 1, retried: 0 });
    const runs = await runsOf(suiteId);
    expect(runs.map((r) => r.trigger)).toEqual(["api", "watch"]);
    const watchRun = runs[1]?.id as number;
    const sent = messages();
    expect(new Set(sent.map((m) => JSON.stringify(m)))).toEqual(
      new Set([0, 1].map((i) => JSON.stringify({ kind: "suite-item", itemId: watchRun * 1000 + i }))),
    );
    const watch = (await readSuite(suiteId)).watch;
    expect(watch?.lateByMs).toBeGreaterThanOrEqual(12 * MINUTE);
    expect(watch).toMatchObject({
      lastDueAt: new Date(dueAt).toISOString(),
      nextDueAt: new Date(tickAt + 10 * MINUTE).toISOString(),
      overdueByMs: 0,
    });

    expect(await deliver(sent)).toMatchObject({ retried: 0 });
    const run = await waitForRun(suiteId, watchRun);
    expect(run).toMatchObject({ trigger: "watch", totals: { paths: 2, identical: 2 } });
    expect(await comparisonCounts(run.items)).toEqual([2, 2]);
    await settle(introspector);
  });

  it("a paused suite watch whose run is already queued does not start", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const { suiteId, runId } = await createSuite({ ...bases(), paths: [`/p/${freshKey()}`] });
    await waitForRun(suiteId, runId);
    await env.DB.prepare(
      "INSERT INTO watches (target_kind, target_id, interval_minutes, enabled, next_due_at) VALUES ('suite', ?2, 10, 1, ?1) ON CONFLICT (target_kind, target_id) DO UPDATE SET interval_minutes = 10, enabled = 1, next_due_at = ?1",
    )
      .bind(Date.now(), suiteId)
      .run();
    const dueAt = (await suiteRow(suiteId))?.dueAt as number;
    const watchMessage = { kind: "suite-watch", suiteId, dueAt, tickAt: dueAt } satisfies StartMessage;
    // Paused after the tick sent its message, before the consumer took it.
    await env.DB.prepare("UPDATE watches SET enabled = 0 WHERE target_kind = 'suite' AND target_id = ?")
      .bind(suiteId)
      .run();
    const { queue, messages } = recordingQueue();
    expect(await deliver([watchMessage], { ...env, START_QUEUE: queue })).toEqual({ acked: 1, retried: 0 });
    expect(messages()).toEqual([]);
    expect(await runsOf(suiteId)).toHaveLength(1);
    expect((await suiteRow(suiteId))?.lastRunId).toBe(runId);
    await settle(introspector);
  });
});
