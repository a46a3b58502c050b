import { describe, expect, it } from "vitest";
import { DEFAULT_IGNORED_HEADERS, diffEnvelopes } from "../../src/diff";
import { difference, left, right } from "../support/envelopes";

const common = { "content-type": "application/json", "cache-control": "no-store" };

describe("headers", () => {
  it("treats two responses that differ only in volatile headers as identical", () => {
    const l = left({
      headers: {
        ...common,
        date: "Mon, 01 Jan 2025 00:00:00 GMT",
        age: "12",
        expires: "Mon, 01 Jan 2025 00:05:00 GMT",
        "cf-ray": "8f1a2b3c4d5e6f70-AMS",
        "x-request-id": "a1",
        "server-timing": "db;dur=53",
        "report-to": '{"group":"a"}',
        nel: '{"report_to":"a"}',
        "cf-cache-status": "HIT",
        "x-b3-traceid": "abc",
        traceparent: "00-aaa-bbb-01",
      },
    });
    const r = right({
      headers: {
        ...common,
        date: "Mon, 01 Jan 2025 00:00:01 GMT",
        age: "0",
        "cf-ray": "8f1a2b3c4d5e6f71-LHR",
        "x-request-id": "b2",
        "request-id": "c3",
        "server-timing": "db;dur=12",
        "cf-cache-status": "MISS",
        "x-b3-spanid": "def",
        via: "1.1 varnish",
      },
    });
    expect(diffEnvelopes(l, r)).toEqual({
      identical: true,
      differences: [],
      summary: { high: 0, medium: 0, low: 0, info: 0, total: 0 },
    });
  });

  it("compares allow, the CORS lists and vary as sets, so a method really missing is seen whatever the order", () => {
    const h = (methods: string) =>
      ({
        headers: { ...common, allow: methods, "access-control-allow-methods": methods, vary: "Origin, Accept" },
      }) as const;
    const reordered = diffEnvelopes(
      left(h("GET, POST, DELETE")),
      right({ headers: { ...h("delete,get, POST").headers, vary: "accept,origin" } }),
    );
    expect(reordered.differences).toEqual([]);
    const missing = diffEnvelopes(left(h("POST, GET")), right(h("GET, DELETE, POST")));
    expect(missing.differences.map((d) => [d.path, d.severity])).toEqual([
      ["/headers/access-control-allow-methods", "medium"],
      ["/headers/allow", "low"],
    ]);
  });

  it("compares header names case-insensitively", () => {
    const l = left({ headers: { "Content-Type": "application/json", "X-Version": "1" } });
    const r = right({ headers: { "content-type": "application/json", "x-version": "1" } });
    expect(diffEnvelopes(l, r).identical).toBe(true);
  });

  it("reports added, removed and changed headers in name order with their severities", () => {
    const l = left({
      headers: {
        ...common,
        "x-version": "1.4.0",
        "strict-transport-security": "max-age=63072000",
        etag: '"abc"',
        "x-powered-by": "Express",
      },
    });
    const r = right({
      headers: {
        ...common,
        "x-version": "1.5.0",
        etag: '"def"',
        "content-security-policy": "default-src 'self'",
        "access-control-allow-origin": "*",
      },
    });
    expect(diffEnvelopes(l, r).differences).toEqual([
      // A policy that restricts scripts on one side only: the other runs any script.
      difference("header", "/headers/content-security-policy", "added", "high", null, "default-src 'self'"),
      difference("header", "/headers/access-control-allow-origin", "added", "medium", null, "*"),
      difference("header", "/headers/strict-transport-security", "removed", "medium", "max-age=63072000", null),
      difference("header", "/headers/x-powered-by", "removed", "low", "Express", null),
      difference("header", "/headers/x-version", "changed", "low", "1.4.0", "1.5.0"),
      difference("header", "/headers/etag", "changed", "info", '"abc"', '"def"'),
    ]);
  });

  it("rates a content-type change and a cache-control change of who caches and how long as medium", () => {
    const l = left({ headers: { "content-type": "application/json", "cache-control": "max-age=60" } });
    const r = right({ headers: { "content-type": "text/html", "cache-control": "no-store" } });
    expect(diffEnvelopes(l, r).differences).toEqual([
      difference("header", "/headers/cache-control", "changed", "medium", "max-age=60", "no-store"),
      difference("header", "/headers/content-type", "changed", "medium", "application/json", "text/html"),
    ]);
  });

  it("rates derived headers such as content-length and last-modified as info", () => {
    const l = left({ headers: { ...common, "content-length": "10", "last-modified": "a", "accept-ranges": "bytes" } });
    const r = right({ headers: { ...common, "content-length": "12", "last-modified": "b" } });
    expect(diffEnvelopes(l, r).summary).toEqual({ high: 0, medium: 0, low: 0, info: 3, total: 3 });
  });

  it("ignores the headers a request names, exactly or by prefix, on top of the defaults", () => {
    const l = left({ headers: { ...common, "x-version": "1", "x-deploy-id": "a", "x-deploy-at": "1", date: "x" } });
    const r = right({ headers: { ...common, "x-version": "2", "x-deploy-id": "b", "x-deploy-at": "2", date: "y" } });
    const result = diffEnvelopes(l, r, { ignoreHeaders: ["X-Version", "x-deploy-*"] });
    expect(result.identical).toBe(true);
  });

  it("ignores a header through an ignore path, whatever the case of the path", () => {
    const l = left({ headers: { ...common, "x-version": "1" } });
    const r = right({ headers: { ...common, "x-version": "2" } });
    expect(diffEnvelopes(l, r, { ignorePaths: ["/headers/X-Version"] }).identical).toBe(true);
  });

  it("documents the volatile headers it ignores by default", () => {
    for (const name of ["date", "age", "expires", "cf-ray", "x-request-id", "server-timing", "report-to", "nel"]) {
      expect(DEFAULT_IGNORED_HEADERS).toContain(name);
    }
  });

  it("compares set-cookie cookie by cookie, from the names and attributes the probe kept", () => {
    const l = left({ headers: { ...common, "set-cookie": "session; Path=/; Secure; HttpOnly" } });
    const r = right({ headers: { ...common, "set-cookie": "session; Path=/; Secure; HttpOnly, csrf; Path=/" } });
    expect(diffEnvelopes(l, r).differences).toEqual([
      difference("header", "/headers/set-cookie/csrf", "added", "low", null, "csrf; Path=/"),
    ]);
  });
});
