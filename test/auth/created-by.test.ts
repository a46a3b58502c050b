/**
 * Who did it: a comparison records the identity that asked for it, a watch the identity that set
 * it, and the API shows both. The rate limit counts per identity rather than per address. A token's
 * identity is its id: two tokens may share a name (a label), never an identity.
 */
import { describe, expect, it } from "vitest";
import { rateKey } from "../../src/api/rate-limit";
import type { ComparisonState } from "../../src/shapes/comparison";
import type { PairSummary } from "../../src/shapes/pair";
import { fresh, targets, waitForEnd } from "../support/api";
import { type AuthVars, bearer, call, makeToken } from "./support";

const post = (path: string, body: unknown, headers: Record<string, string>, method = "POST", vars?: AuthVars) =>
  call(path, { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }, vars);

describe("createdBy", () => {
  it("a comparison started with a token shows the token as createdBy, in its state and the pair's timeline", async () => {
    const { token, id } = await makeToken(["compare"]);
    const query = fresh();
    const started = await post(
      "/api/compare",
      { leftUrl: `${targets()}/json${query}`, rightUrl: `${targets()}/json${query}&x=1` },
      bearer(token),
    );
    expect(started.status).toBe(202);
    const { comparisonId, pairKey } = await started.json<{ comparisonId: string; pairKey: string }>();
    const state: ComparisonState = await waitForEnd(comparisonId);
    expect(state.createdBy).toBe(`token:${id}`);

    const reader = await makeToken(["read"]);
    const timeline = await call(`/api/pairs/${pairKey}/comparisons`, { headers: bearer(reader.token) });
    const { comparisons } = await timeline.json<{ comparisons: { createdBy: string | null }[] }>();
    expect(comparisons[0]?.createdBy).toBe(`token:${id}`);
  });

  it("a watch shows who set it; in AUTH_MODE=none nobody is recorded", async () => {
    const admin = await makeToken(["admin"]);
    const query = fresh();
    const started = await post(
      "/api/compare",
      { leftUrl: `${targets()}/json${query}`, rightUrl: `${targets()}/text${query}` },
      {},
      "POST",
      { AUTH_MODE: "none" },
    );
    const { comparisonId, pairKey } = await started.json<{ comparisonId: string; pairKey: string }>();
    expect((await waitForEnd(comparisonId)).createdBy).toBeNull();
    // The directory row is written just after the comparison ends.
    for (let i = 0; i < 50; i++) {
      if ((await call(`/api/pairs/${pairKey}`, { headers: bearer(admin.token) })).status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const res = await post(`/api/pairs/${pairKey}/watch`, { intervalMinutes: 60 }, bearer(admin.token), "PUT");
    expect(res.status).toBe(200);
    const { watch } = await res.json<{ watch: NonNullable<PairSummary["watch"]> }>();
    expect(watch.updatedBy).toBe(`token:${admin.id}`);
  });
});

describe("a token is its id, not its name", () => {
  it("two live tokens with one name are two identities: each its own createdBy, whoami and rate-limit allowance", async () => {
    const name = `shared-${crypto.randomUUID().slice(0, 8)}`;
    const first = await makeToken(["compare"], { name });
    const second = await makeToken(["compare"], { name });
    const limited: AuthVars = { AUTH_MODE: "token", RATE_LIMIT_PER_MINUTE: "1" };
    const query = fresh();
    const start = (token: string, n: number) =>
      post(
        "/api/compare",
        { leftUrl: `${targets()}/json${query}&n=${n}`, rightUrl: `${targets()}/text${query}` },
        bearer(token),
        "POST",
        limited,
      );
    // One comparison each: a shared allowance of one a minute would refuse the second with 429.
    const started = [await start(first.token, 1), await start(second.token, 2)];
    expect(started.map((res) => res.status)).toEqual([202, 202]);
    const states = await Promise.all(
      started.map(async (res) => waitForEnd((await res.json<{ comparisonId: string }>()).comparisonId)),
    );
    expect(states.map((s) => s.createdBy)).toEqual([`token:${first.id}`, `token:${second.id}`]);
    for (const { token, id } of [first, second]) {
      const me = await call("/api/whoami", { headers: bearer(token) });
      expect(await me.json()).toEqual({ id: `token:${id}`, name, kind: "token", scopes: ["compare"] });
    }
  });
});

describe("rate limit key", () => {
  it.each([
    [null, "203.0.113.9", "ip4:203.0.113.9"],
    ["token:0b6f8a36-1c1e-4b6e-9a57-2f4f3f6c2d11", "203.0.113.9", "id:token:0b6f8a36-1c1e-4b6e-9a57-2f4f3f6c2d11"],
    ["dev@example.com", undefined, "id:dev@example.com"],
    [null, undefined, "local"],
  ])("identity %s from %s counts as %s", (identity, ip, key) => {
    expect(rateKey(identity, ip)).toBe(key);
  });

  it("a token keeps its own allowance whatever address it calls from", async () => {
    const { token } = await makeToken(["compare"]);
    const limited: AuthVars = { AUTH_MODE: "token", RATE_LIMIT_PER_MINUTE: "1" };
    const hit = (ip: string) => post("/api/compare", {}, { ...bearer(token), "cf-connecting-ip": ip }, "POST", limited);
    expect((await hit("198.51.100.201")).status).toBe(400);
    expect((await hit("198.51.100.202")).status).toBe(429);
  });
});
