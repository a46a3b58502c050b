/**
 * Every route but the public ones refuses a request without an identity, and answers each scope
 * as the contract's table says. The route list is read from the router itself (app.routes), so a
 * route added later is checked without anyone remembering to add it here.
 */
import { describe, expect, it } from "vitest";
import { app, PUBLIC_ROUTES } from "../../src/index";
import { bearer, call, makeToken } from "./support";

/** Each method and path the router answers, middleware (`ALL`) left out. */
const ROUTES = [
  ...new Set(app.routes.filter((route) => route.method !== "ALL").map((route) => `${route.method} ${route.path}`)),
];
const PROTECTED = ROUTES.filter((route) => !(PUBLIC_ROUTES as readonly string[]).includes(route));

/** The scope each route needs (contract § HTTP API); every protected route must appear here. */
const SCOPE_OF: Record<string, "read" | "compare" | "admin" | "any"> = {
  "POST /api/compare": "compare",
  "GET /api/compare/:comparisonId": "read",
  "GET /api/pairs": "read",
  "GET /api/pairs/:pairKey": "read",
  "GET /api/pairs/:pairKey/events": "read",
  "GET /api/pairs/:pairKey/comparisons": "read",
  "PUT /api/pairs/:pairKey/watch": "admin",
  "DELETE /api/pairs/:pairKey/watch": "admin",
  "GET /api/pairs/:pairKey/settings": "read",
  "PUT /api/pairs/:pairKey/settings": "admin",
  "POST /api/suites": "compare",
  "GET /api/suites": "read",
  "GET /api/suites/:suiteId": "read",
  "PATCH /api/suites/:suiteId": "admin",
  "GET /api/suites/:suiteId/runs/:number": "read",
  "POST /api/suites/:suiteId/runs": "compare",
  "PUT /api/suites/:suiteId/watch": "admin",
  "DELETE /api/suites/:suiteId/watch": "admin",
  "POST /api/tokens": "admin",
  "GET /api/tokens": "admin",
  "DELETE /api/tokens/:id": "admin",
  "GET /api/whoami": "any",
  "GET /api/secrets/rotation": "admin",
};

const PAIR_KEY = "a".repeat(64);
const SAMPLE_PARAMS: Record<string, string> = {
  pairKey: PAIR_KEY,
  comparisonId: `${PAIR_KEY}:00000000-0000-4000-8000-000000000000`,
  id: "00000000-0000-4000-8000-000000000000",
  suiteId: "00000000-0000-4000-8000-000000000000",
  number: "1",
};

/** A concrete request for a route pattern: sample values for its parameters. */
function requestFor(route: string, headers: Record<string, string> = {}): [string, RequestInit] {
  const [method = "GET", pattern = "/"] = route.split(" ");
  const path = pattern.replace(/:(\w+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? "sample");
  return [path, { method, headers }];
}

describe("which routes need an identity", () => {
  it("the router has the routes this test expects to walk", () => {
    expect(PROTECTED.length).toBeGreaterThanOrEqual(10);
    expect(ROUTES).toEqual(expect.arrayContaining([...PUBLIC_ROUTES]));
  });

  it.each(PROTECTED)(
    "%s answers 401 unauthorized with WWW-Authenticate: Bearer when no identity is sent",
    async (route) => {
      const res = await call(...requestFor(route));
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
      expect((await res.json<{ error: { code: string } }>()).error.code).toBe("unauthorized");
    },
  );

  it.each(PROTECTED)("%s refuses with what to configure when AUTH_MODE cannot work (fails closed)", async (route) => {
    const res = await call(...requestFor(route), { AUTH_MODE: "access", ACCESS_TEAM_DOMAIN: "", ACCESS_AUD: "" });
    expect(res.status).toBe(503);
    const body = await res.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe("auth_not_configured");
    expect(body.error.message).toContain("ACCESS_AUD");
  });

  it.each([...PUBLIC_ROUTES])("%s stays open without an identity, even when AUTH_MODE cannot work", async (route) => {
    expect((await call(...requestFor(route))).status).toBe(200);
    expect((await call(...requestFor(route), { AUTH_MODE: "" })).status).toBe(200);
  });

  it("every protected route declares its scope in this test's table", () => {
    expect(PROTECTED.filter((route) => !(route in SCOPE_OF))).toEqual([]);
  });
});

describe("what each scope may do", () => {
  const tokens: Record<string, string> = {};
  const grants = (held: string, needed: string) => needed === "any" || held === "admin" || held === needed;

  for (const held of ["read", "compare", "admin"] as const) {
    it.each(PROTECTED)(`a ${held} token on %s: 403 forbidden exactly when the scope is missing`, async (route) => {
      tokens[held] ??= (await makeToken([held])).token;
      const needed = SCOPE_OF[route] ?? "admin";
      const res = await call(...requestFor(route, bearer(tokens[held] ?? "")));
      if (grants(held, needed)) {
        expect([401, 403]).not.toContain(res.status);
      } else {
        expect(res.status).toBe(403);
        expect((await res.json<{ error: { code: string } }>()).error.code).toBe("forbidden");
      }
    });
  }
});
