import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeEach, describe, expect, it } from "vitest";
import type { PairEvent } from "../../src/shapes/pair";
import { api, compareAndWait, targets } from "../support/api";
import { disableAllWatches, getPair, putWatch, settle, tick, waitForPair } from "../support/directory";
import type { WebhookDelivery } from "../support/targets";

const MINUTE = 60_000;

async function deliveries(key: string): Promise<WebhookDelivery[]> {
  return (await fetch(`${targets()}/webhook/${key}/deliveries`)).json();
}

/**
 * The directory is written by the workflow's step after the one that completes the comparison, so a
 * client can see `completed` a moment before the pair is listed: wait for it like a client would.
 */
async function _inDirectory(pairKey: string): Promise<void> {
  for (let i = 0; i < 200 && !(await getPair(pairKey)); i++) await new Promise((r) => setTimeout(r, 50));
}

/**
 * A watched pair whose left side answers 200, then 503, then 200 again; the right side always 200.
 * A comparison probes each side twice by default (options.samples), and one that differs confirms it
 * with 4 more rounds of two: so 200 twice, 503 ten times, then 200.
 * The first comparison (manual) puts the pair in the directory; then the watch is set.
 */
async function flakyWatchedPair(watch: Record<string, unknown>) {
  const key = crypto.randomUUID();
  const codes = [200, 200, ...Array(10).fill(503), 200, 200].join(",");
  const leftUrl = `${targets()}/status-sequence?key=${key}&codes=${codes}`;
  const rightUrl = `${targets()}/status-sequence?key=${key}-right&codes=200`;
  const first = await compareAndWait(leftUrl, rightUrl);
  expect(first.result?.diff.identical).toBe(true);
  await waitForPair(first.pairKey);
  const res = await putWatch(first.pairKey, { intervalMinutes: 5, enabled: true, ...watch });
  expect(res.status).toBe(200);
  const body = await res.json<{ webhookSecret?: string }>();
  return { pairKey: first.pairKey, secret: body.webhookSecret };
}

async function eventsOf(pairKey: string): Promise<PairEvent[]> {
  const res = await api(`/api/pairs/${pairKey}/events`);
  expect(res.status).toBe(200);
  return (await res.json<{ events: PairEvent[] }>()).events;
}

beforeEach(disableAllWatches);

describe("drift events on watched pairs", () => {
  it("records a new high difference, then its resolution, newest first", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const { pairKey } = await flakyWatchedPair({});
    const now = Date.now();
    await tick(now); // left answers 503: a new high status difference
    await settle(introspector);
    await tick(now + 5 * MINUTE); // left answers 200 again: resolved
    await settle(introspector);

    const events = await eventsOf(pairKey);
    expect(events.map((e) => e.kind)).toEqual(["resolved", "new_high"]);
    expect(events[1]?.detail).toMatchObject({
      count: 1,
      differences: [{ kind: "status", path: "/status", left: 503, right: 200 }],
    });
    expect(events[0]?.detail).toEqual({ count: 1, resolved: [{ kind: "status", path: "/status" }] });
    expect((await getPair(pairKey))?.events).toEqual(events);
  });

  it("a pair without a watch gets no events", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const key = crypto.randomUUID();
    const state = await compareAndWait(
      `${targets()}/status-sequence?key=${key}&codes=503`,
      `${targets()}/status-sequence?key=${key}-right&codes=200`,
    );
    await settle(introspector);
    expect(state.result?.diff.summary.high).toBe(1);
    expect(await eventsOf(state.pairKey)).toEqual([]);
  });
});

describe("webhooks", () => {
  it("POSTs the events signed with the watch's secret, retrying until the receiver accepts", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.disableSleeps();
    });
    const hook = crypto.randomUUID();
    const { pairKey, secret } = await flakyWatchedPair({ webhookUrl: `${targets()}/webhook/${hook}?fail=2` });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await tick(Date.now());
    await settle(introspector);

    const received = await deliveries(hook);
    expect(received.map((d) => d.answered)).toEqual([500, 500, 204]);
    const delivered = received[2]!;
    // Any Standard Webhooks library verifies it with the secret the PUT returned.
    const body = new Webhook(secret!).verify(delivered.body, delivered.headers);
    expect(body).toMatchObject({ type: "envdiff.drift", pairKey, events: [{ kind: "new_high", pairKey }] });
    expect(delivered.headers["webhook-id"]).toBe((body as { comparisonId: string }).comparisonId);
    // Every attempt carries the same webhook-id, so the receiver can drop repeats.
    expect(new Set(received.map((d) => d.headers["webhook-id"])).size).toBe(1);
  });

  it("a receiver that never accepts is given up on, and the comparison is unaffected", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.disableSleeps();
    });
    const hook = crypto.randomUUID();
    const { pairKey } = await flakyWatchedPair({ webhookUrl: `${targets()}/webhook/${hook}?fail=1000` });
    await tick(Date.now());
    await settle(introspector);
    expect((await deliveries(hook)).length).toBe(5); // one attempt and four retries
    const [newest] = await env.ENV_PAIR.getByName(pairKey).listComparisons(1);
    expect(newest?.status).toBe("completed");
    expect((await eventsOf(pairKey)).map((e) => e.kind)).toEqual(["new_high"]);
  });

  it("the secret is shown once: re-PUTting the same URL keeps it, a new URL gets a new one", async () => {
    const first = await compareAndWait(`${targets()}/json?${crypto.randomUUID()}`, `${targets()}/json?b`);
    await waitForPair(first.pairKey);
    const url = `${targets()}/webhook/${crypto.randomUUID()}`;
    const put = async (webhookUrl: string | null) =>
      (await putWatch(first.pairKey, { intervalMinutes: 10, enabled: true, webhookUrl })).json<{
        webhookSecret?: string;
        watch: { webhookUrl: string | null };
      }>();
    expect((await put(url)).webhookSecret).toBeDefined();
    expect((await put(url)).webhookSecret).toBeUndefined();
    expect((await put(`${url}-2`)).webhookSecret).toBeDefined();
    expect((await put(null)).watch.webhookUrl).toBeNull();
    // Never readable afterwards.
    expect(JSON.stringify(await getPair(first.pairKey))).not.toContain("whsec_");
  });

  it.each([
    ["loopback", "http://127.0.0.1:8080/hook"],
    ["cloud metadata", "http://169.254.169.254/latest/meta-data/"],
    ["a private network", "http://10.0.0.7/hook"],
    ["an internal name", "https://hooks.internal/"],
  ])("refuses a webhook URL pointing at %s with blocked_target", async (_name, webhookUrl) => {
    const first = await compareAndWait(`${targets()}/json?${crypto.randomUUID()}`, `${targets()}/json?b`);
    await waitForPair(first.pairKey);
    const res = await putWatch(
      first.pairKey,
      { intervalMinutes: 10, enabled: true, webhookUrl },
      { ...env, ALLOW_PRIVATE_TARGETS: "false" },
    );
    expect(res.status).toBe(400);
    const body = await res.json<{ error: { code: string; details: unknown } }>();
    expect(body.error).toMatchObject({ code: "blocked_target", details: { field: "webhookUrl" } });
    expect((await getPair(first.pairKey))?.pair.watch).toBeNull();
  });
});
