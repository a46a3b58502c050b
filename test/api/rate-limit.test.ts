/**
 * The per-client rate limit of POST /api/compare. The tests' wrangler vars turn it off
 * (RATE_LIMIT_PER_MINUTE "0"), so these call the worker with a modified env, and each test uses
 * its own client address (CF-Connecting-IP), hence its own RateLimiterDO.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { clientKey, parseRateLimit } from "../../src/api/rate-limit";
import { SlidingWindow } from "../../src/do/sliding-window";
import worker from "../../src/index";

let lastOctet = 0;
/** A client address no other test uses. */
const newClient = () => `198.51.100.${++lastOctet}`;

/** An invalid body on purpose: the limit counts calls before reading the body, and nothing is started. */
async function post(limit: string, ip: string | null, body = "{}"): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (ip !== null) headers["cf-connecting-ip"] = ip;
  const ctx = createExecutionContext();
  const req = new Request("http://envdiff.test/api/compare", { method: "POST", headers, body });
  const res = await worker.fetch(req, { ...env, RATE_LIMIT_PER_MINUTE: limit }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("rate limit of POST /api/compare", () => {
  it("allows the limit, then answers 429 rate_limited with Retry-After", async () => {
    const ip = newClient();
    for (let i = 0; i < 3; i++) expect((await post("3", ip)).status).toBe(400);
    const refused = await post("3", ip);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await refused.json<{ error: { code: string; message: string; details: unknown } }>();
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(/at most 3 per minute/);
    expect(body.error.details).toEqual({ limit: 3, retryAfterSeconds: retryAfter });
  });

  it("counts each client separately", async () => {
    const [a, b] = [newClient(), newClient()];
    expect((await post("1", a)).status).toBe(400);
    expect((await post("1", a)).status).toBe(429);
    expect((await post("1", b)).status).toBe(400);
  });

  it("counts a whole IPv6 /64 as one client", async () => {
    const prefix = `2001:db8:${(++lastOctet).toString(16)}:1`;
    expect((await post("1", `${prefix}::1`)).status).toBe(400);
    expect((await post("1", `${prefix}::2`)).status).toBe(429);
  });

  it('turns off with "0"', async () => {
    const ip = newClient();
    for (let i = 0; i < 5; i++) expect((await post("0", ip)).status).toBe(400);
  });

  it("refuses before reading the body, so even garbage counts", async () => {
    const ip = newClient();
    expect((await post("1", ip, "not json")).status).toBe(400);
    const refused = await post("1", ip, "not json");
    expect(refused.status).toBe(429);
  });

  it("is listed in the OpenAPI document", async () => {
    const res = await worker.fetch(new Request("http://envdiff.test/api/openapi.json"), env, createExecutionContext());
    const doc = await res.json<any>();
    expect(doc.paths["/api/compare"].post.responses["429"].description).toContain("rate_limited");
  });
});

describe("sliding window", () => {
  it("allows `limit` hits in any window and says when the next one fits", () => {
    const window = new SlidingWindow(60_000);
    expect(window.hit(2, 0)).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 });
    expect(window.hit(2, 10_000)).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
    expect(window.hit(2, 30_000)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 30 });
    // Refused hits are not counted: at 60 s the first hit has left the window.
    expect(window.hit(2, 60_000).allowed).toBe(true);
    expect(window.hit(2, 60_500)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 10 });
  });

  it("never answers a Retry-After below one second", () => {
    const window = new SlidingWindow(60_000);
    window.hit(1, 0);
    expect(window.hit(1, 59_999).retryAfterSeconds).toBe(1);
  });

  it("waits for enough hits to expire when the limit was lowered", () => {
    const window = new SlidingWindow(60_000);
    for (const at of [0, 10_000, 20_000]) window.hit(5, at);
    expect(window.hit(1, 25_000)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 55 });
  });
});

describe("rate limit configuration", () => {
  it.each([
    ["60", 60],
    [" 5 ", 5],
    ["0", 0],
    ["", 60],
    [undefined, 60],
    ["-1", 60],
    ["1.5", 60],
    ["lots", 60],
  ])("RATE_LIMIT_PER_MINUTE %j means %i", (value, expected) => {
    expect(parseRateLimit(value)).toBe(expected);
  });

  it.each([
    [undefined, "local"],
    ["203.0.113.9", "ip4:203.0.113.9"],
    ["::ffff:203.0.113.9", "ip4:203.0.113.9"],
    ["2001:db8:aa:bb:1:2:3:4", "ip6:2001:db8:aa:bb::/64"],
    ["not an ip", "raw:not an ip"],
  ])("client %j is keyed as %j", (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });
});
