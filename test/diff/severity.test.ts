/**
 * The severity table of docs/noise.md § Severity, case by case, and in both directions: which
 * environment is the newer one is not known, so a difference is as severe whichever side has what.
 */
import { describe, expect, it } from "vitest";
import { diffEnvelopes } from "../../src/diff";
import type { SignalEnvelope } from "../../src/shapes/envelope";
import type { JsonValue } from "../../src/shapes/json";
import type { Severity } from "../../src/shapes/result";
import { jsonBody, left, right, textBody } from "../support/envelopes";

type Side = Partial<SignalEnvelope>;

const json = (value: JsonValue): Side => ({ body: jsonBody(value) });
const headers = (h: Record<string, string>): Side => ({ headers: { "content-type": "application/json", ...h } });

/** Each difference as "path change severity", one way round and the other. */
function bothWays(l: Side, r: Side): [string[], string[]] {
  const one = diffEnvelopes(left(l), right(r)).differences;
  const other = diffEnvelopes(left(r), right(l)).differences;
  const show = (d: (typeof one)[number]) => `${d.path} ${d.severity}`;
  return [one.map(show), other.map(show)];
}

const cases: [string, Side, Side, string, Severity][] = [
  // JSON
  ["a changed value", json({ plan: "pro" }), json({ plan: "team" }), "/body/json/plan", "medium"],
  ["a field present on one side only", json({ taxId: "DE1", a: 1 }), json({ a: 1 }), "/body/json/taxId", "medium"],
  [
    "a renamed field (one difference)",
    json({ taxId: "DE123" }),
    json({ vatId: "DE123" }),
    "/body/json/taxId",
    "medium",
  ],
  ["a type change", json({ n: 3 }), json({ n: "3" }), "/body/json/n", "medium"],
  [
    "a record more in a list",
    json({ items: [{ id: 1 }, { id: 2 }] }),
    json({ items: [{ id: 1 }] }),
    "/body/json/items/1",
    "low",
  ],
  ["a number more in a list", json({ sizes: [1, 2, 3] }), json({ sizes: [1, 2] }), "/body/json/sizes/2", "low"],
  [
    "a new enum value in a list of values",
    json({ regions: ["eu-west", "us-east", "ap-south"] }),
    json({ regions: ["eu-west", "us-east"] }),
    "/body/json/regions/2",
    "medium",
  ],
  ["a list's order", json({ ids: [1, 2, 3] }), json({ ids: [3, 2, 1] }), "/body/json/ids", "low"],
  // Status and body kind
  ["a status across classes", { status: 200 }, { status: 503 }, "/status", "high"],
  ["a status within one class", { status: 200 }, { status: 204 }, "/status", "medium"],
  ["another kind of body", json({ a: 1 }), { body: textBody("<html>") }, "/body/kind", "medium"],
  // Headers by name
  [
    "a security header missing",
    headers({ "x-frame-options": "DENY" }),
    headers({}),
    "/headers/x-frame-options",
    "medium",
  ],
  ["any other header", headers({ "x-version": "1" }), headers({ "x-version": "2" }), "/headers/x-version", "low"],
  [
    "a body-derived header",
    headers({ "content-length": "10" }),
    headers({ "content-length": "12" }),
    "/headers/content-length",
    "info",
  ],
  [
    "a body compressed on one side only",
    headers({ "content-encoding": "gzip" }),
    headers({}),
    "/headers/content-encoding",
    "low",
  ],
  [
    "a body compressed two ways",
    headers({ "content-encoding": "br" }),
    headers({ "content-encoding": "gzip" }),
    "/headers/content-encoding",
    "info",
  ],
  // Caching
  [
    "cache-control: immutable becomes no-cache",
    headers({ "cache-control": "public, max-age=31536000, immutable" }),
    headers({ "cache-control": "no-cache" }),
    "/headers/cache-control",
    "medium",
  ],
  [
    "www-authenticate: another scheme (Digest against Bearer)",
    headers({ "www-authenticate": 'Digest realm="api", qop="auth", nonce="abc123"' }),
    headers({ "www-authenticate": 'Bearer realm="api", error="invalid_token"' }),
    "/headers/www-authenticate",
    "medium",
  ],
  [
    "www-authenticate: the same scheme in another realm",
    headers({ "www-authenticate": 'Bearer realm="api"' }),
    headers({ "www-authenticate": 'Bearer realm="api-v2"' }),
    "/headers/www-authenticate",
    "low",
  ],
  [
    "cache-control: a shorter max-age",
    headers({ "cache-control": "max-age=600" }),
    headers({ "cache-control": "max-age=60" }),
    "/headers/cache-control",
    "medium",
  ],
  [
    "cache-control: public becomes private",
    headers({ "cache-control": "public, max-age=60" }),
    headers({ "cache-control": "private, max-age=60" }),
    "/headers/cache-control",
    "medium",
  ],
  [
    "cache-control: no-store on one side",
    headers({ "cache-control": "no-store" }),
    headers({ "cache-control": "max-age=0" }),
    "/headers/cache-control",
    "medium",
  ],
  [
    "cache-control missing on one side",
    headers({ "cache-control": "max-age=60" }),
    headers({}),
    "/headers/cache-control",
    "medium",
  ],
  [
    "cache-control: only stale-while-revalidate differs",
    headers({ "cache-control": "max-age=60, stale-while-revalidate=30" }),
    headers({ "cache-control": "max-age=60, stale-while-revalidate=120" }),
    "/headers/cache-control",
    "low",
  ],
  [
    "cache-control: the same directives written otherwise",
    headers({ "cache-control": "max-age=60, public" }),
    headers({ "cache-control": "Public,max-age=60" }),
    "/headers/cache-control",
    "info",
  ],
  [
    "vary: a header name more",
    headers({ vary: "Accept-Encoding, Origin" }),
    headers({ vary: "Accept-Encoding" }),
    "/headers/vary",
    "medium",
  ],
  // CORS
  [
    "CORS: another allowed origin",
    headers({ "access-control-allow-origin": "https://app.example.com" }),
    headers({ "access-control-allow-origin": "*" }),
    "/headers/access-control-allow-origin",
    "medium",
  ],
  [
    "CORS: credentials allowed on one side",
    headers({ "access-control-allow-credentials": "true" }),
    headers({}),
    "/headers/access-control-allow-credentials",
    "medium",
  ],
  // Content-Security-Policy
  [
    "CSP: 'unsafe-inline' scripts on one side",
    headers({ "content-security-policy": "default-src 'self'; script-src 'self'" }),
    headers({ "content-security-policy": "default-src 'self'; script-src 'self' 'unsafe-inline'" }),
    "/headers/content-security-policy",
    "high",
  ],
  [
    "CSP: scripts left to default-src on one side, 'unsafe-eval' on the other",
    headers({ "content-security-policy": "default-src 'self'" }),
    headers({ "content-security-policy": "default-src 'self'; script-src 'self' 'unsafe-eval'" }),
    "/headers/content-security-policy",
    "high",
  ],
  [
    "CSP: 'unsafe-inline' beside a nonce (browsers ignore it) and another image host",
    headers({ "content-security-policy": "script-src 'self' 'nonce-[masked]' 'unsafe-inline'; img-src 'self'" }),
    headers({ "content-security-policy": "script-src 'self' 'nonce-[masked]'; img-src 'self' cdn.example.com" }),
    "/headers/content-security-policy",
    "medium",
  ],
  [
    "CSP: frame-ancestors removed",
    headers({ "content-security-policy": "default-src 'self'; frame-ancestors 'none'" }),
    headers({ "content-security-policy": "default-src 'self'" }),
    "/headers/content-security-policy",
    "medium",
  ],
  [
    "CSP: missing on one side",
    headers({ "content-security-policy": "default-src 'self'" }),
    headers({}),
    "/headers/content-security-policy",
    "high",
  ],
  [
    "CSP: only the reporting endpoint differs",
    headers({ "content-security-policy": "default-src 'self'; report-uri /csp-a" }),
    headers({ "content-security-policy": "default-src 'self'; report-uri /csp-b" }),
    "/headers/content-security-policy",
    "low",
  ],
  [
    "CSP: the same directives in another order",
    headers({ "content-security-policy": "img-src 'self'; default-src 'self'" }),
    headers({ "content-security-policy": "default-src 'self';  img-src 'self'" }),
    "/headers/content-security-policy",
    "info",
  ],
  // Cookies
  [
    "a cookie that lost HttpOnly",
    headers({ "set-cookie": "sid; Path=/; HttpOnly" }),
    headers({ "set-cookie": "sid; Path=/" }),
    "/headers/set-cookie/sid",
    "high",
  ],
  [
    "a cookie set on one side only",
    headers({ "set-cookie": "sid; Path=/" }),
    headers({}),
    "/headers/set-cookie/sid",
    "low",
  ],
];

describe("severity by impact, the same in both directions", () => {
  it.each(cases)("%s", (_case, l, r, path, severity) => {
    const [one, other] = bothWays(l, r);
    expect(one).toContain(`${path} ${severity}`);
    expect(one.filter((d) => d.startsWith(`${path} `))).toHaveLength(1);
    // The other way round: the same severity (a rename is then named by its other key).
    expect(other.map((d) => d.split(" ")[1])).toEqual(one.map((d) => d.split(" ")[1]));
  });

  it("reports a renamed field as one difference naming its old and new keys, with the value", () => {
    const [d, ...rest] = diffEnvelopes(
      left(json({ customer: { taxId: "DE123", name: "Ada" } })),
      right(json({ customer: { name: "Ada", vatId: "DE123" } })),
    ).differences;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      path: "/body/json/customer/taxId",
      change: "renamed",
      leftPath: "/body/json/customer/taxId",
      rightPath: "/body/json/customer/vatId",
      left: "DE123",
      right: "DE123",
      severity: "medium",
    });
  });

  it.each<[string, JsonValue, JsonValue]>([
    ["values that say little (true)", { enabled: true }, { visible: true }],
    ["a value two removed keys share", { a: "x", b: "x" }, { c: "x" }],
    ["a value two added keys share", { a: "x" }, { b: "x", c: "x" }],
    ["a value that changed as well", { taxId: "DE1" }, { vatId: "DE2" }],
  ])("does not call %s a rename", (_case, l, r) => {
    const changes = diffEnvelopes(left(json(l)), right(json(r))).differences.map((d) => d.change);
    expect(changes).not.toContain("renamed");
  });

  it("does not pair an ignored field with a new one as a rename", () => {
    const found = diffEnvelopes(left(json({ legacy: "v1" })), right(json({ current: "v1" })), {
      ignorePaths: ["/body/json/legacy"],
    }).differences;
    expect(found.map((d) => [d.path, d.change])).toEqual([["/body/json/current", "added"]]);
  });
});
