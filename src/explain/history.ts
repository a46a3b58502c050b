/**
 * History classification: marks each difference of a comparison `new`, `recurring` or
 * `flapping` against the pair's earlier completed comparisons, and lists what was resolved.
 * Pure and deterministic: same inputs, same marks.
 *
 * Identity. A difference is identified by `kind` + `path`. History rows are oriented by URL,
 * not argument order: a row compared as (B, A) when we now compare (A, B) has its left/right
 * values and `added`/`removed` swapped before anything is compared. URLs are compared
 * normalised (`normalizeUrl`). Rows that are not completed, have no result, or belong to
 * another pair of URLs are ignored.
 *
 * Marks, with `previous` = the newest completed comparison of the pair:
 * - `new`: kind + path absent from `previous`.
 * - `recurring`: kind + path present in `previous`.
 * - `flapping` (wins over recurring): the values at that path keep changing while the path
 *   keeps differing. Let the chain be the consecutive runs, newest first and starting with the
 *   current one, in which the difference is present, looking back at most FLAP_WINDOW runs in
 *   all. A step compares two neighbouring runs of the chain; a side "holds a value" in a run
 *   unless the difference is `added` (no left) or `removed` (no right). It is flapping when
 *   (a) the chain has at least 2 runs and at every step every side holding a value in either
 *       run changed: a request id or timestamp on both sides, or on the only side it exists; or
 *   (b) the chain has at least 3 runs and at every step at least one side changed, for kinds
 *       other than `status` and `error`: a status or probe error that keeps changing on one
 *       side is an environment whose health is changing, which must never be called noise.
 *   Flapping tells an on-call engineer "ignore this", so the rule leans to `recurring` when
 *   unsure: one side changing once (e.g. a deploy between two runs) is not enough.
 *
 * `resolved`: kind + path of `previous` absent now, in `previous`'s order.
 * Severities are untouched, so `summary` (including a capped `total`) stays as the diff engine
 * computed it.
 */

import { canonicalJson } from "../digest";
import { normalizeUrl } from "../pair-key";
import type { ComparisonState } from "../shapes/comparison";
import type { Difference, DiffResult, HistoryMark } from "../shapes/result";
import type { ResolvedDifference } from "./facts";

/** Runs looked at for flapping, the current one included. */
export const FLAP_WINDOW = 5;

export interface CurrentRun {
  leftUrl: string;
  rightUrl: string;
  diff: DiffResult;
}

export interface ClassifiedRun {
  diff: DiffResult;
  resolved: ResolvedDifference[];
}

type Run = Map<string, Difference>;

function keyOf(d: { kind: string; path: string }): string {
  // NUL cannot occur in a kind, so "kind + path" pairs never collide.
  return `${d.kind}\u0000${d.path}`;
}

function normalized(url: string): string {
  try {
    return normalizeUrl(url);
  } catch {
    // A stored URL was validated when it was created; if one ever fails to parse, compare it as written.
    return url;
  }
}

function swapSides(d: Difference): Difference {
  const change = d.change === "added" ? "removed" : d.change === "removed" ? "added" : "changed";
  return { ...d, left: d.right, right: d.left, change };
}

function toRun(differences: readonly Difference[]): Run {
  const run: Run = new Map();
  for (const d of differences) if (!run.has(keyOf(d))) run.set(keyOf(d), d);
  return run;
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
    const differences = row.result.diff.differences;
    if (rowLeft === left && rowRight === right) runs.push(toRun(differences));
    else if (rowLeft === right && rowRight === left) runs.push(toRun(differences.map(swapSides)));
  }
  return runs;
}

const holdsLeft = (d: Difference) => d.change !== "added";
const holdsRight = (d: Difference) => d.change !== "removed";

/** How much changed between two neighbouring runs of one difference. */
function step(newer: Difference, older: Difference): "every-side" | "some-side" | "none" {
  const sides: boolean[] = [];
  if (holdsLeft(newer) || holdsLeft(older)) sides.push(canonicalJson(newer.left) !== canonicalJson(older.left));
  if (holdsRight(newer) || holdsRight(older)) sides.push(canonicalJson(newer.right) !== canonicalJson(older.right));
  if (sides.length > 0 && sides.every(Boolean)) return "every-side";
  return sides.some(Boolean) ? "some-side" : "none";
}

function markOf(d: Difference, earlier: readonly Run[]): HistoryMark {
  const chain = [d];
  for (const run of earlier) {
    const seen = run.get(keyOf(d));
    if (!seen) break;
    chain.push(seen);
  }
  if (chain.length < 2) return "new";
  const steps = chain.slice(1).map((older, i) => step(chain[i] as Difference, older));
  if (steps.every((s) => s === "every-side")) return "flapping";
  const oneSideCounts = d.kind !== "status" && d.kind !== "error";
  if (oneSideCounts && chain.length >= 3 && steps.every((s) => s !== "none")) return "flapping";
  return "recurring";
}

/**
 * Re-marks the current differences against `history` (completed comparisons of the pair,
 * newest first, as `getComparisonsForHistory` returns them) and lists the resolved ones.
 */
export function classifyHistory(current: CurrentRun, history: readonly ComparisonState[]): ClassifiedRun {
  const earlier = orientedHistory(current, history).slice(0, FLAP_WINDOW - 1);
  const differences = current.diff.differences.map((d) => ({ ...d, history: markOf(d, earlier) }));

  const now = new Set(current.diff.differences.map(keyOf));
  const previous = earlier[0];
  const resolved: ResolvedDifference[] = previous
    ? [...previous.values()].filter((d) => !now.has(keyOf(d))).map(({ kind, path }) => ({ kind, path }))
    : [];

  return { diff: { ...current.diff, differences, summary: { ...current.diff.summary } }, resolved };
}
