/**
 * The three-way verdict of a comparison (issue 23, docs/noise.md § Verdict): `identical`,
 * `different` or `inconclusive`, with the reasons a side could not be judged:
 * - `sample_errors`: some samples of a side got a probe error (timeout, connection, …) and others
 *   answered, or the errors had different codes;
 * - `unstable_status`: the samples of a side that answered disagree on the status;
 * - `unstable_timing`: the latency verdict is `unstable` (timing.ts), and /timing is not ignored;
 * - `unstable_value`: a side is volatile as a whole: its body kind changed between samples, or more
 *   paths varied than are kept as noise.
 * A side whose answer is not steady (the first two) makes the comparison `inconclusive` whatever
 * else it found; the last two only when nothing is confirmed different. Pure.
 */
import type { Side } from "../shapes/envelope";
import type { DiffResult, InconclusiveReason, TimingVerdict, Verdict } from "../shapes/result";
import type { SideSamples } from "./sample-facts";
import { unstableSide } from "./timing";

export interface ComparisonVerdict {
  verdict: Verdict;
  inconclusive: InconclusiveReason[];
}

function sideReasons(facts: SideSamples, side: Side): InconclusiveReason[] {
  const reasons: InconclusiveReason[] = [];
  const errors = new Set(facts.errors.filter((e) => e !== null));
  const answered = facts.statuses.filter((s, i) => s !== null && facts.errors[i] === null);
  if (errors.size > 1 || (errors.size === 1 && answered.length > 0)) {
    reasons.push({ reason: "sample_errors", path: "/error", side, samples: facts.statuses });
  }
  if (new Set(answered).size > 1) {
    reasons.push({ reason: "unstable_status", path: "/status", side, samples: facts.statuses });
  }
  if (facts.volatile) {
    const kind = facts.noise.includes("/body/kind");
    reasons.push({ reason: "unstable_value", ...(kind ? { path: "/body/kind" } : {}), side });
  }
  return reasons;
}

export function verdictOf(
  diff: DiffResult,
  left: SideSamples,
  right: SideSamples,
  timing: TimingVerdict,
  timingCounts: boolean,
): ComparisonVerdict {
  const reasons = [...sideReasons(left, "left"), ...sideReasons(right, "right")];
  if (timingCounts && timing.verdict === "unstable") {
    const side = unstableSide(timing);
    const samples = side === "left" ? timing.leftMs : timing.rightMs;
    reasons.push({ reason: "unstable_timing", path: "/timing/totalMs", side, samples });
  }
  const unsteady = reasons.some((r) => r.reason === "sample_errors" || r.reason === "unstable_status");
  const verdict: Verdict =
    unsteady || (diff.identical && reasons.length > 0) ? "inconclusive" : diff.identical ? "identical" : "different";
  return { verdict, inconclusive: reasons };
}
