/**
 * Latency as statistics (issue 23, docs/noise.md § Timing): judged on every sample of both sides,
 * never on one number per side, and never dropped as noise because one side jitters.
 *
 * - `slower` / `faster` (how the right side compares with the left): in every round, the slower
 *   side's sample exceeds the other side's sample of the same round by at least TIMING_RULE.ratio
 *   times and TIMING_RULE.minMs milliseconds. A round probes both sides at the same moment, so
 *   load that slows the machine slows both samples of a round alike and cannot hide a regression
 *   (measured in docs/noise.md: comparing one side's best with the other's worst over all rounds
 *   missed a 600 ms regression once a busy first round slowed the faster side to 574 ms). Jitter
 *   cannot fake one: it would have to slow the same side by the floor in every round.
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
    `slower/faster when, in every round, one side's sample is at least ${rule.ratio}× and ${rule.minMs} ms ` +
    "above the other side's sample of the same round; unstable when not, but the medians are that far apart"
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
  const every = (slower: readonly number[], faster: readonly number[]) => {
    for (let i = 0; i < rounds; i++) if (!apart(slower[i] as number, faster[i] as number, rule)) return false;
    return true;
  };
  if (every(rightMs, leftMs)) return { verdict: "slower", ...base };
  if (every(leftMs, rightMs)) return { verdict: "faster", ...base };
  const [lMed, rMed] = [median(leftMs), median(rightMs)];
  if (apart(rMed, lMed, rule) || apart(lMed, rMed, rule)) return { verdict: "unstable", ...base };
  return { verdict: "same", ...base };
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
