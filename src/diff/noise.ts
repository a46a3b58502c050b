/**
 * Noise told apart in one run: each side is probed `samples` times, and whatever differs between
 * two samples of the same side changes on every response (a request id, a timestamp, a nonce no
 * mask knows). Those paths are noise: they are listed in `result.noise` and kept out of the
 * differences, their counts and the drift events.
 *
 * A status (or probe error) that differs between samples is not noise: the side itself is
 * unstable. Nothing of that side is called noise then (its body would differ everywhere), and the
 * /status difference shows every sample's status, `high`.
 */
import type { Side, SignalEnvelope } from "../shapes/envelope";
import type { Difference, DiffResult } from "../shapes/result";
import { clockNoise } from "./clock";
import { diffEnvelopes } from "./index";
import type { DiffRules } from "./rules";

/**
 * Noise paths kept per side: more would be a side that is entirely volatile, not noise. Two sides of
 * 100 paths of at most MAX_PATH_BYTES keep the diff step's result within its budget (src/budgets.ts).
 */
export const MAX_NOISE_PATHS = 100;

/** What the probe step keeps of one side's samples (small: it is a Workflow step result). */
export interface SideSamples {
  /** Status of each sample, in order; null for a sample that got no response. */
  statuses: (number | null)[];
  /** Pointers that differed between samples; empty when the side is unstable. */
  noise: string[];
}

export interface NoiseEntry {
  path: string;
  side: Side;
}

function outcome(e: SignalEnvelope): string {
  return e.error ? `error:${e.error.code}` : `status:${e.status}`;
}

/** Compares every later sample with the first one, under the comparison's own rules. */
export function sampleNoise(samples: readonly SignalEnvelope[], rules: Partial<DiffRules>): SideSamples {
  const statuses = samples.map((s) => s.status);
  const [first, ...rest] = samples;
  if (!first || rest.some((s) => outcome(s) !== outcome(first))) return { statuses, noise: [] };
  const paths = new Set<string>();
  for (const sample of rest) {
    // Same side, same host: no host rewriting; every difference found is the side's own variation.
    const found = diffEnvelopes(first, sample, {
      ...rules,
      normaliseHosts: false,
      noisePaths: [],
      maxReported: MAX_NOISE_PATHS,
    });
    for (const d of found.differences) paths.add(d.path);
  }
  return { statuses, noise: [...paths].slice(0, MAX_NOISE_PATHS) };
}

export function isUnstable(samples: SideSamples): boolean {
  return samples.statuses.some((s) => s !== samples.statuses[0]);
}

/** The noise list of a comparison: every path of each side, left first, each once per side. */
export function noiseList(left: SideSamples, right: SideSamples): NoiseEntry[] {
  return [
    ...left.noise.map((path) => ({ path, side: "left" as const })),
    ...right.noise.map((path) => ({ path, side: "right" as const })),
  ];
}

/**
 * Reports an unstable side: the /status difference carries every sample's status on that side,
 * and is `high` (an environment whose health changes from one request to the next).
 */
export function withUnstableSides(diff: DiffResult, left: SideSamples, right: SideSamples): DiffResult {
  const unstableLeft = isUnstable(left);
  const unstableRight = isUnstable(right);
  if (!unstableLeft && !unstableRight) return diff;
  const value = (s: SideSamples, unstable: boolean) => (unstable ? s.statuses : (s.statuses[0] ?? null));
  const status: Difference = {
    kind: "status",
    path: "/status",
    change: "changed",
    left: value(left, unstableLeft),
    right: value(right, unstableRight),
    severity: "high",
    history: "new",
  };
  const existing = diff.differences.find((d) => d.kind === "status" && d.path === "/status");
  const rest = diff.differences.filter((d) => d !== existing);
  const summary = { ...diff.summary };
  if (existing) summary[existing.severity]--;
  summary.high++;
  summary.total = (summary.total ?? diff.differences.length) + (existing ? 0 : 1);
  return { identical: false, differences: [status, ...rest], summary };
}

/**
 * The comparison's diff with noise kept out: paths that varied between samples of a side, and
 * paths whose values differ only by the moment each side answered (clock.ts). An unstable side's
 * status is reported with every sample's status.
 */
export function diffWithoutNoise(
  left: SignalEnvelope,
  right: SignalEnvelope,
  rules: Partial<DiffRules>,
  leftSamples: SideSamples,
  rightSamples: SideSamples,
): { diff: DiffResult; noise: NoiseEntry[] } {
  const noise = noiseList(leftSamples, rightSamples);
  const sampled = noise.map((n) => n.path);
  let diff = diffEnvelopes(left, right, { ...rules, noisePaths: sampled });
  const clock = clockNoise(diff.differences, left, right);
  if (clock.length > 0) {
    // Diffed again rather than filtered, so the counts never include what is noise.
    diff = diffEnvelopes(left, right, { ...rules, noisePaths: [...sampled, ...clock] });
    for (const path of clock) noise.push({ path, side: "left" }, { path, side: "right" });
  }
  return { diff: withUnstableSides(diff, leftSamples, rightSamples), noise };
}
