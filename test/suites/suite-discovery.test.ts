/** Suites whose paths come from discovery, and the input a suite refuses with nothing half-created. */
import { createExecutionContext, introspectWorkflow, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { computePairKey } from "../../src/pair-key";
import { settle } from "../support/directory";
import { OPENAPI_PATHS, SITEMAP_PATHS } from "../support/suite-targets";
import { bases, createSuite, freshKey, suiteRowCounts, suiteTargets, waitForRun } from "../support/suites";

describe("discovery", () => {
  it("an OpenAPI 3 document gives its GET operations that need no parameter", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const { suiteId, runId } = await createSuite({
      ...bases(),
      discover: { openapi: `${suiteTargets()}/left/openapi.json` },
    });
    const run = await waitForRun(suiteId, runId);
    expect(run.items.map((i) => i.path).sort()).toEqual([...OPENAPI_PATHS].sort());
    expect(run.items.find((i) => i.path === "/diff")?.highest).not.toBeNull();
    await settle(introspector);
  });

  it("a sitemap gives its <loc> entries under the left base, as paths", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const { suiteId, runId } = await createSuite({
      ...bases(),
      discover: { sitemap: `${suiteTargets()}/left/sitemap.xml` },
    });
    const run = await waitForRun(suiteId, runId);
    expect(run.items.map((i) => i.path).sort()).toEqual([...SITEMAP_PATHS].sort());
    expect(run.verdict).toBe("different");
    await settle(introspector);
  });
});

type ErrorBody = { error: { code: string; message: string } };

/** POSTs `body` and expects a 400 with `code`, and no suite row, run, item or comparison left behind. */
async function refused(body: unknown, code: string, message: RegExp, target: Env = env) {
  const before = await suiteRowCounts(env.DB);
  const req = new Request("http://envdiff.test/api/suites", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(req, target, ctx);
  await waitOnExecutionContext(ctx);
  expect(res.status).toBe(400);
  const error = (await res.json<ErrorBody>()).error;
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  expect(await suiteRowCounts(env.DB)).toEqual(before);
}

describe("bad input is a clear 400 and creates nothing", () => {
  it("501 paths", async () => {
    const paths = Array.from({ length: 501 }, (_, i) => `/p/${i}`);
    await refused({ ...bases(), paths }, "invalid_request", /at most 500 paths/);
  });

  it("a path that is an absolute URL to another host, even after valid ones", async () => {
    const first = `/p/${freshKey()}`;
    await refused(
      { ...bases(), paths: [first, "https://evil.example.com/admin"] },
      "invalid_request",
      /paths\[1\] is an absolute URL that is not under the left base/,
    );
    // The valid path before it was not compared either.
    const pairKey = await computePairKey(`${bases().leftBase}${first}`, `${bases().rightBase}${first}`);
    expect(await env.ENV_PAIR.getByName(pairKey).listComparisons(10)).toEqual([]);
  });

  it("a discovery URL the SSRF guard refuses", async () => {
    await refused(
      {
        leftBase: "https://staging.example.com",
        rightBase: "https://www.example.com",
        discover: { openapi: `${suiteTargets()}/left/openapi.json` },
      },
      "blocked_target",
      /discover\.openapi is not allowed/,
      { ...env, ALLOW_PRIVATE_TARGETS: "false" },
    );
  });

  it.each([
    ["a document that is not OpenAPI 3", { openapi: "/left/not-openapi.json" }, /not an OpenAPI 3\.x document/],
    ["a document that is not a sitemap", { sitemap: "/left/not-sitemap.xml" }, /not a sitemap/],
    [
      "an OpenAPI document with nothing to compare",
      { openapi: "/left/empty-openapi.json" },
      /found nothing to compare/,
    ],
    ["a sitemap with nothing under the left base", { sitemap: "/left/empty-sitemap.xml" }, /found nothing to compare/],
    ["a discovery URL that answers 404", { sitemap: "/left/missing.xml" }, /answered HTTP 404/],
    [
      "a sitemap with a character reference past U+10FFFF",
      { sitemap: "/left/bad-reference-sitemap.xml" },
      /character reference that names no XML character/,
    ],
  ])("%s", async (_name, discover, message) => {
    const [[kind, path]] = Object.entries(discover) as [[string, string]];
    await refused({ ...bases(), discover: { [kind]: `${suiteTargets()}${path}` } }, "invalid_request", message);
  });

  it.each([
    [
      "both paths and discover",
      { paths: ["/p/1"], discover: { sitemap: "https://a.example.com/s.xml" } },
      /exactly one/,
    ],
    ["neither paths nor discover", {}, /exactly one/],
    ["an empty list", { paths: [] }, /no paths/],
    ["a path without a leading slash", { paths: ["p/1"] }, /must start with \//],
    ["a protocol-relative path", { paths: ["//evil.example.com/x"] }, /protocol-relative/],
  ])("%s", async (_name, extra, message) => {
    await refused({ ...bases(), ...extra }, "invalid_request", message);
  });

  it("a base with a query string", async () => {
    await refused(
      { ...bases(), leftBase: `${bases().leftBase}?x=1`, paths: ["/p/1"] },
      "invalid_request",
      /leftBase must be a base URL/,
    );
  });
});
