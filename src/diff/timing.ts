/**
 * Latency as statistics (issue 23, docs/noise.md § Timing): judged on every sample of both sides,
 * never on one number per side, and never dropped as noise because one side jitters.
 *
 * - `slower` / `faster` (how the right side compares with the left): round by round, the slower
 *   side's sample exceeds the other side's sample of the same round by at least TIMING_RULE.ratio
 *   times and TIMING_RULE.minMs milliseconds, in every round (with 4 rounds or more, in every round
 *   but one), and the medians are that far apart too. A round probes both sides at the same moment,
 *   so load that slows the machine slows both samples of a round alike; a busy request that slows
 *   one sample of the faster side is the one round forgiven (measured in docs/noise.md: comparing
 *   one side's best with the other's worst missed a 600 ms regression on a loaded machine). Jitter
 *   cannot fake a difference: it would have to slow the same side by the floor in nearly every round.
 * - `unstable`: the samples overlap, yet the sides' medians are apart by both floors: a difference
 *   may be there, but the samples do not settle it. Reported with the samples, not as noise.
 * - `same`: anything else.
 * Pure: the Workflow hands it the samples.
 */
import type { Difference, TimingVerdict } from "../shapes/result";
import { SEVERITY } from "./rules";

export interface TimingRule {
  /** The slower side's best must be at least this many times the faster side's worst... */
  ratio: number;
  /** ...and at least this many milliseconds more. */
  minMs: number;
}

export const TIMING_RULE: Readonly<TimingRule> = { ratio: 1.5, minMs: 250 };

export function describeRule(rule: TimingRule = TIMING_RULE): string {
  return (
    `slower/faster when one side's sample is at least ${rule.ratio}× and ${rule.minMs} ms above the other ` +
    "side's sample of the same round in every round (all but one from 4 rounds on) and the medians are that " +
    "far apart; unstable when only the medians are"
  );
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** `slow` clearly above `fast` by both floors. */
function apart(slow: number, fast: number, rule: TimingRule): boolean {
  return slow >= fast * rule.ratio && slow - fast >= rule.minMs;
}

/** Rounds in which `slower[i]` is clearly above `faster[i]`, of the rounds both lists have. */
function roundsApart(slower: readonly number[], faster: readonly number[], rule: TimingRule): number {
  const rounds = Math.min(slower.length, faster.length);
  let count = 0;
  for (let i = 0; i < rounds; i++) if (apart(slower[i] as number, faster[i] as number, rule)) count++;
  return count;
}

/** Rounds that may disagree: one busy request is forgiven once there are 4 rounds or more. */
function forgiven(rounds: number): number {
  return rounds >= 4 ? 1 : 0;
}

/**
 * `leftMs[i]` and `rightMs[i]` were taken in the same round; rounds are paired up to the shorter
 * list (a side with fewer answers is inconclusive anyway: src/diff/verdict.ts).
 */
export function judgeTiming(
  leftMs: readonly number[],
  rightMs: readonly number[],
  rule: TimingRule = TIMING_RULE,
): TimingVerdict {
  const base = { leftMs: [...leftMs], rightMs: [...rightMs], rule: describeRule(rule) };
  const rounds = Math.min(leftMs.length, rightMs.length);
  if (rounds === 0) return { verdict: "same", ...base };
  const [lMed, rMed] = [median(leftMs), median(rightMs)];
  const needed = rounds - forgiven(rounds);
  if (apart(rMed, lMed, rule) && roundsApart(rightMs, leftMs, rule) >= needed) return { verdict: "slower", ...base };
  if (apart(lMed, rMed, rule) && roundsApart(leftMs, rightMs, rule) >= needed) return { verdict: "faster", ...base };
  if (apart(rMed, lMed, rule) || apart(lMed, rMed, rule)) return { verdict: "unstable", ...base };
  return { verdict: "same", ...base };
}

/** A `slower`/`faster` verdict that every round agrees with: confirming may stop there. */
export function unanimous(timing: TimingVerdict, rule: TimingRule = TIMING_RULE): boolean {
  const rounds = Math.min(timing.leftMs.length, timing.rightMs.length);
  if (timing.verdict === "slower") return roundsApart(timing.rightMs, timing.leftMs, rule) === rounds;
  if (timing.verdict === "faster") return roundsApart(timing.leftMs, timing.rightMs, rule) === rounds;
  return false;
}

/** The side whose own samples spread the most (max over min): the one to name when timing is unstable. */
export function unstableSide(timing: TimingVerdict): "left" | "right" {
  const spread = (ms: readonly number[]) => (Math.max(...ms) + 1) / (Math.min(...ms) + 1);
  return spread(timing.leftMs) >= spread(timing.rightMs) ? "left" : "right";
}

/** A settled latency difference as a row of `differences`: each side's median. */
export function timingDifference(timing: TimingVerdict): Difference | null {
  if (timing.verdict !== "slower" && timing.verdict !== "faster") return null;
  return {
    kind: "timing",
    path: "/timing/totalMs",
    change: "changed",
    left: Math.round(median(timing.leftMs)),
    right: Math.round(median(timing.rightMs)),
    severity: SEVERITY.timing,
    history: "new",
  };
}
