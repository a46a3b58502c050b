/**
 * What every realistic fixture's test (newsroom, Acme Cloud, DevHub) asserts of one of its runs:
 * every real difference of its ground truth is reported at the top level and labelled right, nothing
 * else is; the fixture's one latency regression is reported and jitter on every other endpoint never
 * is; and every comparison settles, never inconclusive on a steady service. Each test adds what is
 * particular to its fixture.
 */
import { expect } from "vitest";
import type { ComparisonState } from "../../src/shapes/comparison";
import { type RealDifference, scoreRun } from "./scoring";

export function expectCleanRun(
  truth: readonly RealDifference[],
  states: ReadonlyMap<string, ComparisonState>,
  run: number,
  slowEndpoint: string,
): void {
  const score = scoreRun(
    truth,
    [...states].map(([endpoint, state]) => ({ endpoint, differences: state.result?.diff.differences ?? [] })),
    run,
  );
  expect({ run, missed: score.missed, mislabelled: score.mislabelled, noise: score.noise }).toEqual({
    run,
    missed: [],
    mislabelled: [],
    noise: [],
  });
  expect(score.recall).toBe(1);

  expect(states.get(slowEndpoint)?.result?.timing?.verdict).toMatch(/slower|faster/);
  for (const [endpoint, state] of states) {
    if (endpoint !== slowEndpoint)
      expect({ endpoint, timing: state.result?.timing?.verdict }).not.toMatchObject({
        timing: expect.stringMatching(/slower|faster/),
      });
    expect({ endpoint, verdict: state.result?.verdict }).not.toEqual({ endpoint, verdict: "inconclusive" });
  }
}
