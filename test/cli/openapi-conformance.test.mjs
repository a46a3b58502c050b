// Real responses of every route, errors included, validated against the document the server serves,
// with Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1); and request bodies the document and the
// server must agree on: what one refuses, the other refuses too.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { startStack } from "./harness.mjs";

let stack;
let doc;
let ajv;
const exercised = new Set();

before(async () => {
  stack = await startStack();
  doc = await (await fetch(`${stack.url}/api/openapi.json`)).json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, "openapi.json");
});
after(() => stack?.stop());

const pointer = (...parts) => parts.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/** The document's path template that `path` matches, e.g. /api/pairs/{pairKey}/events. */
function template(path) {
  const found = Object.keys(doc.paths).find((t) =>
    new RegExp(`^${t.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path),
  );
  assert.ok(found, `no path in the document matches ${path}`);
  return found;
}

/** Sends a request and asserts its answer is one the document declares: status, headers and body. */
async function call(method, path, { body, headers = {}, raw } = {}) {
  const init = { method, headers: { ...headers } };
  if (raw !== undefined) init.body = raw;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["content-type"] ??= "application/json";
  }
  const res = await fetch(`${stack.url}${path}`, init);
  const t = template(path.split("?")[0]);
  const op = doc.paths[t][method.toLowerCase()];
  assert.ok(op, `${method} ${t} is not in the document`);
  exercised.add(`${method} ${t}`);
  const declared = op.responses[String(res.status)];
  const text = await res.text();
  assert.ok(
    declared,
    `${method} ${path} answered ${res.status}, which the document does not declare: ${text.slice(0, 300)}`,
  );
  for (const [name, header] of Object.entries(declared.headers ?? {})) {
    const resolved = header.$ref ? doc.components.headers[header.$ref.split("/").pop()] : header;
    if (resolved.required) assert.ok(res.headers.has(name), `${method} ${path} ${res.status} lacks the ${name} header`);
  }
  const json = declared.content?.["application/json"];
  if (json) {
    const ref = `openapi.json#/${pointer("paths", t, method.toLowerCase(), "responses", res.status, "content", "application/json", "schema")}`;
    const validate = ajv.getSchema(ref);
    const parsed = JSON.parse(text);
    assert.ok(
      validate(parsed),
      `${method} ${path} ${res.status}: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`,
    );
    return { res, json: parsed };
  }
  assert.equal(text, "", `${method} ${path} ${res.status} declares no body but sent one`);
  return { res, json: null };
}

async function waitForEnd(comparisonId) {
  for (let i = 0; i < 200; i++) {
    const { json } = await call("GET", `/api/compare/${comparisonId}?view=summary`);
    if (json.status !== "running") return json;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${comparisonId} still running`);
}

describe("every route's real answers match the served OpenAPI document", () => {
  it("compare, pairs, watch, health and the document itself, successes and errors", async () => {
    const q = `?run=${crypto.randomUUID()}`;
    const leftUrl = `${stack.targets}/variant/staging/api/status${q}`;
    const rightUrl = `${stack.targets}/variant/production/api/status${q}`;
    const key = `conformance-${crypto.randomUUID()}`;

    const started = await call("POST", "/api/compare", {
      body: { leftUrl, rightUrl },
      headers: { "idempotency-key": key },
    });
    assert.equal(started.res.status, 202);
    const { comparisonId, pairKey } = started.json;
    const replay = await call("POST", "/api/compare", {
      body: { leftUrl, rightUrl },
      headers: { "idempotency-key": key },
    });
    assert.equal(replay.res.headers.get("idempotent-replayed"), "true");
    assert.equal(
      (
        await call("POST", "/api/compare", {
          body: { leftUrl, rightUrl, options: { timeoutMs: 2000 } },
          headers: { "idempotency-key": key },
        })
      ).res.status,
      422,
    );
    assert.equal((await call("POST", "/api/compare", { body: { leftUrl } })).res.status, 400);
    assert.equal(
      (await call("POST", "/api/compare", { raw: "{", headers: { "content-type": "application/json" } })).res.status,
      400,
    );
    assert.equal(
      (await call("POST", "/api/compare", { raw: "x", headers: { "content-type": "text/plain" } })).res.status,
      415,
    );
    // Past the 80 KiB a request with compare options may take (a 64 KiB POST body and 16 KiB more).
    const big = JSON.stringify({ leftUrl, rightUrl, pad: "x".repeat(100_000) });
    assert.equal(
      (await call("POST", "/api/compare", { raw: big, headers: { "content-type": "application/json" } })).res.status,
      413,
    );

    await waitForEnd(comparisonId);
    const full = await call("GET", `/api/compare/${comparisonId}`);
    assert.ok(full.json.probes.left);
    const summary = await call("GET", `/api/compare/${comparisonId}?view=summary`);
    const etag = summary.res.headers.get("etag");
    assert.equal(
      (await call("GET", `/api/compare/${comparisonId}?view=summary`, { headers: { "if-none-match": etag } })).res
        .status,
      304,
    );
    assert.equal((await call("GET", "/api/compare/not-an-id")).res.status, 400);
    assert.equal((await call("GET", `/api/compare/${pairKey}:00000000-0000-4000-8000-000000000000`)).res.status, 404);

    // The directory is written by the workflow's step after the one that completes the comparison.
    for (let i = 0; i < 200 && (await fetch(`${stack.url}/api/pairs/${pairKey}`)).status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const unknown = "f".repeat(64);
    const unknownSuite = "00000000-0000-4000-8000-000000000000";
    assert.equal((await call("GET", "/api/pairs?limit=5")).res.status, 200);
    assert.equal((await call("GET", "/api/pairs?cursor=nonsense")).res.status, 400);
    assert.equal((await call("GET", `/api/pairs/${pairKey}`)).res.status, 200);
    assert.equal((await call("GET", "/api/pairs/NOT-A-KEY")).res.status, 400);
    assert.equal((await call("GET", `/api/pairs/${unknown}`)).res.status, 404);
    assert.equal((await call("GET", `/api/pairs/${pairKey}/events`)).res.status, 200);
    assert.equal((await call("GET", `/api/pairs/${unknown}/events`)).res.status, 404);
    assert.equal((await call("GET", `/api/pairs/${pairKey}/comparisons?limit=3`)).res.status, 200);
    assert.equal((await call("GET", `/api/pairs/${unknown}/comparisons`)).res.status, 404);
    const webhookUrl = `${stack.targets}/webhook/${crypto.randomUUID()}`;
    const watch = await call("PUT", `/api/pairs/${pairKey}/watch`, { body: { intervalMinutes: 60, webhookUrl } });
    assert.equal(typeof watch.json.webhookSecret, "string");
    assert.equal((await call("PUT", `/api/pairs/${pairKey}/watch`, { body: { intervalMinutes: 1 } })).res.status, 400);
    assert.equal((await call("PUT", `/api/pairs/${unknown}/watch`, { body: { intervalMinutes: 60 } })).res.status, 404);
    assert.equal((await call("DELETE", `/api/pairs/${pairKey}/watch`)).res.status, 204);
    assert.equal((await call("DELETE", `/api/pairs/${unknown}/watch`)).res.status, 404);
    // The pair's saved settings: the defaults of its comparisons.
    assert.equal((await call("GET", `/api/pairs/${pairKey}/settings`)).res.status, 200);
    const saved = await call("PUT", `/api/pairs/${pairKey}/settings`, { body: { ignorePaths: ["/body/json/meta"] } });
    assert.equal(saved.res.status, 200);
    assert.equal(
      (await call("PUT", `/api/pairs/${pairKey}/settings`, { body: { headers: { Authorization: "[redacted]" } } })).res
        .status,
      400,
    );
    // Suites: many paths of two base URLs, re-run, watched.
    const suite = await call("POST", "/api/suites", {
      body: {
        leftBase: `${stack.targets}/variant/staging`,
        rightBase: `${stack.targets}/variant/production`,
        paths: [`/api/status${q}`, `/api/health${q}`],
      },
    });
    assert.equal(suite.res.status, 202);
    const { suiteId } = suite.json;
    assert.equal(
      (await call("POST", "/api/suites", { body: { leftBase: "ftp://x", rightBase: "ftp://y" } })).res.status,
      400,
    );
    assert.equal((await call("GET", "/api/suites?limit=5")).res.status, 200);
    assert.equal((await call("GET", `/api/suites/${suiteId}`)).res.status, 200);
    assert.equal((await call("GET", `/api/suites/${unknownSuite}`)).res.status, 404);
    assert.equal((await call("POST", `/api/suites/${suiteId}/runs`, { body: {} })).res.status, 202);
    // Runs by their number in the suite, and edits.
    assert.equal((await call("GET", `/api/suites/${suiteId}/runs/1`)).json.number, 1);
    assert.equal((await call("GET", `/api/suites/${suiteId}/runs/99`)).res.status, 404);
    assert.equal((await call("GET", `/api/suites/${suiteId}/runs/0`)).res.status, 400);
    const edited = await call("PATCH", `/api/suites/${suiteId}`, {
      body: { name: "conformance", paths: ["/api/same"] },
    });
    assert.deepEqual([edited.res.status, edited.json.pathList], [200, ["/api/same"]]);
    assert.equal((await call("PATCH", `/api/suites/${suiteId}`, { body: {} })).res.status, 400);
    assert.equal((await call("PATCH", `/api/suites/${unknownSuite}`, { body: { name: "x" } })).res.status, 404);
    assert.equal((await call("POST", `/api/suites/${unknownSuite}/runs`, { body: {} })).res.status, 404);
    const suiteWatch = await call("PUT", `/api/suites/${suiteId}/watch`, { body: { intervalMinutes: 60, webhookUrl } });
    assert.equal(typeof suiteWatch.json.webhookSecret, "string");
    assert.equal(
      (await call("PUT", `/api/suites/${unknownSuite}/watch`, { body: { intervalMinutes: 60 } })).res.status,
      404,
    );
    assert.equal((await call("DELETE", `/api/suites/${suiteId}/watch`)).res.status, 204);
    assert.equal((await call("DELETE", `/api/suites/${unknownSuite}/watch`)).res.status, 404);

    // Tokens and who is signed in (the stack runs AUTH_MODE=none: anonymous, every scope).
    const token = await call("POST", "/api/tokens", { body: { name: "conformance", scopes: ["read"] } });
    assert.equal(token.res.status, 201);
    assert.equal((await call("POST", "/api/tokens", { body: { name: "x", scopes: ["root"] } })).res.status, 400);
    assert.equal((await call("GET", "/api/tokens")).res.status, 200);
    assert.equal((await call("DELETE", `/api/tokens/${token.json.id}`)).res.status, 204);
    assert.equal((await call("DELETE", "/api/tokens/00000000-0000-4000-8000-000000000000")).res.status, 404);
    assert.equal((await call("GET", "/api/whoami")).res.status, 200);
    assert.equal((await call("GET", "/api/secrets/rotation")).res.status, 200);
    assert.equal((await call("GET", "/api/health")).res.status, 200);
    assert.equal((await call("GET", "/api/openapi.json")).res.status, 200);
  });

  it("every operation in the document was exercised above (a new route needs its case here)", () => {
    const operations = Object.entries(doc.paths).flatMap(([t, item]) =>
      Object.keys(item)
        .filter((m) => ["get", "put", "post", "delete", "patch"].includes(m))
        .map((m) => `${m.toUpperCase()} ${t}`),
    );
    assert.deepEqual(
      operations.filter((op) => !exercised.has(op)),
      [],
    );
  });
});

describe("a rate-limited POST /api/compare", () => {
  let limited;
  before(async () => {
    limited = await startStack({ vars: { RATE_LIMIT_PER_MINUTE: "1" } });
  });
  after(() => limited?.stop());

  it("answers 429 rate_limited with Retry-After, as the document declares", async () => {
    const u = `${limited.targets}/json`;
    const post = () =>
      fetch(`${limited.url}/api/compare`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ leftUrl: u, rightUrl: `${u}?b` }),
      });
    assert.equal((await post()).status, 202);
    const res = await post();
    assert.equal(res.status, 429);
    const declared = doc.paths["/api/compare"].post.responses["429"];
    assert.ok(declared.headers["Retry-After"], "the document declares Retry-After on 429");
    assert.match(res.headers.get("retry-after") ?? "", /^\d+$/);
    const validate = ajv.getSchema(
      `openapi.json#/${pointer("paths", "/api/compare", "post", "responses", 429, "content", "application/json", "schema")}`,
    );
    const body = await res.json();
    assert.ok(validate(body), ajv.errorsText(validate.errors));
    assert.equal(body.error.code, "rate_limited");
  });
});

describe("the committed document", () => {
  it("is the one the server serves, so the CLI's generated types match the server (npm run spec)", () => {
    const committed = JSON.parse(readFileSync(new URL("../../packages/cli/openapi.json", import.meta.url), "utf8"));
    assert.deepEqual({ ...doc, servers: committed.servers }, committed);
  });
});

describe("the document's request schemas are exactly as strict as the server", () => {
  const requestSchema = () =>
    ajv.getSchema(
      `openapi.json#/${pointer("paths", "/api/compare", "post", "requestBody", "content", "application/json", "schema")}`,
    );
  const headers = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`x-h${i}`, "v"]));
  const cases = [
    ["an ftp:// URL", (u) => ({ leftUrl: "ftp://example.com/", rightUrl: u }), false],
    ["a URL with credentials", (u) => ({ leftUrl: u.replace("://", "://user:pw@"), rightUrl: u }), false],
    ["a URL with a space", (u) => ({ leftUrl: `${u}/a b`, rightUrl: u }), false],
    ["21 headers", (u) => ({ leftUrl: u, rightUrl: u, options: { headers: headers(21) } }), false],
    [
      "a __proto__ header name",
      (u) => JSON.parse(`{"leftUrl":"${u}","rightUrl":"${u}","options":{"ignoreHeaders":["__proto__"]}}`),
      false,
    ],
    ["an unknown option", (u) => ({ leftUrl: u, rightUrl: u, options: { colour: "red" } }), false],
    ["a path with café", (u) => ({ leftUrl: `${u}/café`, rightUrl: u }), true],
    ["a query with a pipe", (u) => ({ leftUrl: `${u}/json?a=1|2`, rightUrl: u }), true],
    ["20 headers", (u) => ({ leftUrl: u, rightUrl: u, options: { headers: headers(20) } }), true],
    ["only timeoutMs among the options", (u) => ({ leftUrl: u, rightUrl: u, options: { timeoutMs: 2000 } }), true],
  ];
  for (const [name, make, valid] of cases) {
    it(`${name}: ${valid ? "accepted" : "refused"} by both`, async () => {
      const body = make(`${stack.targets}/json`);
      assert.equal(requestSchema()(body), valid, `the document ${valid ? "refuses" : "accepts"} it`);
      const res = await fetch(`${stack.url}/api/compare`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      await res.body?.cancel();
      assert.equal(res.status, valid ? 202 : 400, `the server answers ${res.status}`);
    });
  }

  it("an Idempotency-Key with a space: refused by both", async () => {
    const param = doc.paths["/api/compare"].post.parameters.find((p) => p.name === "idempotency-key");
    assert.equal(ajv.compile(param.schema)("has space"), false);
    assert.equal(ajv.compile(param.schema)("ci-run-42"), true);
    const u = `${stack.targets}/json`;
    const res = await fetch(`${stack.url}/api/compare`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "has space" },
      body: JSON.stringify({ leftUrl: u, rightUrl: u }),
    });
    assert.equal(res.status, 400);
  });
});
