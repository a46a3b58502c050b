/**
 * The gate, without I/O: which differences fail the run at `--fail-on`, and the exit code.
 * 0 pass, 1 differences at or above the threshold, 2 a comparison that failed, 3 usage/network/API,
 * 4 inconclusive (only when the gate says so: --fail-on-inconclusive or the config's gate).
 * Only causes are gated: a consequence is nested under its cause and never counted on its own.
 */
import type { Difference } from "./result-view.js";

export const SEVERITY_ORDER = ["none", "info", "low", "medium", "high"] as const;
export type Threshold = (typeof SEVERITY_ORDER)[number];

export const EXIT = { pass: 0, differences: 1, failed: 2, error: 3, inconclusive: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface Gate {
  failOn: Threshold;
  newOnly: boolean;
  /** An inconclusive comparison fails the run with exit 4 (otherwise it passes, reported as such). */
  failOnInconclusive: boolean;
}

export const DEFAULT_GATE: Gate = { failOn: "high", newOnly: false, failOnInconclusive: false };

const rank = (level: Threshold) => SEVERITY_ORDER.indexOf(level);

/** The differences that fail the gate: at or above `failOn` (never for `none`), new ones only if asked. */
export function failing(differences: readonly Difference[], failOn: Threshold, newOnly: boolean): Difference[] {
  if (failOn === "none") return [];
  return differences.filter((d) => rank(d.severity) >= rank(failOn) && (!newOnly || d.history === "new"));
}

export interface Outcome {
  failed: boolean;
  failing: readonly Difference[];
  inconclusive: boolean;
}

/**
 * A failed comparison outranks everything: the gate cannot say the environments agree. Differences
 * that fail the gate outrank an inconclusive comparison: a definite finding before an uncertain one.
 */
export function exitCode(outcomes: readonly Outcome[], failOnInconclusive: boolean): ExitCode {
  if (outcomes.some((o) => o.failed)) return EXIT.failed;
  if (outcomes.some((o) => o.failing.length > 0)) return EXIT.differences;
  if (failOnInconclusive && outcomes.some((o) => o.inconclusive)) return EXIT.inconclusive;
  return EXIT.pass;
}
