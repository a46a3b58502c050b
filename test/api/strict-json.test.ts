/**
 * One strictness for every JSON route: a body that repeats a key or uses `__proto__` is refused with
 * 400 invalid_request before anything is read from it. The routes come from the router, so a JSON
 * route added later must be listed here (or declared bodiless) to pass.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/index";

const SAMPLE = {
  pairKey: "a".repeat(64),
  suiteId: "00000000-0000-4000-8000-000000000000",
  id: "00000000-0000-4000-8000-000000000000",
};

/** Routes that take a JSON body. */
const JSON_ROUTES = [
  "POST /api/compare",
  "PUT /api/pairs/:pairKey/watch",
  "PUT /api/pairs/:pairKey/settings",
  "POST /api/suites",
  "PUT /api/suites/:suiteId/watch",
  "POST /api/tokens",
];
/** Writing routes that take JSON with nothing in it (an empty body or `{}`: test/api/cross-site.test.ts). */
const BODILESS = ["POST /api/suites/:suiteId/runs"];

const writing = () => [
  ...new Set(app.routes.filter((r) => r.method === "POST" || r.method === "PUT").map((r) => `${r.method} ${r.path}`)),
];

async function send(route: string, body: string): Promise<Response> {
  const [method = "POST", pattern = "/"] = route.split(" ");
  const path = pattern.replace(/:(\w+)/g, (_, name: keyof typeof SAMPLE) => SAMPLE[name]);
  return app.request(path, { method, headers: { "content-type": "application/json" }, body }, env);
}

describe("every JSON route is as strict as POST /api/compare", () => {
  it("lists every writing route of the router as taking JSON or no body", () => {
    expect(writing().filter((route) => !JSON_ROUTES.includes(route) && !BODILESS.includes(route))).toEqual([]);
  });

  for (const route of JSON_ROUTES) {
    it(`${route} refuses a repeated key and __proto__ with 400 invalid_request`, async () => {
      for (const body of ['{"name":"a","name":"b"}', '{"__proto__":{"admin":true}}']) {
        const res = await send(route, body);
        expect(res.status, body).toBe(400);
        const { error } = await res.json<{ error: { code: string; message: string } }>();
        expect(error.code).toBe("invalid_request");
        expect(error.message).toMatch(/repeats a key|__proto__/);
      }
    });
  }
});
