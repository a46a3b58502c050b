/// <reference types="node" />
/**
 * CPU milliseconds per workflow step (docs/scale.md § Per comparison), measured in Node with
 * process.cpuUsage() around the very functions each step runs, on the realistic shop's 11 endpoints
 * (test/support/shop.ts, run in a child process so its own CPU is not counted):
 *
 * - probe (one side, 2 samples): probeSamples and sampleNoise: the request, reading, parsing and
 *   fingerprinting the bodies. Node's fetch costs more CPU than workerd's, so this is an upper bound.
 * - diff: diffWithoutNoise, classifyHistory against 10 previous runs, and the explanation cache key.
 * - explain: buildPrompt (what the Workers AI path computes around its call) and explainWithRules
 *   (the fallback). The model's answer is waiting, not CPU.
 * - complete: serialising the result as the object stores it.
 *
 * The object's and D1's own work, and the platform's step bookkeeping, are not in these figures.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { it } from "vitest";
import { rulesFromOptions } from "../../src/diff";
import { diffWithoutNoise, sampleNoise } from "../../src/diff/noise";
import { classifyHistory, comparable } from "../../src/explain/history";
import { sideLabels } from "../../src/explain/labels";
import { buildPrompt, explanationCacheKey } from "../../src/explain/prompt";
import { explainWithRules } from "../../src/explain/rules";
import { probeSamples } from "../../src/probe/samples";
import type { ComparisonState } from "../../src/shapes/comparison";
import { resolveOptions } from "../../src/shapes/options";
import { SHOP_ENDPOINTS } from "../../test/support/realistic";

const ROUNDS = 5;

/** Starts the shop in its own Node process and returns its two base URLs. */
async function startShopProcess(): Promise<{ child: ChildProcess; staging: string; production: string }> {
  const script = `import("./test/support/shop.ts").then(async (m) => {
    const shop = await m.startShop();
    process.stdout.write(JSON.stringify({ staging: shop.stagingUrl, production: shop.productionUrl }) + "\\n");
  });`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
  return { child, ...JSON.parse(chunk.toString()) };
}

/** CPU ms (user + system) of `work`. */
async function cpu<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const before = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(before);
  return { ms: (used.user + used.system) / 1000, value };
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted.at(-1) ?? 0) };
};

it("CPU ms per workflow step on the realistic shop", async () => {
  const shop = await startShopProcess();
  try {
    const options = resolveOptions({});
    const rules = rulesFromOptions(options);
    const probeOptions = { method: options.method, headers: {}, timeoutMs: options.timeoutMs, allowPrivate: true };
    const times: Record<string, number[]> = { probe: [], diff: [], explain: [], complete: [] };
    const history = new Map<string, ComparisonState[]>();
    // Warm the JIT and the connections once, outside the figures.
    for (const path of SHOP_ENDPOINTS)
      await probeSamples(`${shop.staging}${path}`, "left", { ...probeOptions, samples: 2 });

    for (let round = 0; round < ROUNDS; round++) {
      for (const path of SHOP_ENDPOINTS) {
        const [leftUrl, rightUrl] = [`${shop.staging}${path}`, `${shop.production}${path}`];
        const sides = [];
        for (const [side, url] of [
          ["left", leftUrl],
          ["right", rightUrl],
        ] as const) {
          const probed = await cpu(async () => {
            const [envelope, ...others] = await probeSamples(url, side, { ...probeOptions, samples: 2 });
            return { envelope, samples: sampleNoise([envelope, ...others], rules) };
          });
          times.probe?.push(probed.ms);
          sides.push(probed.value);
        }
        const [left, right] = sides as [(typeof sides)[0], (typeof sides)[0]];
        const previous = history.get(path) ?? [];
        const diffed = await cpu(async () => {
          const { diff, noise } = diffWithoutNoise(left.envelope, right.envelope, rules, left.samples, right.samples);
          const current = {
            leftUrl,
            rightUrl,
            diff,
            options,
            noise,
            comparable: comparable(left.envelope, right.envelope),
          };
          const marked = classifyHistory(current, previous);
          await explanationCacheKey(marked.diff, marked.resolved);
          return { ...marked, noise };
        });
        times.diff?.push(diffed.ms);
        const context = { labels: sideLabels(leftUrl, rightUrl, options), noise: diffed.value.noise };
        const explained = await cpu(() => {
          buildPrompt(diffed.value.diff, diffed.value.resolved, undefined, context);
          return explainWithRules(diffed.value.diff, diffed.value.resolved, context);
        });
        times.explain?.push(explained.ms);
        const result = { ...diffed.value, explanation: explained.value };
        const completed = await cpu(
          () => JSON.stringify({ result, left: left.envelope, right: right.envelope }).length,
        );
        times.complete?.push(completed.ms);
        const state = {
          comparisonId: `${path}:${round}`,
          status: "completed",
          createdAt: Date.now(),
          result,
          probes: { left: left.envelope, right: right.envelope },
        } as unknown as ComparisonState;
        history.set(path, [state, ...previous].slice(0, 10));
      }
    }
    const figures = Object.fromEntries(Object.entries(times).map(([step, values]) => [step, stats(values)]));
    const sum = (q: "p50" | "p95") =>
      Math.round(
        (2 * (figures.probe?.[q] ?? 0) +
          (figures.diff?.[q] ?? 0) +
          (figures.explain?.[q] ?? 0) +
          (figures.complete?.[q] ?? 0)) *
          100,
      ) / 100;
    console.log(
      JSON.stringify({
        name: "step-cpu-ms",
        value: sum("p50"),
        unit: "cpu-ms-per-comparison-p50",
        p95PerComparison: sum("p95"),
        samples: ROUNDS * SHOP_ENDPOINTS.length,
        steps: figures,
        note: "Node process.cpuUsage around each step's own code; probe is per side with 2 samples; Node's fetch is heavier than workerd's",
      }),
    );
  } finally {
    shop.child.kill();
  }
});
