/**
 * A comparison's result as the CLI reads it. The generated types (api.d.ts) describe the server this
 * CLI was built against; issue 23 adds names to results (CONTRACT.md § Comparison results): a
 * three-way `verdict` with `inconclusive` reasons, `consequences` nested under their cause, `key`,
 * `leftPath`/`rightPath`, `change: "renamed"`, and `timing`. They are read here by those names and
 * are optional, so a result from an older server reads the same as before: its verdict derived from
 * `identical`, no consequences, no timing.
 */
import type { components } from "./api.js";

type GeneratedDifference = components["schemas"]["Difference"];
export type ComparisonView = components["schemas"]["ComparisonStateSummary"];

/** A difference that follows from another one: nested under its cause, never gated on its own. */
export type Consequence = Omit<GeneratedDifference, "change"> & {
  change: GeneratedDifference["change"] | "renamed";
  /** The key value of the array element (matched by key) the difference is in. */
  key?: string | number;
  /** Pointers valid in each side's document, when `path` is not (keyed elements, renames). */
  leftPath?: string;
  rightPath?: string;
};
export type Difference = Consequence & { consequences?: Consequence[] };

export type Verdict = "identical" | "different" | "inconclusive";

/** Why a comparison could not decide (contract: unstable_status, unstable_timing, unstable_value, sample_errors). */
export interface InconclusiveReason {
  reason: string;
  path?: string;
  side?: "left" | "right";
  samples?: unknown[];
}

/** The latency verdict on the samples of both sides. */
export interface TimingVerdict {
  verdict: "same" | "slower" | "faster" | "unstable";
  leftMs: number[];
  rightMs: number[];
  rule: string;
}

/** What issue 23 adds to a result, by the contract's names, all optional. */
interface ResultAdditions {
  verdict?: Verdict;
  inconclusive?: InconclusiveReason[];
  timing?: TimingVerdict;
}

export interface ResultView {
  /** null while running or when the comparison failed: there is nothing to judge. */
  verdict: Verdict | null;
  /** Causes only: consequences stay nested in `consequences`. */
  differences: Difference[];
  inconclusive: InconclusiveReason[];
  timing: TimingVerdict | null;
  explanation: string | null;
}

const VERDICTS: readonly string[] = ["identical", "different", "inconclusive"];

export function readResult(state: ComparisonView): ResultView {
  const result = state.result as (NonNullable<ComparisonView["result"]> & ResultAdditions) | null;
  if (state.status !== "completed" || !result) {
    return { verdict: null, differences: [], inconclusive: [], timing: null, explanation: null };
  }
  const differences = result.diff.differences as Difference[];
  const inconclusive = Array.isArray(result.inconclusive) ? result.inconclusive : [];
  const stated = typeof result.verdict === "string" && VERDICTS.includes(result.verdict) ? result.verdict : null;
  // An older server says only whether the diff is identical; an inconclusive answer it cannot give.
  const verdict =
    stated ?? (inconclusive.length > 0 ? "inconclusive" : result.diff.identical ? "identical" : "different");
  return {
    verdict,
    differences,
    inconclusive,
    timing: result.timing && Array.isArray(result.timing.leftMs) ? result.timing : null,
    explanation: result.explanation.summary,
  };
}

/** Where a difference is in each side's document: one path, or two when they are not the same. */
export function sidePaths(d: Consequence): { left: string; right: string } {
  return { left: d.leftPath ?? d.path, right: d.rightPath ?? d.path };
}
