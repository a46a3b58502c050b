/**
 * The gate, without I/O: which differences fail the run at `--fail-on`, and the exit code.
 * 0 pass, 1 differences at or above the threshold, 2 a comparison that failed, 3 usage/network/API.
 */
import type { components } from "./api.js";

export type Difference = components["schemas"]["Difference"];
export type Severity = Difference["severity"];
export const SEVERITY_ORDER = ["none", "info", "low", "medium", "high"] as const;
export type Threshold = (typeof SEVERITY_ORDER)[number];

export const EXIT = { pass: 0, differences: 1, failed: 2, error: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const rank = (level: Threshold) => SEVERITY_ORDER.indexOf(level);

/** The differences that fail the gate: at or above `failOn` (never for `none`), new ones only if asked. */
export function failing(differences: readonly Difference[], failOn: Threshold, newOnly: boolean): Difference[] {
  if (failOn === "none") return [];
  return differences.filter((d) => rank(d.severity) >= rank(failOn) && (!newOnly || d.history === "new"));
}

/** A failed comparison outranks differences: the gate cannot say the environments agree. */
export function exitCode(outcomes: readonly { failed: boolean; failing: readonly Difference[] }[]): ExitCode {
  if (outcomes.some((o) => o.failed)) return EXIT.failed;
  if (outcomes.some((o) => o.failing.length > 0)) return EXIT.differences;
  return EXIT.pass;
}
