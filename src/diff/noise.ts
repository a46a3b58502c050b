/**
 * The comparison's diff with noise kept out (docs/noise.md). What varied between samples of one side
 * (sample-facts.ts) is noise: those paths are listed in `result.noise` and kept out of the
 * differences, their counts and the drift events; arrays whose order varied are compared without
 * order; text lines that varied compare as noise wherever the hunks fall. Values that differ only by
 * the moment each side answered are noise too (clock.ts). Latency is judged on every sample of both
 * sides (timing.ts), never as noise.
 *
 * A status (or probe error) that differs between samples is not noise: the side itself is
 * unstable. The /status difference then shows every sample's status, `high`.
 */
import type { Side, SignalEnvelope } from "../shapes/envelope";
import type { Difference, DiffResult, Severity, TimingVerdict } from "../shapes/result";
import { clockNoise } from "./clock";
import { diffEnvelopes } from "./index";
import { pathMatcher } from "./path-match";
import type { DiffRules } from "./rules";
import { isUnstable, type SideSamples } from "./sample-facts";
import { judgeTiming, timingDifference } from "./timing";

export {
  addRound,
  addSample,
  firstSample,
  isUnstable,
  MAX_NOISE_PATHS,
  type SideSamples,
  sampleNoise,
  samplesOf,
} from "./sample-facts";

export interface NoiseEntry {
  path: string;
  side: Side;
}

const TIMING_PATH = "/timing/totalMs";
const TEXT_HUNKS = "/body/text/@";
const ORDER: readonly Severity[] = ["high", "medium", "low", "info"];

/** Facts as a probe step of any version returned them (runs started before issue 23 lack fields). */
export function sideSamples(facts: Partial<SideSamples> & Pick<SideSamples, "statuses">): SideSamples {
  return {
    statuses: facts.statuses,
    errors: facts.errors ?? facts.statuses.map(() => null),
    timings: facts.timings ?? [],
    // Runs started before moments were told apart judged every sample as its own round.
    moments: facts.moments ?? [],
    // Timing is judged on the samples, never noise (older runs listed it).
    noise: (facts.noise ?? []).filter((p) => p !== TIMING_PATH),
    reordered: facts.reordered ?? [],
    lines: facts.lines ?? [],
    templates: facts.templates ?? [],
    volatile: facts.volatile ?? false,
  };
}

/** The noise list of a comparison: every path of each side, left first, each once per side. */
export function noiseList(left: SideSamples, right: SideSamples): NoiseEntry[] {
  return [
    ...left.noise.map((path) => ({ path, side: "left" as const })),
    ...right.noise.map((path) => ({ path, side: "right" as const })),
  ];
}

/** `diff` with one more difference, in severity order and counted. */
function withDifference(diff: DiffResult, d: Difference, replacing?: Difference): DiffResult {
  const rest = diff.differences.filter((x) => x !== replacing);
  const rank = ORDER.indexOf(d.severity);
  const at = rest.findIndex((x) => ORDER.indexOf(x.severity) > rank);
  const differences = at < 0 ? [...rest, d] : [...rest.slice(0, at), d, ...rest.slice(at)];
  const summary = { ...diff.summary };
  if (replacing) summary[replacing.severity]--;
  summary[d.severity]++;
  summary.total = (summary.total ?? diff.differences.length) + (replacing ? 0 : 1);
  return { ...diff, identical: false, differences, summary };
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
  return withDifference(diff, status, existing);
}

/** Milliseconds of the samples that answered. */
function answered(samples: SideSamples): number[] {
  return samples.timings.filter((_, i) => samples.errors[i] === null && samples.statuses[i] !== null);
}

export interface DiffWithoutNoise {
  diff: DiffResult;
  noise: NoiseEntry[];
  timing: TimingVerdict;
  /** False when the options ignore /timing: the verdict is shown but decides nothing. */
  timingCounts: boolean;
}

export function diffWithoutNoise(
  left: SignalEnvelope,
  right: SignalEnvelope,
  rules: Partial<DiffRules>,
  leftSamples: SideSamples,
  rightSamples: SideSamples,
): DiffWithoutNoise {
  const sampledNoise = noiseList(leftSamples, rightSamples);
  // A text hunk's path names where lines changed between two samples, not what changed: the lines
  // that varied (noiseLines) and the tokens that varied (noiseTemplates) say that. Matched by path,
  // a hunk of the comparison that holds a real change beside a varying line would be dropped whole.
  const sampled = sampledNoise.map((n) => n.path).filter((path) => !path.startsWith(TEXT_HUNKS));
  const compared: Partial<DiffRules> = {
    ...rules,
    unorderedPaths: [...(rules.unorderedPaths ?? []), ...leftSamples.reordered, ...rightSamples.reordered],
    noiseLines: [...new Set([...leftSamples.lines, ...rightSamples.lines])],
    noiseTemplates: [...new Set([...leftSamples.templates, ...rightSamples.templates])],
    compareTiming: false,
  };
  let diff = diffEnvelopes(left, right, { ...compared, noisePaths: sampled });
  // Nor is a hunk the comparison reports listed as noise: history would take it for not compared.
  const reported = new Set(diff.differences.map((d) => d.path));
  const noise = sampledNoise.filter((n) => !(n.path.startsWith(TEXT_HUNKS) && reported.has(n.path)));
  const clock = clockNoise(diff.differences, left, right);
  if (clock.length > 0) {
    // Diffed again rather than filtered, so the counts never include what is noise.
    diff = diffEnvelopes(left, right, { ...compared, noisePaths: [...sampled, ...clock] });
    for (const path of clock) noise.push({ path, side: "left" }, { path, side: "right" });
  }
  // A side that errored has no latency to compare: its time only restates the error.
  const comparable = !left.error && !right.error;
  const timing = judgeTiming(
    comparable ? answered(leftSamples) : [],
    comparable ? answered(rightSamples) : [],
    leftSamples.moments,
  );
  const timingCounts = !pathMatcher(rules.ignorePaths ?? [])(TIMING_PATH);
  const slow = timingDifference(timing);
  if (slow && timingCounts) diff = withDifference(diff, slow);
  return { diff: withUnstableSides(diff, leftSamples, rightSamples), noise, timing, timingCounts };
}
