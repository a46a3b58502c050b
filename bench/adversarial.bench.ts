/**
 * `diff-adversarial-max`: the slowest diff, in ms, over the adversarial corpus
 * (test/support/adversarial-corpus.ts), with the shape that took it. Each shape's bodies are
 * stored as the probe stores them (cut at the cap, classified, fitted), then diffed: the median of
 * five runs per shape. Also printed per shape, as `diff-adversarial` lines with `shape`.
 */
import { expect, it } from "vitest";
import { diffEnvelopes } from "../src/diff";
import { ADVERSARIAL_CORPUS } from "../test/support/adversarial-corpus";
import { adversarialEnvelopes } from "../test/support/adversarial-envelopes";

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

it("diff-adversarial-max", async () => {
  let worst = { shape: "", ms: -1 };
  const samplesSeen: number[] = [];
  for (const shape of ADVERSARIAL_CORPUS) {
    const { l, r } = await adversarialEnvelopes(shape);
    diffEnvelopes(l, r); // warm-up
    const samples: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      total = diffEnvelopes(l, r).summary.total ?? 0;
      samples.push(performance.now() - start);
    }
    samplesSeen.push(...samples);
    const ms = Math.round(median(samples) * 100) / 100;
    console.log(
      JSON.stringify({ name: "diff-adversarial", shape: shape.name, value: ms, unit: "ms", differences: total }),
    );
    if (ms > worst.ms) worst = { shape: shape.name, ms };
  }
  // In deployed workerd the clock stands still during CPU work; under miniflare it moves.
  expect(
    samplesSeen.some((s) => s > 0),
    "clock did not advance while diffing",
  ).toBe(true);
  console.log(
    JSON.stringify({
      name: "diff-adversarial-max",
      value: worst.ms,
      unit: "ms",
      worst: worst.shape,
      shapes: ADVERSARIAL_CORPUS.length,
      goal: 100,
    }),
  );
});
