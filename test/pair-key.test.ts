import { describe, expect, it } from "vitest";
import { computePairKey, newComparisonId, normalizeUrl, parseComparisonId } from "../src/pair-key";

describe("computePairKey of a POST", () => {
  const [a, b] = ["https://staging.example.com/graphql", "https://www.example.com/graphql"];
  const key = (request: Parameters<typeof computePairKey>[2]) => computePairKey(a, b, request);

  it("keeps GET and HEAD on the key of the URLs alone, as before bodies existed", async () => {
    const urls = await computePairKey(a, b);
    expect(await key({ method: "GET" })).toBe(urls);
    expect(await key({ method: "HEAD" })).toBe(urls);
  });

  it("gives a POST, and each body of it, a key of its own, whichever side is left", async () => {
    const keys = await Promise.all([
      computePairKey(a, b),
      key({ method: "POST" }),
      key({ method: "POST", body: { json: { query: "{ a }" } } }),
      key({ method: "POST", body: { json: { query: "{ b }" } } }),
      key({ method: "POST", body: { text: '{"query":"{ a }"}' } }),
      key({ method: "POST", body: { text: '{"query":"{ a }"}', contentType: "application/graphql" } }),
    ]);
    expect(new Set(keys).size).toBe(keys.length);
    const post = { method: "POST", body: { json: { query: "{ a }" } } };
    expect(await computePairKey(b, a, post)).toBe(await key(post));
  });

  it("reads a JSON body by its canonical form: the same query with its keys in another order", async () => {
    expect(await key({ method: "POST", body: { json: { query: "{ a }", variables: { x: 1, y: [1, 2] } } } })).toBe(
      await key({ method: "POST", body: { json: { variables: { y: [1, 2], x: 1 }, query: "{ a }" } } }),
    );
    expect(await key({ method: "POST", body: { json: { v: [1, 2] } } })).not.toBe(
      await key({ method: "POST", body: { json: { v: [2, 1] } } }),
    );
  });

  it("names a secret body by its content type only: a public key digests no secret", async () => {
    const one = await key({ method: "POST", body: { json: { token: "one" }, secret: true } });
    expect(await key({ method: "POST", body: { json: { token: "two" }, secret: true } })).toBe(one);
    expect(await key({ method: "POST", body: { json: "[redacted]", secret: true } })).toBe(one);
    expect(await key({ method: "POST", body: { json: { token: "one" } } })).not.toBe(one);
    expect(await key({ method: "POST", body: { text: "token=one", secret: true } })).not.toBe(one);
  });
});

describe("computePairKey", () => {
  it("is the same whichever URL is on the left", async () => {
    const a = "https://staging.example.com/health";
    const b = "https://www.example.com/health";
    expect(await computePairKey(a, b)).toBe(await computePairKey(b, a));
  });

  it("is 64 lowercase hex characters: URL-safe and without a colon", async () => {
    expect(await computePairKey("https://a.example/", "https://b.example/")).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["scheme and host case", "HTTPS://Staging.Example.COM/health", "https://staging.example.com/health"],
    ["a default https port", "https://staging.example.com:443/health", "https://staging.example.com/health"],
    ["a default http port", "http://staging.example.com:80/health", "http://staging.example.com/health"],
    ["a fragment", "https://staging.example.com/health#top", "https://staging.example.com/health"],
  ])("ignores %s", async (_label, spelled, canonical) => {
    const other = "https://www.example.com/health";
    expect(await computePairKey(spelled, other)).toBe(await computePairKey(canonical, other));
  });

  it.each([
    ["path case", "https://a.example/Health", "https://a.example/health"],
    ["the query", "https://a.example/health?v=1", "https://a.example/health?v=2"],
    ["a non-default port", "https://a.example:8443/health", "https://a.example/health"],
    ["the scheme", "http://a.example/health", "https://a.example/health"],
  ])("keeps %s", async (_label, one, two) => {
    const other = "https://www.example.com/health";
    expect(await computePairKey(one, other)).not.toBe(await computePairKey(two, other));
  });

  it("does not confuse where one URL ends and the other begins", async () => {
    expect(await computePairKey("https://a.example/x", "https://a.example/yz")).not.toBe(
      await computePairKey("https://a.example/xy", "https://a.example/z"),
    );
  });

  it("normalises with the WHATWG parser and keeps path and query as written", () => {
    expect(normalizeUrl("HTTP://EXAMPLE.com:80/A%2fB?q=Z#f")).toBe("http://example.com/A%2fB?q=Z");
  });
});

describe("comparison ids", () => {
  it("embed the pair key before the first colon, and parse back to it", async () => {
    const pairKey = await computePairKey("https://a.example/", "https://b.example/");
    const id = newComparisonId(pairKey);
    expect(id).toMatch(new RegExp(`^${pairKey}:[0-9a-f-]{36}$`));
    expect(parseComparisonId(id)).toEqual({ pairKey });
  });

  it.each([
    "",
    "nocolon",
    `${"a".repeat(64)}:not-a-uuid`,
    `${"A".repeat(64)}:${"0".repeat(36)}`,
    `:${crypto.randomUUID()}`,
  ])("rejects %j", (id) => {
    expect(parseComparisonId(id)).toBeNull();
  });
});
