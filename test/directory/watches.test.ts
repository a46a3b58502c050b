import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { TICK_MS } from "../../src/cron";
import { computePairKey } from "../../src/pair-key";
import { api, compareAndWait, fresh, targets, waitForEnd } from "../support/api";
import { disableAllWatches, getPair, putWatch, settle, tick } from "../support/directory";
import { seedWatchedPairs } from "../support/watched-pairs";

const MINUTE = 60_000;

/** A pair with one completed comparison, so the directory knows it. */
async function comparedPair() {
  await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
  const q = fresh();
  const state = await compareAndWait(`${targets()}/json${q}`, `${targets()}/json${q}&b`);
  await settle(introspector);
  return state.pairKey;
}

const comparisonsOf = (pairKey: string) => env.ENV_PAIR.getByName(pairKey).listComparisons(50);

async function waitForAll(pairKey: string) {
  for (const c of await comparisonsOf(pairKey)) await waitForEnd(c.comparisonId);
}

beforeEach(disableAllWatches);

describe("PUT and DELETE /api/pairs/:pairKey/watch", () => {
  it("sets a watch that is due at once, shows it on the pair, and deletes it", async () => {
    const pairKey = await comparedPair();
    const before = Date.now();
    const res = await putWatch(pairKey, { intervalMinutes: 15, enabled: true });
    expect(res.status).toBe(200);
    const body = await res.json<{ watch: { nextDueAt: string }; webhookSecret?: string }>();
    expect(body).toMatchObject({ pairKey, watch: { intervalMinutes: 15, enabled: true, webhookUrl: null } });
    expect(body.webhookSecret).toBeUndefined();
    expect(Date.parse(body.watch.nextDueAt)).toBeGreaterThanOrEqual(before);
    // How overdue the next run is depends on when it is read; everything else is the same.
    expect((await getPair(pairKey))?.pair.watch).toEqual({ ...body.watch, overdueByMs: expect.any(Number) });

    expect((await api(`/api/pairs/${pairKey}/watch`, { method: "DELETE" })).status).toBe(204);
    expect((await getPair(pairKey))?.pair.watch).toBeNull();
  });

  it.each([
    ["an interval under 5 minutes", { intervalMinutes: 4, enabled: true }],
    ["an interval over a day", { intervalMinutes: 1441, enabled: true }],
    ["a fractional interval", { intervalMinutes: 7.5, enabled: true }],
    ["an unknown field", { intervalMinutes: 10, enabled: true, cron: "* * * * *" }],
    ["a webhook URL that is not http", { intervalMinutes: 10, enabled: true, webhookUrl: "ftp://hooks.example.com/" }],
  ])("%s is invalid_request", async (_name, body) => {
    const res = await putWatch("a".repeat(64), body);
    expect(res.status).toBe(400);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("invalid_request");
  });

  it("a watch on a pair never compared is not_found, and so is deleting it", async () => {
    const pairKey = await computePairKey(`https://never-${crypto.randomUUID()}.example.com/`, "https://b.example.com/");
    const put = await putWatch(pairKey, { intervalMinutes: 10, enabled: true });
    expect(put.status).toBe(404);
    expect((await put.json<{ error: { code: string } }>()).error.code).toBe("not_found");
    expect((await api(`/api/pairs/${pairKey}/watch`, { method: "DELETE" })).status).toBe(404);
  });
});

describe("the cron tick starts the comparisons of due watches", () => {
  it("starts a due watch once, then waits for its interval", async () => {
    const pairKey = await comparedPair();
    await putWatch(pairKey, { intervalMinutes: 5, enabled: true });
    const dueAt = (await getPair(pairKey))?.pair.watch?.nextDueAt;
    const now = Date.now();
    await tick(now);
    expect(await comparisonsOf(pairKey)).toHaveLength(2);
    const { watch } = (await getPair(pairKey))?.pair ?? {};
    // Started by the queue's consumer just after the tick, for the due time the PUT set; how late it
    // started is shown, and the next run is one interval after the tick.
    expect(Date.parse(watch?.lastStartedAt ?? "")).toBeGreaterThanOrEqual(now);
    expect(watch?.lastDueAt).toBe(dueAt);
    expect(watch?.lateByMs).toBe(Date.parse(watch?.lastStartedAt ?? "") - Date.parse(dueAt ?? ""));
    expect(watch?.nextDueAt).toBe(new Date(now + 5 * MINUTE).toISOString());
    await waitForAll(pairKey);

    await tick(now + MINUTE); // not due yet
    expect(await comparisonsOf(pairKey)).toHaveLength(2);
    await tick(now + 5 * MINUTE); // due again
    expect(await comparisonsOf(pairKey)).toHaveLength(3);
    await waitForAll(pairKey);
  });

  it("does not start a pair whose newest comparison is still running, and looks again next tick", async () => {
    const pairKey = await comparedPair();
    await putWatch(pairKey, { intervalMinutes: 30, enabled: true });
    const running = await env.ENV_PAIR.getByName(pairKey).createComparison({
      leftUrl: `${targets()}/json`,
      rightUrl: `${targets()}/json?b`,
    });
    const now = Date.now();
    await tick(now);
    const list = await comparisonsOf(pairKey);
    expect(list).toHaveLength(2);
    expect(list[0]?.comparisonId).toBe(running.comparisonId);
    const { watch } = (await getPair(pairKey))?.pair ?? {};
    expect(watch?.lastStartedAt).toBeNull();
    expect(watch?.nextDueAt).toBe(new Date(now + TICK_MS).toISOString());
  });

  it("a disabled watch starts nothing", async () => {
    const pairKey = await comparedPair();
    await putWatch(pairKey, { intervalMinutes: 5, enabled: false });
    await tick(Date.now() + 60 * MINUTE);
    expect(await comparisonsOf(pairKey)).toHaveLength(1);
    expect((await getPair(pairKey))?.pair.watch).toMatchObject({ enabled: false, nextDueAt: null });
  });

  it("starts every due watch in one tick, with no cap per tick; the same tick again starts none twice", async () => {
    const keys = (await seedWatchedPairs(25, 60, Date.now())).map((p) => p.pairKey);
    const now = Date.now() + MINUTE;
    await tick(now);
    const counts = async () => Promise.all(keys.map(async (k) => (await comparisonsOf(k)).length));
    expect(await counts()).toEqual(keys.map(() => 1));
    await tick(now);
    expect(await counts()).toEqual(keys.map(() => 1));
    for (const key of keys) await waitForAll(key);
  });
});

describe("the OpenAPI document", () => {
  it("describes the directory, events and watch routes from the same schemas", async () => {
    const doc = await (await api("/api/openapi.json")).json<any>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/pairs",
        "/api/pairs/{pairKey}",
        "/api/pairs/{pairKey}/events",
        "/api/pairs/{pairKey}/watch",
      ]),
    );
    expect(Object.keys(doc.paths["/api/pairs/{pairKey}/watch"])).toEqual(expect.arrayContaining(["put", "delete"]));
    expect(doc.components.schemas.WatchRequest.properties.intervalMinutes).toMatchObject({ minimum: 5, maximum: 1440 });
    expect(doc.components.schemas.WatchRequest.additionalProperties).toBe(false);
    expect(doc.components.schemas.PairList.required).toEqual(expect.arrayContaining(["pairs", "nextCursor"]));
  });
});
