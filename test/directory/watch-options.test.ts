/**
 * Watches keep their options (headers sealed), PUT keeps what it is not told, the watch route is
 * as strict about JSON as POST /api/compare, and a webhook URL is shown whole only to admins.
 */
import { createExecutionContext, introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { beforeEach, describe, expect, it } from "vitest";
import type { AppEnv, Scope } from "../../src/api/auth";
import { toErrorResponse } from "../../src/api/errors";
import { pairsApi } from "../../src/api/pairs";
import worker from "../../src/index";
import type { PairSummary } from "../../src/shapes/pair";
import { api, compareAndWait, targets, waitForEnd } from "../support/api";
import { disableAllWatches, putWatch, settle, tick } from "../support/directory";

const comparisonsOf = (pairKey: string) => env.ENV_PAIR.getByName(pairKey).listComparisons(50);

async function received(key: string): Promise<Record<string, string>[]> {
  return (await fetch(`${targets()}/recorded/${key}/requests`)).json();
}

async function watchRow(pairKey: string) {
  return env.DB.prepare(
    `SELECT options_json AS watch_options_json, sealed_headers AS watch_sealed_headers,
       webhook_secret AS watch_webhook_secret, webhook_url AS watch_webhook_url
     FROM watches WHERE target_kind = 'pair' AND target_id = ?`,
  )
    .bind(pairKey)
    .first<{
      watch_options_json: string | null;
      watch_sealed_headers: string | null;
      watch_webhook_secret: string | null;
      watch_webhook_url: string | null;
    }>();
}

/** A recorded pair compared once with `options`; its watch runs are then ticked by the test. */
async function comparedWith(options: unknown) {
  await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
  const key = crypto.randomUUID();
  const state = await compareAndWait(`${targets()}/recorded/${key}`, `${targets()}/recorded/${key}-b`, options);
  await settle(introspector);
  return { key, pairKey: state.pairKey, state };
}

async function runWatch(pairKey: string) {
  await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
  await tick(Date.now() + 60 * 60_000);
  await settle(introspector);
  const [newest] = await comparisonsOf(pairKey);
  return waitForEnd(newest!.comparisonId);
}

beforeEach(disableAllWatches);

describe("a watch runs with options", () => {
  it("of the comparison it was set from, headers included", async () => {
    const options = {
      headers: { Authorization: "Bearer watch-token" },
      ignorePaths: ["/body/json/ok"],
      timeoutMs: 4000,
      samples: 1, // one request per side per run, so the target's log counts runs
    };
    const { key, pairKey, state } = await comparedWith(options);
    expect((await putWatch(pairKey, { intervalMinutes: 5 })).status).toBe(200);
    const run = await runWatch(pairKey);
    expect(run.comparisonId).not.toBe(state.comparisonId);
    expect(run.options).toEqual(state.options);
    expect((await received(key)).map((h) => h.authorization)).toEqual(["Bearer watch-token", "Bearer watch-token"]);
  });

  it("given in the PUT, per-side headers too, stored sealed", async () => {
    const { key, pairKey } = await comparedWith(undefined);
    const res = await putWatch(pairKey, {
      intervalMinutes: 5,
      options: {
        headers: { "X-Api-Key": "put-key" },
        right: { headers: { "X-Api-Key": "right-key" } },
        samples: 1, // one request per side per run, so the target's log counts runs
      },
    });
    expect(res.status).toBe(200);
    const { watch } = await res.json<{ watch: PairSummary["watch"] }>();
    expect(watch?.options?.headers).toEqual({ "X-Api-Key": "[redacted]" });
    const row = await watchRow(pairKey);
    expect(JSON.stringify(row)).not.toContain("put-key");
    expect(row?.watch_sealed_headers).toMatch(/^enc:v2:/);
    await runWatch(pairKey);
    // The first comparison probed each side twice (the default samples), without headers.
    expect((await received(key)).map((h) => h["x-api-key"])).toEqual([undefined, undefined, "put-key"]);
    expect((await received(`${key}-b`)).map((h) => h["x-api-key"])).toEqual([undefined, undefined, "right-key"]);
  });

  it("refuses options copied with their redacted values, which would send '[redacted]'", async () => {
    const { pairKey } = await comparedWith(undefined);
    const res = await putWatch(pairKey, { intervalMinutes: 5, options: { headers: { Authorization: "[redacted]" } } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_request", details: { field: "options" } } });
  });

  it("refuses a comparisonId of another pair", async () => {
    const { pairKey } = await comparedWith(undefined);
    const other = await comparedWith(undefined);
    const res = await putWatch(pairKey, { intervalMinutes: 5, comparisonId: other.state.comparisonId });
    expect(res.status).toBe(400);
  });
});

describe("PUT semantics", () => {
  it("an omitted field keeps its value; null removes it", async () => {
    const { pairKey } = await comparedWith({ headers: { Authorization: "Bearer kept" } });
    const webhookUrl = `${targets()}/webhook/${crypto.randomUUID()}`;
    const created = await putWatch(pairKey, { intervalMinutes: 30, webhookUrl });
    expect((await created.json<{ webhookSecret?: string }>()).webhookSecret).toMatch(/^whsec_/);
    const before = await watchRow(pairKey);

    // Only `enabled`: interval, webhook, its secret and the options all stay.
    const paused = await putWatch(pairKey, { enabled: false });
    expect(paused.status).toBe(200);
    const body = await paused.json<{ watch: PairSummary["watch"]; webhookSecret?: string }>();
    expect(body.webhookSecret).toBeUndefined();
    expect(body.watch).toMatchObject({ intervalMinutes: 30, enabled: false, webhookUrl });
    expect(await watchRow(pairKey)).toEqual(before);

    // null removes the webhook (and its secret) and the options.
    const cleared = await putWatch(pairKey, { webhookUrl: null, options: null });
    expect((await cleared.json<{ watch: PairSummary["watch"] }>()).watch).toMatchObject({
      intervalMinutes: 30,
      webhookUrl: null,
      options: null,
    });
    expect(await watchRow(pairKey)).toMatchObject({
      watch_webhook_secret: null,
      watch_options_json: null,
      watch_sealed_headers: null,
    });
  });

  it("a new watch needs intervalMinutes", async () => {
    const { pairKey } = await comparedWith(undefined);
    const res = await putWatch(pairKey, { enabled: true });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: "invalid_request", details: { field: "intervalMinutes" } },
    });
  });
});

describe("one strictness for every JSON route", () => {
  const routes = async () => {
    const { pairKey } = await comparedWith(undefined);
    return [
      ["POST /api/compare", "POST", "/api/compare", `{"leftUrl":"${targets()}/json","rightUrl":"${targets()}/json?b"`],
      ["PUT watch", "PUT", `/api/pairs/${pairKey}/watch`, `{"intervalMinutes":5`],
    ] as const;
  };

  it.each([
    ["a repeated key", `,"options":{"timeoutMs":1000,"timeoutMs":2000}}`, /repeats a key/],
    ["__proto__", `,"options":{"headers":{"__proto__":{"x":"1"}}}}`, /__proto__/],
  ])("refuses %s on every JSON route", async (_name, tail, message) => {
    for (const [route, method, path, head] of await routes()) {
      const res = await api(path, { method, headers: { "content-type": "application/json" }, body: head + tail });
      expect({ route, status: res.status }).toEqual({ route, status: 400 });
      const error = (await res.json<{ error: { code: string; message: string } }>()).error;
      expect(error.code).toBe("invalid_request");
      expect(error.message).toMatch(message);
    }
  });
});

describe("webhook URLs are secrets", () => {
  function as(scopes: Scope[]) {
    return new Hono<AppEnv>()
      .use(async (c, next) => {
        // As the auth middleware would leave it, so requireScope does not resolve an identity again.
        const identity = { id: "someone", kind: "token" as const, scopes };
        c.set("auth", { kind: "identified", identity });
        c.set("identity", identity);
        await next();
      })
      .route("/api/pairs", pairsApi)
      .onError(toErrorResponse);
  }

  it("a read identity sees only scheme and host; an admin sees the whole URL", async () => {
    const { pairKey } = await comparedWith(undefined);
    const webhookUrl = `${targets()}/webhook/${crypto.randomUUID()}?token=chat-credential`;
    expect((await putWatch(pairKey, { intervalMinutes: 5, webhookUrl })).status).toBe(200);
    const origin = new URL(webhookUrl).origin;
    for (const path of [`/api/pairs/${pairKey}`, "/api/pairs?limit=100"]) {
      const read = await (await as(["read"]).request(path, {}, env)).text();
      expect(read).not.toContain("chat-credential");
      expect(read).toContain(`"webhookUrl":"${origin}/…"`);
      const admin = await (await as(["admin"]).request(path, {}, env)).text();
      expect(admin).toContain(JSON.stringify(webhookUrl));
    }
  });
});

describe("without ENVDIFF_SECRETS_KEY", () => {
  it("a request with headers is refused with a configuration error, and nothing starts; one without works", async () => {
    const noKey = { ...env, ENVDIFF_SECRETS_KEY: "" };
    const q = crypto.randomUUID();
    const body = (options?: unknown) =>
      new Request("http://envdiff.test/api/compare", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ leftUrl: `${targets()}/json?${q}`, rightUrl: `${targets()}/json?${q}b`, options }),
      });
    const refused = await worker.fetch(
      body({ headers: { Authorization: "Bearer x" } }),
      noKey,
      createExecutionContext(),
    );
    expect(refused.status).toBe(500);
    expect((await refused.json<{ error: { message: string } }>()).error.message).toMatch(
      /ENVDIFF_SECRETS_KEY is not set.*wrangler secret put/,
    );
    const accepted = await worker.fetch(body(), noKey, createExecutionContext());
    expect(accepted.status).toBe(202);
    const { pairKey, comparisonId } = await accepted.json<{ pairKey: string; comparisonId: string }>();
    expect((await comparisonsOf(pairKey)).map((c) => c.comparisonId)).toEqual([comparisonId]);
    await waitForEnd(comparisonId);
  });
});
