/**
 * A suite's credentials: shared and per-side headers reach only their side, on the first run and
 * on a re-run, and are stored sealed (docs/secrets.md), never in clear.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api } from "../support/api";
import { dumpD1, dumpPairObject } from "../support/dumps";
import { bases, createSuite, freshKey, STEADY, suiteTargets, waitForRun } from "../support/suites";

type Seen = Record<string, string | undefined>;

async function seen(side: "left" | "right", key: string): Promise<Seen[]> {
  return (await fetch(`${suiteTargets()}/recorded/${side}/${key}`)).json();
}

describe("a suite's headers", () => {
  it("reach only their side on every run and are stored sealed, never in clear", async () => {
    const key = freshKey();
    const sentinel = `suite-sentinel-${crypto.randomUUID()}`;
    const { suiteId, runId } = await createSuite({
      ...bases(),
      paths: [`/recorded/${key}`],
      options: {
        ...STEADY,
        samples: 1,
        headers: { Authorization: `Bearer ${sentinel}-shared` },
        left: { headers: { "X-Env-Token": `${sentinel}-left` } },
        right: { headers: { "X-Env-Token": `${sentinel}-right` } },
      },
    });
    const first = await waitForRun(suiteId, runId);
    const rerun = await api(`/api/suites/${suiteId}/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(rerun.status).toBe(202);
    const second = await waitForRun(suiteId, (await rerun.json<{ runId: number }>()).runId);

    // Each side got the shared header and its own token on both runs, never the other side's.
    for (const side of ["left", "right"] as const) {
      const requests = await seen(side, key);
      expect(requests).toHaveLength(2);
      for (const headers of requests) {
        expect(headers.authorization).toBe(`Bearer ${sentinel}-shared`);
        expect(headers["x-env-token"]).toBe(`${sentinel}-${side}`);
      }
    }

    // Nowhere in clear: the suite's D1 rows, the pair's object, the API's answers.
    const item = first.items[0];
    if (!item || !second.items[0]) throw new Error("no rows");
    const suiteRow = await env.DB.prepare(
      "SELECT options_json, sealed_headers FROM suite_definitions WHERE id = (SELECT definition_id FROM suites WHERE id = ?)",
    )
      .bind(suiteId)
      .first<{ options_json: string; sealed_headers: string | null }>();
    expect(suiteRow?.sealed_headers).toMatch(/^enc:v2:/);
    const places = {
      d1: await dumpD1(),
      object: await dumpPairObject(item.pairKey),
      suite: await (await api(`/api/suites/${suiteId}`)).text(),
      comparison: await (await api(`/api/compare/${item.comparisonId}`)).text(),
    };
    for (const [place, text] of Object.entries(places)) {
      expect({ place, leaked: text.includes(sentinel) }).toEqual({ place, leaked: false });
    }
  });
});
