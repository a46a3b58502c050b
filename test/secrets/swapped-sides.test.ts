/**
 * Per-side credentials follow their host, not their position (issue 21, finding 3). A pair's key
 * sorts its two URLs, so "left" is no part of a pair's identity: saved `left: staging token` must
 * reach staging when a request, or a suite, names production first. And a suite's own per-side
 * headers stay with their base even if its row's bases are swapped behind its back.
 */

import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { computePairKey } from "../../src/pair-key";
import { api, compareAndWait, targets } from "../support/api";
import { settle } from "../support/directory";
import { bases, createSuite, freshKey, suiteTargets, waitForRun } from "../support/suites";

type Seen = Record<string, string>;

const putSettings = (pairKey: string, body: unknown) =>
  api(`/api/pairs/${pairKey}/settings`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const credentials = (left: string, right: string) => ({
  left: { headers: { Authorization: `Bearer ${left}` } },
  right: { headers: { Authorization: `Bearer ${right}` } },
});

async function recorded(key: string): Promise<Seen[]> {
  return (await fetch(`${targets()}/recorded/${key}/requests`)).json<Seen[]>();
}

async function suiteRecorded(side: "left" | "right", key: string): Promise<Seen[]> {
  return (await fetch(`${suiteTargets()}/recorded/${side}/${key}`)).json<Seen[]>();
}

describe("per-side credentials follow their host", () => {
  it("a pair's saved left and right headers reach their own URL when a request names the URLs swapped", async () => {
    const key = crypto.randomUUID();
    const staging = `${targets()}/recorded/${key}-staging`;
    const production = `${targets()}/recorded/${key}-production`;
    const pairKey = await computePairKey(staging, production);
    await compareAndWait(staging, production, { samples: 1 });
    const saved = await putSettings(pairKey, credentials("STAGING-ONLY", "PROD-ONLY"));
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ sides: { left: staging, right: production } });

    // A compare token names production first.
    expect((await compareAndWait(production, staging, { samples: 1 })).status).toBe("completed");
    expect((await recorded(`${key}-staging`))[1]?.authorization).toBe("Bearer STAGING-ONLY");
    expect((await recorded(`${key}-production`))[1]?.authorization).toBe("Bearer PROD-ONLY");
  });

  it("a suite whose bases name the pair the other way round sends each host the pair's credential for it", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const key = freshKey();
    const path = `/recorded/${key}`;
    const { leftBase, rightBase } = bases();
    const pairKey = await computePairKey(`${leftBase}${path}`, `${rightBase}${path}`);
    await compareAndWait(`${leftBase}${path}`, `${rightBase}${path}`, { samples: 1 });
    await settle(introspector);
    expect((await putSettings(pairKey, credentials("LEFT-HOST-ONLY", "RIGHT-HOST-ONLY"))).status).toBe(200);

    const { suiteId, runId } = await createSuite({
      leftBase: rightBase,
      rightBase: leftBase,
      paths: [path],
      options: { samples: 1 },
    });
    await waitForRun(suiteId, runId);
    expect((await suiteRecorded("left", key))[1]?.authorization).toBe("Bearer LEFT-HOST-ONLY");
    expect((await suiteRecorded("right", key))[1]?.authorization).toBe("Bearer RIGHT-HOST-ONLY");
  });

  it("a suite's own per-side headers stay with their base even when its row's bases are swapped", async () => {
    const key = freshKey();
    const { suiteId, runId } = await createSuite({
      ...bases(),
      paths: [`/recorded/${key}`],
      options: { samples: 1, ...credentials("LEFT-BASE-ONLY", "RIGHT-BASE-ONLY") },
    });
    await waitForRun(suiteId, runId);
    // Someone with write access to D1 swaps the bases: the credentials must not follow the position.
    await env.DB.prepare("UPDATE suites SET left_base = right_base, right_base = left_base WHERE id = ?")
      .bind(suiteId)
      .run();
    const rerun = await api(`/api/suites/${suiteId}/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(rerun.status).toBe(202);
    await waitForRun(suiteId, (await rerun.json<{ runId: number }>()).runId);
    expect((await suiteRecorded("left", key)).map((h) => h.authorization)).toEqual([
      "Bearer LEFT-BASE-ONLY",
      "Bearer LEFT-BASE-ONLY",
    ]);
    expect((await suiteRecorded("right", key)).map((h) => h.authorization)).toEqual([
      "Bearer RIGHT-BASE-ONLY",
      "Bearer RIGHT-BASE-ONLY",
    ]);
  });

  it("per-side headers for a pair never compared are refused: left and right name no URL yet", async () => {
    const pairKey = await computePairKey(`${targets()}/json?${crypto.randomUUID()}`, `${targets()}/text`);
    const res = await putSettings(pairKey, credentials("A", "B"));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_request", message: /never compared/ } });
    // Shared headers need no URL.
    expect((await putSettings(pairKey, { headers: { Authorization: "Bearer shared" } })).status).toBe(200);
  });
});
