/**
 * A POST suite (issue 24, item 7): its one body goes to every path, on both sides, and each path is
 * the pair of its URLs with that POST; discovery from an OpenAPI document keeps the POST operations;
 * a sitemap cannot feed a POST suite; a secret body is sealed with the suite and opened per path.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { computePairKey } from "../../src/pair-key";
import { targets } from "../support/api";
import { dumpD1 } from "../support/dumps";
import { bases, createSuite, postSuite, readSuite, STEADY, suiteTargets, waitForRun } from "../support/suites";
import type { PostedRequest } from "../support/targets";

async function arrived(key: string): Promise<PostedRequest[]> {
  return (await fetch(`${targets()}/posted/${key}/requests`)).json();
}

/** The local targets under two origins, so each side is its own environment. */
const postedBases = () => ({
  leftBase: `${targets()}/posted`,
  rightBase: `${targets().replace("127.0.0.1", "localhost")}/posted`,
});

describe("a POST suite", () => {
  it("sends its body to every path on both sides, each path a POST pair of its own", async () => {
    const key = crypto.randomUUID().slice(0, 8);
    const body = { json: { query: "{ shop { name } }" } };
    const paths = [`/${key}-a`, `/${key}-b`];
    const { suiteId, runId } = await createSuite({
      ...postedBases(),
      paths,
      options: { ...STEADY, method: "POST", body, samples: 1 },
    });
    const run = await waitForRun(suiteId, runId);
    expect(run.items.map((i) => i.verdict)).toEqual(["identical", "identical"]);
    for (const item of run.items) {
      const pairKey = await computePairKey(item.leftUrl, item.rightUrl, { method: "POST", body });
      expect(item.pairKey).toBe(pairKey);
      expect(item.pairKey).not.toBe(await computePairKey(item.leftUrl, item.rightUrl));
    }
    for (const path of paths) {
      // One sample per side, both sides on this one target: two requests per path, each with the body.
      expect(await arrived(path.slice(1))).toEqual([
        { method: "POST", contentType: "application/json", body: JSON.stringify(body.json) },
        { method: "POST", contentType: "application/json", body: JSON.stringify(body.json) },
      ]);
    }
    const suite = await readSuite(suiteId);
    expect(suite.options).toMatchObject({ method: "POST", body });
  });

  it("discovers the POST operations of an OpenAPI document that need no parameter", async () => {
    const { suiteId, runId } = await createSuite({
      ...bases(),
      discover: { openapi: `${suiteTargets()}/left/openapi.json` },
      options: { method: "POST", body: { json: {} } },
    });
    const run = await waitForRun(suiteId, runId);
    expect(run.items.map((i) => i.path).sort()).toEqual(["/create", "/diff"]);
  });

  it("refuses discovery from a sitemap, which lists pages to GET", async () => {
    const res = await postSuite({
      ...bases(),
      discover: { sitemap: `${suiteTargets()}/left/sitemap.xml` },
      options: { method: "POST", body: { json: {} } },
    });
    expect(res.status).toBe(400);
    const { error } = await res.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe("invalid_request");
    expect(error.message).toMatch(/A POST suite cannot discover its paths from a sitemap/);
  });

  it("seals a secret body with the suite, sends it in clear to each path, and shows it redacted", async () => {
    const key = crypto.randomUUID().slice(0, 8);
    const sentinel = `suite-body-${crypto.randomUUID()}`;
    const { suiteId, runId } = await createSuite({
      ...postedBases(),
      paths: [`/${key}`],
      options: { ...STEADY, method: "POST", body: { text: `token=${sentinel}`, secret: true }, samples: 1 },
    });
    await waitForRun(suiteId, runId);
    expect(await arrived(key)).toEqual([
      { method: "POST", contentType: "text/plain; charset=utf-8", body: `token=${sentinel}` },
      { method: "POST", contentType: "text/plain; charset=utf-8", body: `token=${sentinel}` },
    ]);
    const suite = await readSuite(suiteId);
    expect(suite.options).toMatchObject({ method: "POST", body: { text: "[redacted]", secret: true } });
    expect(await dumpD1()).not.toContain(sentinel);
    const definition = await env.DB.prepare("SELECT sealed_headers FROM suite_definitions WHERE suite_id = ?")
      .bind(suiteId)
      .first<{ sealed_headers: string | null }>();
    expect(definition?.sealed_headers).toMatch(/^enc:v2:/);
  });
});
