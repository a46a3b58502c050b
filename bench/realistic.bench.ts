/**
 * Answers a team can gate on (issues 17 and 23), on three services with their own ground truth: the
 * shop (test/support/shop.ts, realistic.ts), the newsroom (newsroom.ts, newsroom-truth.ts), Acme
 * Cloud (acme-cloud.ts, acme-cloud-truth.ts) and DevHub (devhub.ts, devhub-truth.ts, with POSTs and a
 * HEAD).
 * Each is compared three consecutive times with default settings, first on a quiet machine, then
 * with the machine loaded by a concurrent 14-path suite that runs its paths at once. Per fixture,
 * load and run:
 * - `realistic-recall`: real differences reported at the top level, over all real ones;
 * - `realistic-noise`: top-level rows that are not real (noise, or a consequence listed as a peer);
 * - `realistic-mislabelled`: real differences reported with the wrong kind, severity, change or key,
 *   split in several rows, flapping, or not `recurring` from the second run on.
 * Then `probes-per-comparison` (requests each side received) for an identical and a differing pair,
 * `confirm-added-ms` (what a differing pair takes longer than an identical one), and
 * `second-sample-latency`.
 */
import { inject, it } from "vitest";
import type { ComparisonState } from "../src/shapes/comparison";
import { ACME_ENDPOINTS, ACME_TRUTH } from "../test/support/acme-cloud-truth";
import { api, compareAndWait, targets } from "../test/support/api";
import { DEVHUB_ENDPOINTS, DEVHUB_OPTIONS, DEVHUB_TRUTH } from "../test/support/devhub-truth";
import { NEWSROOM_ENDPOINTS, NEWSROOM_TRUTH } from "../test/support/newsroom-truth";
import { REAL_DIFFERENCES, SHOP_ENDPOINTS } from "../test/support/realistic";
import { endpointPair, type RealDifference, scoreRun } from "../test/support/scoring";
import { createSuite, waitForRun } from "../test/support/suites";

const RUNS = 3;
/** Samples per side per moment with default settings (options.samples). */
const SAMPLES = 2;
const LATENCY_ROUNDS = 15;
const FAST_ENDPOINTS = ["/api/orders/1001", "/pricing", "/api/products"];
const COST_ROUNDS = 7;
const WAIT_MS = 180_000;

interface Fixture {
  name: "shop" | "newsroom" | "acme-cloud" | "devhub";
  urls: { staging: string; production: string };
  endpoints: readonly string[];
  truth: readonly RealDifference[];
  /** Compare options of the endpoints that are not a plain GET. */
  options?: Readonly<Record<string, unknown>>;
}

const fixtures = (): Fixture[] => [
  { name: "shop", urls: inject("shopUrls"), endpoints: SHOP_ENDPOINTS, truth: REAL_DIFFERENCES },
  { name: "newsroom", urls: inject("newsroomUrls"), endpoints: NEWSROOM_ENDPOINTS, truth: NEWSROOM_TRUTH },
  { name: "acme-cloud", urls: inject("acmeUrls"), endpoints: ACME_ENDPOINTS, truth: ACME_TRUTH },
  {
    name: "devhub",
    urls: inject("devhubUrls"),
    endpoints: DEVHUB_ENDPOINTS,
    truth: DEVHUB_TRUTH,
    options: DEVHUB_OPTIONS,
  },
];

function print(line: Record<string, unknown>): void {
  console.log(JSON.stringify(line));
}

async function runAll(fixture: Fixture, tag: string): Promise<[string, ComparisonState][]> {
  return Promise.all(
    fixture.endpoints.map(async (endpoint) => {
      const { leftUrl, rightUrl } = endpointPair(fixture.urls, endpoint, tag);
      return [endpoint, await compareAndWait(leftUrl, rightUrl, fixture.options?.[endpoint], WAIT_MS)] as [
        string,
        ComparisonState,
      ];
    }),
  );
}

async function trust(fixture: Fixture, load: "quiet" | "loaded"): Promise<void> {
  const tag = crypto.randomUUID();
  for (let run = 1; run <= RUNS; run++) {
    const states = await runAll(fixture, tag);
    const result = scoreRun(
      fixture.truth,
      states.map(([endpoint, state]) => ({ endpoint, differences: state.result?.diff.differences ?? [] })),
      run,
    );
    const common = { fixture: fixture.name, run, load };
    print({
      name: "realistic-recall",
      value: Number(result.recall.toFixed(3)),
      unit: "ratio",
      ...common,
      reported: result.reported,
      real: result.real,
      missed: result.missed,
    });
    print({
      name: "realistic-noise",
      value: result.noise.length,
      unit: "differences",
      ...common,
      consequences: result.noise.filter((n) => n.consequence).length,
      precision: Number(result.precision.toFixed(3)),
      noiseListedApart: states.reduce((n, [, s]) => n + (s.result?.noise?.length ?? 0), 0),
      leaked: result.noise.slice(0, 20),
    });
    // What the latency was judged on, for every endpoint whose timing is real or not plainly the same.
    for (const [endpoint, state] of states) {
      const timing = state.result?.timing;
      const real = fixture.truth.some((t) => t.endpoint === endpoint && t.kind === "timing");
      if (!timing || (!real && timing.verdict === "same")) continue;
      print({ name: "realistic-timing", value: timing.verdict, ...common, endpoint, real, ...timing, rule: undefined });
    }
    // Confirming rounds taken per comparison (each takes as many samples per side as the first
    // moment: SAMPLES): 0 for an identical pair, up to 4; with the comparisons' wall times.
    const rounds = states.map(([, state]) =>
      Math.max(0, ((state.probes.left?.samples?.length ?? SAMPLES) - SAMPLES) / SAMPLES),
    );
    print({
      name: "realistic-confirm-rounds",
      value: rounds.reduce((a, b) => a + b, 0) / rounds.length,
      unit: "rounds per comparison",
      ...common,
      histogram: [0, 1, 2, 3, 4].map((n) => rounds.filter((r) => r === n).length),
      medianWallMs: median(states.map(([, state]) => wall(state))),
    });
    print({
      name: "realistic-mislabelled",
      value: result.mislabelled.length,
      unit: "differences",
      ...common,
      mislabelled: result.mislabelled,
    });
  }
}

/**
 * Keeps a 14-path suite running (all paths at once, over the start queue) until `stop` is called:
 * the newsroom's endpoints under their own query, so its pairs are not the measured ones.
 */
function startLoad(): { started: Promise<void>; stop: () => Promise<number> } {
  const urls = inject("newsroomUrls");
  const paths = NEWSROOM_ENDPOINTS.slice(0, 14).map((p) => `${p}${p.includes("?") ? "&" : "?"}load=1`);
  let running = true;
  let runs = 0;
  let signal: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    signal = resolve;
  });
  const loop = (async () => {
    const { suiteId, runId } = await createSuite({ leftBase: urls.staging, rightBase: urls.production, paths });
    signal();
    let current = runId;
    for (;;) {
      await waitForRun(suiteId, current, WAIT_MS);
      runs++;
      if (!running) return;
      const res = await api(`/api/suites/${suiteId}/runs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      if (res.status !== 202) throw new Error(`POST runs: ${res.status} ${await res.text()}`);
      current = (await res.json<{ runId: number }>()).runId;
    }
  })();
  return {
    started,
    stop: async () => {
      running = false;
      await loop;
      return runs;
    },
  };
}

it("realistic fixtures: recall, noise and mislabels per run, quiet and loaded", async () => {
  for (const fixture of fixtures()) await trust(fixture, "quiet");
  const load = startLoad();
  await load.started;
  for (const fixture of fixtures()) await trust(fixture, "loaded");
  const suiteRuns = await load.stop();
  print({ name: "realistic-load-suite-runs", value: suiteRuns, unit: "runs", paths: 14 });
}, 1_800_000);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const wall = (s: ComparisonState) => Date.parse(s.updatedAt) - Date.parse(s.createdAt);

/** Requests a `/recorded/:key` target received. */
async function requestsTo(key: string): Promise<number> {
  const res = await fetch(`${targets()}/recorded/${key}/requests`);
  return ((await res.json()) as unknown[]).length;
}

it("probes per comparison and the time confirming adds", async () => {
  const walls: Record<"identical" | "different", number[]> = { identical: [], different: [] };
  const probes: Record<"identical" | "different", number[]> = { identical: [], different: [] };
  for (let round = 0; round < COST_ROUNDS; round++) {
    for (const kase of ["identical", "different"] as const) {
      const key = crypto.randomUUID();
      // Same answer on both sides, or 200 against 201: a status difference that holds in every sample.
      const right = kase === "identical" ? "200" : "201";
      const state = await compareAndWait(
        `${targets()}/recorded/${key}-l?codes=200`,
        `${targets()}/recorded/${key}-r?codes=${right}`,
        undefined,
        WAIT_MS,
      );
      walls[kase].push(wall(state));
      probes[kase].push(await requestsTo(`${key}-l`), await requestsTo(`${key}-r`));
    }
  }
  for (const kase of ["identical", "different"] as const) {
    print({
      name: "probes-per-comparison",
      value: Math.max(...probes[kase]),
      unit: "requests per side",
      case: kase,
      median: median(probes[kase]),
      comparisons: COST_ROUNDS,
    });
  }
  print({
    name: "confirm-added-ms",
    value: median(walls.different) - median(walls.identical),
    unit: "ms",
    medianIdenticalMs: median(walls.identical),
    medianDifferentMs: median(walls.different),
    comparisons: COST_ROUNDS,
  });
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
  print({
    name: "second-sample-latency",
    value: two - one,
    unit: "ms",
    medianOneSampleMs: one,
    medianTwoSamplesMs: two,
    comparisons: times[1].length,
  });
}, 600_000);
