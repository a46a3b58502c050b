import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { TICK_MS } from "../../src/cron";
import type { StartMessage } from "../../src/fanout/messages";
import worker from "../../src/index";
import { api, waitForEnd } from "../support/api";
import { disableAllWatches, getPair, putWatch, tick } from "../support/directory";
import { countedWorkflow, deliver } from "../support/fanout";
import { comparisonCounts, type SeededPair, seedWatchedPairs } from "../support/watched-pairs";

const MINUTE = 60_000;

const watchRun = (p: SeededPair, dueAt: number, tickAt = dueAt): StartMessage => ({
  kind: "watch",
  pairKey: p.pairKey,
  dueAt,
  tickAt,
});

async function waitForAllEnded(pairs: SeededPair[]) {
  for (const p of pairs) {
    for (const c of await env.ENV_PAIR.getByName(p.pairKey).listComparisons(50))
      await waitForEnd(c.comparisonId, 120_000);
  }
}

/** The directory's D1 with every claim (an UPDATE of a watch's next due time) failing: a crash after the start. */
function envFailingClaims(): Env {
  const db = new Proxy(env.DB, {
    get(target, prop) {
      if (prop !== "prepare") return Reflect.get(target, prop, target);
      return (query: string) => {
        if (/^update "watches" set "next_due_at"/i.test(query)) throw new Error("D1 went away");
        return target.prepare(query);
      };
    },
  });
  return { ...env, DB: db };
}

beforeEach(disableAllWatches);

describe("the cron tick fans due watches out through the start queue", () => {
  it("starts 250 watched pairs due in one tick exactly once each, all within that tick", async () => {
    const dueAt = Date.now();
    const pairs = await seedWatchedPairs(250, 5, dueAt);
    const tickAt = dueAt + 1000;
    await tick(tickAt, 180_000);
    expect(await comparisonCounts(pairs)).toEqual(pairs.map(() => 1));
    const watches = await Promise.all(pairs.map(async (p) => (await getPair(p.pairKey))?.pair.watch));
    for (const watch of watches) {
      expect(watch?.lateByMs).toBeLessThan(TICK_MS);
      expect(watch?.nextDueAt).toBe(new Date(tickAt + 5 * MINUTE).toISOString());
    }
    await waitForAllEnded(pairs);
  }, 300_000);

  it("overlapping ticks, at the same time or a moment apart, start each pair once", async () => {
    const dueAt = Date.now();
    const pairs = await seedWatchedPairs(30, 10, dueAt);
    const run = (at: number) =>
      worker.scheduled(createScheduledController({ scheduledTime: at, cron: "*/5 * * * *" }), env);
    await Promise.all([run(dueAt + 1000), run(dueAt + 1000), run(dueAt + 2000)]);
    await tick(dueAt + 2000);
    expect(await comparisonCounts(pairs)).toEqual(pairs.map(() => 1));
    await waitForAllEnded(pairs);
  });
});

describe("the start queue's consumer", () => {
  it("a batch whose invocation died halfway is delivered again and starts each pair once", async () => {
    const dueAt = Date.now();
    const pairs = await seedWatchedPairs(20, 15, dueAt);
    const messages = pairs.map((p) => watchRun(p, dueAt));
    // The first invocation got through half the batch before dying: Queues delivers all of it again.
    expect(await deliver(messages.slice(0, 10))).toEqual({ acked: 10, retried: 0 });
    expect(await deliver(messages, env, 2)).toEqual({ acked: 20, retried: 0 });
    expect(await comparisonCounts(pairs)).toEqual(pairs.map(() => 1));
    await waitForAllEnded(pairs);
  });

  it("a start whose claim failed is retried, and the retry replays the comparison instead of starting another", async () => {
    const dueAt = Date.now();
    const pairs = await seedWatchedPairs(5, 15, dueAt);
    const messages = pairs.map((p) => watchRun(p, dueAt));
    // Comparisons start, then D1 fails before the watch is claimed: every message goes back to the queue.
    expect(await deliver(messages, envFailingClaims())).toEqual({ acked: 0, retried: 5 });
    expect(await comparisonCounts(pairs)).toEqual(pairs.map(() => 1));
    expect((await getPair(pairs[0]!.pairKey))?.pair.watch?.lastStartedAt).toBeNull();
    expect(await deliver(messages, env, 2)).toEqual({ acked: 5, retried: 0 });
    expect(await comparisonCounts(pairs)).toEqual(pairs.map(() => 1));
    const watch = (await getPair(pairs[0]!.pairKey))?.pair.watch;
    expect(watch?.lastDueAt).toBe(new Date(dueAt).toISOString());
    expect(watch?.lastStartedAt).not.toBeNull();
    await waitForAllEnded(pairs);
  });

  it("a watch paused or deleted after its run was queued does not start", async () => {
    const dueAt = Date.now();
    const [paused, deleted, kept] = await seedWatchedPairs(3, 15, dueAt);
    expect((await putWatch(paused!.pairKey, { intervalMinutes: 15, enabled: false })).status).toBe(200);
    expect((await api(`/api/pairs/${deleted!.pairKey}/watch`, { method: "DELETE" })).status).toBe(204);
    expect(await deliver([watchRun(paused!, dueAt), watchRun(deleted!, dueAt), watchRun(kept!, dueAt)])).toEqual({
      acked: 3,
      retried: 0,
    });
    expect(await comparisonCounts([paused!, deleted!, kept!])).toEqual([0, 0, 1]);
    expect((await getPair(paused!.pairKey))?.pair.watch).toMatchObject({ enabled: false, lastStartedAt: null });
    expect((await getPair(deleted!.pairKey))?.pair.watch).toBeNull();
    await waitForAllEnded([kept!]);
  });

  it("a run the fan-out could not start on time shows how late it was, before and after it starts", async () => {
    const dueAt = Date.now() - 12 * MINUTE;
    const [pair] = await seedWatchedPairs(1, 5, dueAt);
    // Due for 12 minutes and not started (the queue was throttled): the API says so.
    const before = (await getPair(pair!.pairKey))?.pair.watch;
    expect(before?.overdueByMs).toBeGreaterThanOrEqual(12 * MINUTE);
    expect(before?.nextDueAt).toBe(new Date(dueAt).toISOString());
    // The message finally arrives: the run starts, late, and says by how much; the interval is not stretched.
    const tickAt = dueAt + 5 * MINUTE;
    expect(await deliver([watchRun(pair!, dueAt, tickAt)], env, 3)).toEqual({ acked: 1, retried: 0 });
    const after = (await getPair(pair!.pairKey))?.pair.watch;
    expect(after?.lateByMs).toBeGreaterThanOrEqual(12 * MINUTE);
    expect(after?.lastDueAt).toBe(new Date(dueAt).toISOString());
    expect(after?.nextDueAt).toBe(new Date(tickAt + 5 * MINUTE).toISOString());
    await waitForAllEnded([pair!]);
  });

  it("a start whose workflow could not be created is retried, and the retry creates it rather than leave it to the watchdog", async () => {
    const dueAt = Date.now();
    const [pair] = await seedWatchedPairs(1, 15, dueAt);
    const failing = countedWorkflow(true);
    expect(await deliver([watchRun(pair!, dueAt)], { ...env, COMPARE_WORKFLOW: failing.binding })).toEqual({
      acked: 0,
      retried: 1,
    });
    // Recorded and kept running for the retry, not failed: the watch is still due.
    const [recorded] = await env.ENV_PAIR.getByName(pair!.pairKey).listComparisons(1);
    expect(recorded?.status).toBe("running");
    expect((await getPair(pair!.pairKey))?.pair.watch?.nextDueAt).toBe(new Date(dueAt).toISOString());

    expect(await deliver([watchRun(pair!, dueAt)], env, 2)).toEqual({ acked: 1, retried: 0 });
    expect((await waitForEnd(recorded!.comparisonId)).status).toBe("completed");
    expect(await comparisonCounts([pair!])).toEqual([1]);
    expect((await getPair(pair!.pairKey))?.pair.watch?.lastDueAt).toBe(new Date(dueAt).toISOString());
  });

  it("a target the guard refuses is skipped for this run, not retried forever", async () => {
    const dueAt = Date.now();
    const [pair] = await seedWatchedPairs(1, 15, dueAt);
    await env.DB.prepare("UPDATE pairs SET left_url = 'http://169.254.169.254/latest' WHERE pair_key = ?")
      .bind(pair!.pairKey)
      .run();
    const strict = { ...env, ALLOW_PRIVATE_TARGETS: "false" };
    expect(await deliver([watchRun(pair!, dueAt, dueAt)], strict)).toEqual({ acked: 1, retried: 0 });
    expect(await comparisonCounts([pair!])).toEqual([0]);
    const watch = (await getPair(pair!.pairKey))?.pair.watch;
    expect(watch).toMatchObject({ lastStartedAt: null, nextDueAt: new Date(dueAt + 15 * MINUTE).toISOString() });
  });
});
