/**
 * Writes another site could start in a user's browser (issue 21, finding 11): every write takes
 * JSON only, so an HTML form (which cannot send that type) never reaches one, and a write whose
 * browser says it comes from another site or origin is refused with 403 before anything happens.
 * The routes come from the router, so a write added later is held to the same rules.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { crossSiteReason } from "../../src/api/same-origin";
import { app } from "../../src/index";
import { api } from "../support/api";

const SAMPLE: Record<string, string> = {
  pairKey: "a".repeat(64),
  suiteId: "00000000-0000-4000-8000-000000000000",
  id: "00000000-0000-4000-8000-000000000000",
};

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const routes = (methods: Set<string>) => [
  ...new Set(app.routes.filter((r) => methods.has(r.method)).map((r) => `${r.method} ${r.path}`)),
];

async function send(route: string, init: RequestInit = {}): Promise<Response> {
  const [method = "POST", pattern = "/"] = route.split(" ");
  const path = pattern.replace(/:(\w+)/g, (_, name: string) => SAMPLE[name] ?? "x");
  return app.request(`http://envdiff.test${path}`, { method, ...init }, env);
}

type ErrorBody = { error: { code: string; message: string } };

describe("writes take JSON only", () => {
  it("the router has writes with a body to check", () => {
    expect(routes(new Set(["POST", "PUT", "PATCH"])).length).toBeGreaterThanOrEqual(6);
  });

  for (const route of routes(new Set(["POST", "PUT", "PATCH"]))) {
    it(`${route} answers a form post with 415 unsupported_media_type`, async () => {
      for (const type of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", null]) {
        const headers: Record<string, string> = type === null ? {} : { "content-type": type };
        const res = await send(route, { headers, body: type === null ? undefined : "a=b" });
        expect({ type, status: res.status }).toEqual({ type, status: 415 });
        expect((await res.json<ErrorBody>()).error.code).toBe("unsupported_media_type");
      }
    });
  }

  it("a suite's re-run takes an empty JSON body or {}, and nothing else", async () => {
    const json = { "content-type": "application/json" };
    const unknown = (body?: string) => send("POST /api/suites/:suiteId/runs", { headers: json, body });
    // No such suite: getting as far as 404 means the body was accepted.
    expect((await unknown()).status).toBe(404);
    expect((await unknown("{}")).status).toBe(404);
    const refused = await unknown('{"paths":["/x"]}');
    expect(refused.status).toBe(400);
    expect((await refused.json<ErrorBody>()).error.message).toMatch(/takes no input/);
  });
});

describe("writes from another site are refused", () => {
  const hostile: [string, Record<string, string>][] = [
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
    ["another Origin", { origin: "https://evil.example" }],
    ["Origin: null", { origin: "null" }],
    ["a same-origin Sec-Fetch-Site with another Origin", { "sec-fetch-site": "same-origin", origin: "https://x.test" }],
  ];

  for (const route of routes(WRITE_METHODS)) {
    it(`${route} answers 403 forbidden when the browser says the write comes from elsewhere`, async () => {
      for (const [name, headers] of hostile) {
        const res = await send(route, { headers: { "content-type": "application/json", ...headers }, body: "{}" });
        expect({ name, status: res.status }).toEqual({ name, status: 403 });
        const { error } = await res.json<ErrorBody>();
        expect(error.code).toBe("forbidden");
        expect(error.message).toMatch(/envdiff's own page only/);
      }
    });
  }

  it("a token DELETE from another site revokes nothing", async () => {
    const created = await api("/api/tokens", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "cross-site-victim", scopes: ["read"] }),
    });
    const { id } = await created.json<{ id: string }>();
    const res = await api(`/api/tokens/${id}`, { method: "DELETE", headers: { "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(403);
    const { tokens } = await (await api("/api/tokens")).json<{ tokens: { id: string; revokedAt: string | null }[] }>();
    expect(tokens.find((t) => t.id === id)?.revokedAt).toBeNull();
  });

  it("the page's own writes, curl's and reads from anywhere go through", async () => {
    const body = JSON.stringify({ leftUrl: "ftp://x", rightUrl: "ftp://y" });
    const json = { "content-type": "application/json" };
    // Refused by validation (400), not as cross-site: they got past the check.
    const allowed: Record<string, string>[] = [
      { "sec-fetch-site": "same-origin", origin: "http://envdiff.test" },
      { "sec-fetch-site": "none" },
      {},
    ];
    for (const headers of allowed) {
      const res = await api("/api/compare", { method: "POST", headers: { ...json, ...headers }, body });
      expect(res.status).toBe(400);
    }
    const read = await api("/api/pairs", { headers: { "sec-fetch-site": "cross-site", origin: "https://x.example" } });
    expect(read.status).toBe(200);
  });

  it.each([
    ["GET", {}, null],
    ["POST", {}, null],
    ["POST", { secFetchSite: "same-origin" }, null],
    ["POST", { secFetchSite: "none" }, null],
    ["POST", { origin: "HTTPS://ENVDIFF.EXAMPLE.COM" }, null],
    ["POST", { secFetchSite: "cross-site" }, /cross-site/],
    ["DELETE", { origin: "https://envdiff.example.com.evil.test" }, /is not/],
    ["PUT", { origin: "http://envdiff.example.com" }, /is not/],
  ] as const)("%s with %j: %s", (method, headers, expected) => {
    const reason = crossSiteReason(
      method,
      { secFetchSite: undefined, origin: undefined, ...headers },
      "https://envdiff.example.com",
    );
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toMatch(expected);
  });
});
