/**
 * The realistic fixture end to end (issue 17): staging and production of a shop, 11 endpoints,
 * compared three times with default settings. Every real difference is reported with a sensible
 * severity and never called flapping; no noise reaches `differences`; noise is listed apart.
 */
import { describe, expect, inject, it } from "vitest";
import type { ComparisonState } from "../../src/shapes/comparison";
import { compareAndWait, targets } from "../support/api";
import { type EndpointRun, endpointPair, SHOP_ENDPOINTS, score } from "../support/realistic";

const RUNS = 3;

async function runAll(tag: string, options?: unknown): Promise<Map<string, ComparisonState>> {
  const urls = inject("shopUrls");
  const states = await Promise.all(
    SHOP_ENDPOINTS.map(async (endpoint) => {
      const { leftUrl, rightUrl } = endpointPair(urls, endpoint, tag);
      return [endpoint, await compareAndWait(leftUrl, rightUrl, options)] as const;
    }),
  );
  return new Map(states);
}

function endpointRuns(states: Map<string, ComparisonState>): EndpointRun[] {
  return [...states].map(([endpoint, state]) => ({ endpoint, differences: state.result?.diff.differences ?? [] }));
}

describe("the realistic staging/production fixture", () => {
  it("reports every real difference, labelled right, and no noise, on the first run and on every later run", {
    timeout: 120_000,
  }, async () => {
    const tag = crypto.randomUUID();
    const runs: Map<string, ComparisonState>[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const states = await runAll(tag);
      runs.push(states);
      const result = score(endpointRuns(states), run);
      expect({ run, missed: result.missed, mislabelled: result.mislabelled, noise: result.noise }).toEqual({
        run,
        missed: [],
        mislabelled: [],
        noise: [],
      });
      expect(result.recall).toBe(1);
    }

    const [first, , third] = runs;
    // Noise is listed apart, as noise, with the side it varied on.
    const order = first?.get("/api/orders/1001")?.result;
    expect(order?.noise).toEqual(
      expect.arrayContaining([
        { path: "/body/json/nonce", side: "left" },
        { path: "/body/json/requestId", side: "right" },
      ]),
    );
    // The first run says so and leads with the real change, not the nonce.
    const orderSummary = order?.explanation.summary ?? "";
    expect(orderSummary).toContain("first comparison");
    expect(orderSummary).not.toMatch(/\d+ new since the previous run/);
    expect(orderSummary).toMatch(/taxRate/);
    expect(orderSummary.indexOf("taxRate")).toBeLessThan(orderSummary.indexOf("noise"));
    // The price is named in words, not as escaped markup, and never as noise.
    const pricing = third?.get("/pricing")?.result?.explanation.summary ?? "";
    expect(pricing).toContain("Pro: €12 / month");
    expect(pricing).not.toMatch(/<li>|\\"/);
    expect(pricing).not.toMatch(/probably noise/);
    // Sides carry labels: two ports of one host, so the host:port of each.
    expect(pricing).toMatch(/between 127\.0\.0\.1:\d+ and 127\.0\.0\.1:\d+/);
    // On the third run a real, constant difference is recurring, and nothing was "resolved".
    const search = third?.get("/api/search?q=lamp")?.result;
    expect(search?.diff.differences.find((d) => d.path === "/timing/totalMs")?.history).toBe("recurring");
    for (const state of third?.values() ?? []) expect(state.result?.resolved).toEqual([]);
  });

  it("stores one envelope per side whatever the number of samples", async () => {
    const tag = crypto.randomUUID();
    const { leftUrl, rightUrl } = endpointPair(inject("shopUrls"), "/api/orders/1001", tag);
    const state = await compareAndWait(leftUrl, rightUrl, { samples: 3 });
    expect(state.probes.left?.side).toBe("left");
    expect(state.probes.right?.side).toBe("right");
    expect(state.result?.noise?.length).toBeGreaterThan(0);
  });

  it("reports a side whose status changes between samples as unstable, never as noise", async () => {
    const key = crypto.randomUUID();
    const left = `${targets()}/status-sequence?key=${key}&codes=503,200`;
    const right = `${targets()}/status-sequence?key=${key}-r&codes=200`;
    const state = await compareAndWait(left, right, { samples: 2 });
    const status = state.result?.diff.differences.find((d) => d.path === "/status");
    expect(status?.severity).toBe("high");
    expect([...((status?.left ?? []) as number[])].sort()).toEqual([200, 503]);
    expect(state.result?.noise).toEqual([]);
    expect(state.result?.explanation.summary).toContain("(unstable)");
    // An answer that is not steady makes the comparison inconclusive, with the samples behind it.
    expect(state.result?.verdict).toBe("inconclusive");
    expect(state.result?.inconclusive).toEqual([
      { reason: "unstable_status", path: "/status", side: "left", samples: expect.arrayContaining([200, 503]) },
    ]);
    expect(state.result?.explanation.summary).toContain("The status of");
  });

  it("with one sample, still tells a request id apart: the differing comparison is confirmed with more samples", async () => {
    const tag = crypto.randomUUID();
    const { leftUrl, rightUrl } = endpointPair(inject("shopUrls"), "/api/orders/1001", tag);
    const state = await compareAndWait(leftUrl, rightUrl, { samples: 1 });
    expect(state.result?.diff.differences.map((d) => d.path)).not.toContain("/body/json/requestId");
    expect(state.result?.noise).toEqual(expect.arrayContaining([{ path: "/body/json/requestId", side: "left" }]));
    // The tax rate really differs, so every confirming round was taken: 1 + 4 samples per side.
    expect(state.probes.left?.samples).toHaveLength(5);
    expect(state.result?.verdict).toBe("different");
  });
});
