/**
 * The API's answers carry the security headers (issue 21, finding 12): no framing, no sniffing, a
 * policy that runs nothing. Every kind of answer: a success, a refusal, a 404, an error of the body.
 * The page's own headers come from Workers static assets and are checked in a browser (test/e2e).
 */
import { describe, expect, it } from "vitest";
import { API_SECURITY_HEADERS, assetHeadersFile, PAGE_SECURITY_HEADERS } from "../../src/api/security-headers";
import { api, postCompare } from "../support/api";

describe("security headers", () => {
  it.each([
    ["a success", () => api("/api/health")],
    ["the OpenAPI document", () => api("/api/openapi.json")],
    ["an unknown route", () => api("/api/nope")],
    ["a refused body", () => postCompare("{not json")],
    ["a read of a comparison that does not exist", () => api(`/api/compare/${"a".repeat(64)}:${crypto.randomUUID()}`)],
  ])("on %s: nosniff, DENY, no-referrer and a policy that forbids framing and script", async (_name, call) => {
    const res = await call();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const policy = res.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("default-src 'none'");
  });

  it("the page's policy allows its own scripts only, never inline ones, and no framing", () => {
    const policy = PAGE_SECURITY_HEADERS["Content-Security-Policy"] ?? "";
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(PAGE_SECURITY_HEADERS["X-Frame-Options"]).toBe("DENY");
  });

  it("the assets' _headers file applies the page's headers to every path", () => {
    const file = assetHeadersFile();
    expect(file).toMatch(/^\/\*$/m);
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) expect(file).toContain(`  ${name}: ${value}\n`);
    expect(Object.keys(API_SECURITY_HEADERS).sort()).toEqual(Object.keys(PAGE_SECURITY_HEADERS).sort());
  });
});
