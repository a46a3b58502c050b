/**
 * Trust on the realistic fixture (issue 17): staging and production of a shop, 11 endpoints,
 * compared three times with default settings. Per run:
 * - `realistic-recall`: real differences reported with a sensible severity and not flapping,
 *   over all real differences of the ground truth (test/support/realistic.ts);
 * - `realistic-noise`: differences reported that are not real (noise that got through), with the
 *   precision of the report.
 * Then the same with `samples: 1`, to show what the default second sample buys, and
 * `second-sample-latency`: what a second sample adds to a comparison's wall time (created →
 * completed, median over fast endpoints), since samples run concurrently.
 */
import { inject, it } from "vitest";
import type { ComparisonState } from "../src/shapes/comparison";
import { compareAndWait } from "../test/support/api";
import { endpointPair, SHOP_ENDPOINTS, score } from "../test/support/realistic";

const RUNS = 3;
const LATENCY_ROUNDS = 15;
const FAST_ENDPOINTS = ["/api/orders/1001", "/pricing", "/api/products"];

async function runAll(tag: string, options: Record<string, unknown>): Promise<[string, ComparisonState][]> {
  const urls = inject("shopUrls");
  return Promise.all(
    SHOP_ENDPOINTS.map(async (endpoint) => {
      const { leftUrl, rightUrl } = endpointPair(urls, endpoint, tag);
      return [endpoint, await compareAndWait(leftUrl, rightUrl, options)] as [string, ComparisonState];
    }),
  );
}

async function trust(label: string, options: Record<string, unknown>): Promise<void> {
  const tag = crypto.randomUUID();
  for (let run = 1; run <= RUNS; run++) {
    const states = await runAll(tag, options);
    const result = score(
      states.map(([endpoint, state]) => ({ endpoint, differences: state.result?.diff.differences ?? [] })),
    );
    const noiseListed = states.reduce((n, [, s]) => n + (s.result?.noise?.length ?? 0), 0);
    const suffix = label ? `-${label}` : "";
    console.log(
      JSON.stringify({
        name: `realistic-recall${suffix}`,
        value: Number(result.recall.toFixed(3)),
        unit: "ratio",
        run,
        found: result.found,
        real: result.real,
        missed: result.missed,
        mislabelled: result.mislabelled,
      }),
    );
    console.log(
      JSON.stringify({
        name: `realistic-noise${suffix}`,
        value: result.noise.length,
        unit: "differences",
        run,
        precision: Number(result.precision.toFixed(3)),
        noiseListedApart: noiseListed,
        leaked: result.noise.slice(0, 10),
      }),
    );
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const wall = (s: ComparisonState) => Date.parse(s.updatedAt) - Date.parse(s.createdAt);

it("realistic fixture: recall and noise per run, default settings and one sample", async () => {
  await trust("", {});
  await trust("1-sample", { samples: 1 });
}, 600_000);

it("what a second sample costs in latency", async () => {
  const urls = inject("shopUrls");
  const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
  for (let round = 0; round < LATENCY_ROUNDS; round++) {
    for (const endpoint of FAST_ENDPOINTS) {
      const { leftUrl, rightUrl } = endpointPair(urls, endpoint, crypto.randomUUID());
      // Alternate which goes first, so a warming cache favours neither.
      const order = round % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const);
      for (const samples of order) times[samples].push(wall(await compareAndWait(leftUrl, rightUrl, { samples })));
    }
  }
  const one = median(times[1]);
  const two = median(times[2]);
  console.log(
    JSON.stringify({
      name: "second-sample-latency",
      value: two - one,
      unit: "ms",
      medianOneSampleMs: one,
      medianTwoSamplesMs: two,
      comparisons: times[1].length,
    }),
  );
}, 600_000);
