/**
 * History classification: marks each difference of a comparison `new`, `recurring` or
 * `flapping` against the pair's earlier completed comparisons, and says honestly what went away.
 * Pure and deterministic: same inputs, same marks.
 *
 * Identity (identity.ts). A difference is identified by `kind` + `path`, except inside an array
 * element matched by key, where the element's key stands for its index (which moves from run to
 * run in a shuffled list), and a rename, identified by both its paths. History rows are oriented by URL,
 * not argument order: a row compared as (B, A) when we now compare (A, B) has its left/right
 * values and `added`/`removed` swapped before anything is compared. URLs are compared
 * normalised (`normalizeUrl`). Rows that are not completed, have no result, or belong to
 * another pair of URLs are ignored.
 *
 * Comparable. A path was comparable in a run when both sides answered (a probe error leaves
 * nothing but /error to compare), the run's options did not ignore it, and it was not noise in
 * that run. Runs in which a path was not comparable say nothing about it.
 *
 * Consequences (src/diff/consequences.ts) are marked like causes, against earlier causes and
 * consequences alike, but only causes are ever listed as resolved: a content-length that no longer
 * differs while its body difference remains resolves nothing.
 *
 * Marks, looking back at most FLAP_WINDOW runs (the current one included), over the runs in
 * which the difference's path was comparable, newest first:
 * - `flapping`: present in some of them and absent in others, and it came back: present now
 *   after having been absent since an earlier presence. It comes and goes.
 * - `recurring`: present in the previous comparable run and never absent between two presences.
 *   A difference present on every run is recurring whatever its values do: a latency that is
 *   87 ms vs 1.8 s every time, or a price that differs every time, is real and never "noise".
 * - `new`: otherwise (absent before, or no earlier run compared it).
 * Values that change on every response are noise, told apart within one run by sampling
 * (src/diff/noise.ts), not guessed from history.
 *
 * `resolved`: differences of the previous run that are gone now AND were compared now. The
 * others are `notCompared`: `now_ignored` when this run's options ignore the path,
 * `not_comparable` when a side errored this run. Severities are untouched.
 */

import { pathMatcher } from "../diff/path-match";
import { headerIgnorer } from "../diff/rules";
import { normalizeUrl } from "../pair-key";
import type { ComparisonState } from "../shapes/comparison";
import type { SignalEnvelope } from "../shapes/envelope";
import type { CompareOptions } from "../shapes/options";
import type { Consequence, Difference, DiffResult, HistoryMark } from "../shapes/result";
import { pointerSegments, type ResolvedDifference } from "./facts";
import { identityOf, swapSides } from "./identity";

/** Runs looked at for flapping, the current one included. */
export const FLAP_WINDOW = 5;

export interface CurrentRun {
  leftUrl: string;
  rightUrl: string;
  diff: DiffResult;
  /** This run's options: what they ignore was not compared. */
  options?: Pick<CompareOptions, "ignoreHeaders" | "ignorePaths"> | undefined;
  /** Paths that were noise this run (src/diff/noise.ts). */
  noise?: readonly { path: string; side: "left" | "right" }[] | undefined;
  /** False when a side errored: nothing but /error was compared. Default true. */
  comparable?: boolean | undefined;
}

export interface NotCompared extends ResolvedDifference {
  reason: "now_ignored" | "not_comparable";
}

export interface ClassifiedRun {
  diff: DiffResult;
  resolved: ResolvedDifference[];
  notCompared: NotCompared[];
}

/** One earlier run as seen from now: its differences and what it could compare. */
interface Run {
  /** Its causes, by identity: what can be resolved. */
  differences: Map<string, Difference>;
  /** Identities of its causes and their consequences: what was there. */
  present: ReadonlySet<string>;
  compared(d: { kind: string; path: string }): boolean;
}

function normalized(url: string): string {
  try {
    return normalizeUrl(url);
  } catch {
    // A stored URL was validated when it was created; if one ever fails to parse, compare it as written.
    return url;
  }
}

/** Both sides answered: a probe error leaves nothing but /error to compare. */
export function comparable(left: Pick<SignalEnvelope, "error">, right: Pick<SignalEnvelope, "error">): boolean {
  return !left.error && !right.error;
}

/** Whether a run with these options, noise and probe outcome compared a path. */
export function comparedBy(
  options: Partial<Pick<CompareOptions, "ignoreHeaders" | "ignorePaths">> | undefined,
  noise: readonly { path: string }[] | undefined,
  sidesAnswered: boolean,
): (d: { kind: string; path: string }) => boolean {
  const ignoredPath = pathMatcher(options?.ignorePaths ?? []);
  const ignoredHeader = headerIgnorer(options?.ignoreHeaders ?? []);
  const noisy = new Set((noise ?? []).map((n) => n.path));
  return (d) => {
    if (d.kind === "error") return true;
    if (!sidesAnswered) return false;
    if (noisy.has(d.path) || ignoredPath(d.path)) return false;
    const [first, name] = pointerSegments(d.path);
    return !(first === "headers" && name !== undefined && ignoredHeader(name.toLowerCase()));
  };
}

function toRun(row: ComparisonState, swap: boolean): Run {
  const result = row.result;
  const differences = new Map<string, Difference>();
  const present = new Set<string>();
  for (const raw of result?.diff.differences ?? []) {
    const d = swap ? swapSides(raw) : raw;
    if (!differences.has(identityOf(d))) differences.set(identityOf(d), d);
    present.add(identityOf(d));
    for (const c of d.consequences ?? []) present.add(identityOf(c));
  }
  // A stored run shows a probe error as an /error difference; then nothing else was compared.
  const answered = ![...differences.values()].some((d) => d.kind === "error");
  return { differences, present, compared: comparedBy(row.options, result?.noise, answered) };
}

/** Earlier runs of this pair, newest first, each as seen from the current orientation. */
function orientedHistory(current: CurrentRun, history: readonly ComparisonState[]): Run[] {
  const left = normalized(current.leftUrl);
  const right = normalized(current.rightUrl);
  const runs: Run[] = [];
  for (const row of history) {
    if (row.status !== "completed" || row.result === null) continue;
    const rowLeft = normalized(row.leftUrl);
    const rowRight = normalized(row.rightUrl);
    if (rowLeft === left && rowRight === right) runs.push(toRun(row, false));
    else if (rowLeft === right && rowRight === left) runs.push(toRun(row, true));
  }
  return runs;
}

function markOf(d: Consequence, earlier: readonly Run[]): HistoryMark {
  const id = identityOf(d);
  const presence = earlier.filter((run) => run.compared(d)).map((run) => run.present.has(id));
  if (presence.length === 0) return "new";
  // Came back: absent in a run after (newer than) an earlier presence.
  const firstAbsent = presence.indexOf(false);
  if (firstAbsent !== -1 && presence.slice(firstAbsent).includes(true)) return "flapping";
  return presence[0] ? "recurring" : "new";
}

/**
 * Re-marks the current differences against `history` (completed comparisons of the pair,
 * newest first, as `getComparisonsForHistory` returns them) and lists what was resolved.
 */
export function classifyHistory(current: CurrentRun, history: readonly ComparisonState[]): ClassifiedRun {
  const earlier = orientedHistory(current, history).slice(0, FLAP_WINDOW - 1);
  const differences = current.diff.differences.map((d) => {
    const marked = { ...d, history: markOf(d, earlier) };
    if (d.consequences) marked.consequences = d.consequences.map((c) => ({ ...c, history: markOf(c, earlier) }));
    return marked;
  });

  // What is still there, as a cause or as a consequence, is not resolved.
  const now = new Set(current.diff.differences.flatMap((d) => [d, ...(d.consequences ?? [])]).map(identityOf));
  const answered = current.comparable ?? true;
  const comparedNow = comparedBy(current.options, current.noise, answered);
  const ignoredNow = comparedBy(current.options, [], true);
  const resolved: ResolvedDifference[] = [];
  const notCompared: NotCompared[] = [];
  for (const d of earlier[0]?.differences.values() ?? []) {
    if (now.has(identityOf(d))) continue;
    const entry = { kind: d.kind, path: d.path };
    if (comparedNow(d)) resolved.push(entry);
    else if (!ignoredNow(d)) notCompared.push({ ...entry, reason: "now_ignored" });
    else if (!answered) notCompared.push({ ...entry, reason: "not_comparable" });
    // Noise now: listed in result.noise, neither resolved nor a difference.
  }

  return { diff: { ...current.diff, differences, summary: { ...current.diff.summary } }, resolved, notCompared };
}
