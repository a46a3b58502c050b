/** Suite watches: run by the cron tick, one webhook delivery per run with drift, and the rate limit. */
import { createExecutionContext, introspectWorkflow, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { api, targets } from "../support/api";
import { settle, tick } from "../support/directory";
import {
  bases,
  createSuite,
  freshKey,
  readSuite,
  STEADY,
  setControl,
  waitForNextRun,
  waitForRun,
} from "../support/suites";

const MINUTE = 60_000;

async function putSuiteWatch(suiteId: string, body: unknown): Promise<Response> {
  return api(`/api/suites/${suiteId}/watch`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function deliveries(hook: string): Promise<{ body: string }[]> {
  return (await fetch(`${targets()}/webhook/${hook}/deliveries`)).json();
}

/** Waits for `count` deliveries, then a little longer to see that no more arrive. */
async function waitForDeliveries(hook: string, count: number) {
  const deadline = Date.now() + 20_000;
  while ((await deliveries(hook)).length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  return deliveries(hook);
}

beforeEach(async () => {
  await env.DB.prepare("UPDATE watches SET enabled = 0").run();
});

describe("suite watches", () => {
  it("a watched suite runs on the tick and sends one webhook per run with drift, however many paths drift", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const keys = [freshKey(), freshKey(), freshKey()];
    const paths = [...keys.map((k) => `/status/${k}`), `/p/${keys[0]}`];
    const { suiteId, runId } = await createSuite({ name: "watched", ...bases(), paths, options: STEADY });
    expect((await waitForRun(suiteId, runId)).verdict).toBe("identical");

    const hook = freshKey();
    const put = await putSuiteWatch(suiteId, {
      intervalMinutes: 10,
      enabled: true,
      webhookUrl: `${targets()}/webhook/${hook}`,
    });
    expect(put.status).toBe(200);
    expect((await put.json<{ webhookSecret: string }>()).webhookSecret).toMatch(/^whsec_/);

    // Three paths break at once: one run, one delivery naming all three.
    for (const key of keys) await setControl(key, "500");
    const now = Date.now();
    await tick(now);
    const broken = await waitForNextRun(suiteId, runId);
    expect(broken).toMatchObject({ trigger: "watch", verdict: "different" });
    expect(broken.drift?.newHigh.sort()).toEqual(keys.map((k) => `/status/${k}`).sort());
    const first = await waitForDeliveries(hook, 1);
    expect(first).toHaveLength(1);
    const body = JSON.parse(first[0]?.body ?? "{}");
    expect(body).toMatchObject({ type: "envdiff.drift", suiteId, runId: broken.runId, verdict: "different" });
    expect(body.events).toEqual([{ kind: "new_high", paths: expect.arrayContaining(keys.map((k) => `/status/${k}`)) }]);

    // Not due yet: a tick a minute later starts nothing.
    await tick(now + MINUTE);
    expect((await readSuite(suiteId)).run?.runId).toBe(broken.runId);

    // Fixed: the next due run resolves them, in one more delivery.
    for (const key of keys) await setControl(key, "200");
    await tick(now + 10 * MINUTE);
    const fixed = await waitForNextRun(suiteId, broken.runId);
    expect(fixed.drift?.resolvedHigh.sort()).toEqual(keys.map((k) => `/status/${k}`).sort());
    const both = await waitForDeliveries(hook, 2);
    expect(both).toHaveLength(2);
    expect(JSON.parse(both[1]?.body ?? "{}").events).toEqual([{ kind: "resolved", paths: expect.any(Array) }]);
    await settle(introspector);

    expect((await api(`/api/suites/${suiteId}/watch`, { method: "DELETE" })).status).toBe(204);
    expect((await readSuite(suiteId)).watch).toBeNull();
  });

  it("PUT keeps what it is not told: an omitted field keeps its value, null removes the webhook", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const { suiteId } = await createSuite({ ...bases(), paths: [`/p/${freshKey()}`], options: STEADY });
    const refused = await putSuiteWatch(suiteId, { enabled: true });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { code: "invalid_request", details: { field: "intervalMinutes" } },
    });

    const webhookUrl = `${targets()}/webhook/${freshKey()}`;
    const created = await putSuiteWatch(suiteId, { intervalMinutes: 30, webhookUrl });
    expect(created.status).toBe(200);
    const { webhookSecret } = await created.json<{ webhookSecret: string }>();
    expect(webhookSecret).toMatch(/^whsec_/);
    const stored = await env.DB.prepare(
      "SELECT webhook_secret AS s FROM watches WHERE target_kind = 'suite' AND target_id = ?",
    )
      .bind(suiteId)
      .first<{ s: string }>();
    expect(stored?.s).toMatch(/^enc:v2:/); // sealed, never the whsec_ value itself

    // Only `enabled`: interval, webhook and its secret stay (no new secret is shown).
    const paused = await putSuiteWatch(suiteId, { enabled: false });
    expect(await paused.json()).toEqual({
      suiteId,
      watch: expect.objectContaining({ intervalMinutes: 30, enabled: false, webhookUrl }),
    });
    // null removes the webhook; the interval stays.
    const cleared = await putSuiteWatch(suiteId, { webhookUrl: null });
    expect((await cleared.json<{ watch: unknown }>()).watch).toMatchObject({ intervalMinutes: 30, webhookUrl: null });
    await settle(introspector);
  });

  it("a watch on an unknown suite is not_found", async () => {
    const res = await putSuiteWatch(crypto.randomUUID(), { intervalMinutes: 10, enabled: true });
    expect(res.status).toBe(404);
  });
});

describe("rate limit", () => {
  it("a suite of 20 paths counts as one request", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const limited = { ...env, RATE_LIMIT_PER_MINUTE: "2" };
    const call = async (path: string, body: unknown) => {
      const ctx = createExecutionContext();
      const req = new Request(`http://envdiff.test${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": "203.0.113.77" },
        body: JSON.stringify(body),
      });
      const res = await worker.fetch(req, limited, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const key = freshKey();
    const paths = Array.from({ length: 20 }, (_, i) => `/p/${key}${i}`);
    expect((await call("/api/suites", { ...bases(), paths })).status).toBe(202);
    // The second request of the minute is still allowed; the third is not.
    expect((await call("/api/compare", {})).status).toBe(400);
    expect((await call("/api/suites", { ...bases(), paths })).status).toBe(429);
    await settle(introspector);
  });
});
