/**
 * Latency as statistics (issue 23, docs/noise.md § Timing): judged on every sample of both sides,
 * never on one number per side, and never dropped as noise because one side jitters.
 *
 * Samples are judged by **moment**: the samples the probe step takes of both sides at once are one
 * moment (their median stands for each side), and each confirming round is another. Load at one
 * moment slows every sample of it alike, so it counts once, never as several rounds that agree.
 * - `slower` / `faster` (how the right side compares with the left): moment by moment, the slower
 *   side is above the other side by at least TIMING_RULE.minMs milliseconds and by
 *   (TIMING_RULE.ratio − 1) times the faster side's best moment, at every moment (with 4 moments or
 *   more, at every moment but one), and the medians of the moments are that far apart too. Load
 *   that slows both sides of a moment keeps their gap but shrinks their ratio, which is why the
 *   ratio is taken over the faster side's best moment, the one least slowed. A busy request that
 *   slows only the faster side is the one moment forgiven. Jitter cannot fake a difference: it would
 *   have to slow the same side by the floor at nearly every moment. From MANY_MOMENTS moments on,
 *   two moments may fall short of the floors when the slower side was above at every one of them
 *   (load that slowed the faster side twice, as measured in `forgiven`).
 * - `unstable`: the moments disagree, yet the sides' medians are apart by both floors: a difference
 *   may be there, but the samples do not settle it. Reported with the samples, not as noise.
 * - `same`: anything else. A `same` in which one side was slower by SUSPECT_MS or more at every
 *   moment, or over the moments' medians, or in which a moment was swamped, is `suspected`: a
 *   loaded moment hides a regression (measured in docs/noise.md: a 600 ms regression over 200 ms
 *   read 973 vs 911 ms with a 14-path suite loading the machine), so confirming takes more rounds
 *   before calling it the same.
 * - **Swamped moments.** When the machine stalls (the client's or a shared server's event loop
 *   busy for a second), both sides of a moment finish when the stall ends, whatever each one's own
 *   latency: 1,279 vs 1,129 ms for an 800 ms and a 200 ms endpoint. A moment at which both sides are
 *   at least TIMING_RULE.minMs above their own best moment, and which does not show a difference
 *   either way, says nothing about the service: it is left out of the moments the verdict counts
 *   (both its medians and its moments), as long as at least SWAMP_QUORUM moments are left.
 * Pure: the Workflow hands it the samples.
 */
import type { Difference, TimingVerdict } from "../shapes/result";
import { SEVERITY } from "./rules";

export interface TimingRule {
  /** The slower side must be at least (ratio − 1) times the faster side's best moment above it... */
  ratio: number;
  /** ...and at least this many milliseconds above the faster side at the same moment. */
  minMs: number;
}

export const TIMING_RULE: Readonly<TimingRule> = { ratio: 1.5, minMs: 250 };

/**
 * One side slower by this much at every moment is worth confirming, though it is not a difference:
 * jitter of up to 80 ms on each request puts two moments of an identical pair this far apart about
 * once in a hundred comparisons (docs/noise.md § Timing).
 */
export const SUSPECT_MS = 60;

/** With moments left out as swamped, a verdict needs at least this many moments that were not. */
export const SWAMP_QUORUM = 2;

export function describeRule(rule: TimingRule = TIMING_RULE): string {
  return (
    `slower/faster when one side is at least ${rule.minMs} ms and ${rule.ratio - 1}× the other side's best above ` +
    "the other side at every moment (the first samples, taken at once, are one moment; each confirming round " +
    "another; all but one from 4 moments on, all but two from 5 when the slower side was above at every moment) " +
    "and the medians are that far apart; unstable when only the medians are; " +
    `a moment at which both sides were ${rule.minMs} ms above their best and neither was apart is left out as swamped`
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

/**
 * A side's samples by moment, each the median of its samples: `sizes` says how many samples each
 * moment took, in order (SideSamples.moments); samples beyond them are a moment each.
 */
function byMoment(ms: readonly number[], sizes: readonly number[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= ms.length) break;
    const count = Math.max(1, Math.floor(size));
    out.push(median(ms.slice(at, at + count)));
    at += count;
  }
  return [...out, ...ms.slice(at)];
}

/**
 * `slow` clearly above `fast` by both floors: `minMs`, and the ratio over `best`, the faster side's
 * best moment. When `fast` is that best moment this is `slow ≥ ratio × fast`; at a moment that load
 * slowed, the gap still has to be as large as the ratio asks of the unloaded side.
 */
function apart(slow: number, fast: number, best: number, rule: TimingRule): boolean {
  const gap = slow - fast;
  return gap >= rule.minMs && gap >= (rule.ratio - 1) * best;
}

/** Moments at which `slower[i]` is clearly above `faster[i]` (both lists of one length). */
function momentsApart(slower: readonly number[], faster: readonly number[], rule: TimingRule): number {
  const best = Math.min(...faster);
  return slower.filter((ms, i) => apart(ms, faster[i] as number, best, rule)).length;
}

/** The medians of `slower` and `faster` clearly apart, the ratio over the faster side's best moment. */
function mediansApart(slower: readonly number[], faster: readonly number[], rule: TimingRule): boolean {
  return apart(median(slower), median(faster), Math.min(...faster), rule);
}

/**
 * Moments that may fall short of the floors: one busy request is forgiven once there are 4 moments
 * or more, two from 5 on (MANY_MOMENTS) as long as the slower side was above the other at every
 * moment (`sameWay`). Measured on DevHub's search, 350 ms slower on staging, on a loaded machine:
 * production's moments read 366, 69, 83, 283 and 93 ms against 590, 469, 513, 438 and 430, so two
 * moments were 224 and 155 ms apart, and the latency was called unstable.
 */
function forgiven(count: number, sameWay: boolean): number {
  if (count >= MANY_MOMENTS && sameWay) return 2;
  return count >= 4 ? 1 : 0;
}

/** With this many moments, two may fall short of the floors (forgiven). */
export const MANY_MOMENTS = 5;

/** Whether `slower` is above `faster` at every moment. */
const aboveAtEvery = (slower: readonly number[], faster: readonly number[]) =>
  slower.every((ms, i) => ms > (faster[i] as number));

/** Both sides by moment, paired up to the shorter list (a side with fewer answers is inconclusive anyway). */
function allMoments(leftMs: readonly number[], rightMs: readonly number[], moments: readonly number[]) {
  const [l, r] = [byMoment(leftMs, moments), byMoment(rightMs, moments)];
  const count = Math.min(l.length, r.length);
  return { l: l.slice(0, count), r: r.slice(0, count), count };
}

/**
 * Indexes of the swamped moments: both sides at least `minMs` above their own best moment, and
 * neither side clearly above the other there. Load set both latencies; the service set neither.
 */
function swampedMoments(l: readonly number[], r: readonly number[], rule: TimingRule): number[] {
  const [bestL, bestR] = [Math.min(...l), Math.min(...r)];
  return l.flatMap((ms, i) => {
    const other = r[i] as number;
    const loaded = ms - bestL >= rule.minMs && other - bestR >= rule.minMs;
    const shows = apart(ms, other, bestR, rule) || apart(other, ms, bestL, rule);
    return loaded && !shows ? [i] : [];
  });
}

/**
 * The moments the verdict counts: all of them, less the swamped ones when at least SWAMP_QUORUM
 * moments are left. `swamped` says how many were left out.
 */
function paired(leftMs: readonly number[], rightMs: readonly number[], moments: readonly number[], rule = TIMING_RULE) {
  const all = allMoments(leftMs, rightMs, moments);
  const out = new Set(swampedMoments(all.l, all.r, rule));
  if (out.size === 0 || all.count - out.size < SWAMP_QUORUM) return { ...all, swamped: out.size };
  const keep = (list: number[]) => list.filter((_, i) => !out.has(i));
  return { l: keep(all.l), r: keep(all.r), count: all.count - out.size, swamped: out.size };
}

/**
 * `leftMs[i]` and `rightMs[i]` were taken at the same moment; `moments` says how many samples of each
 * side each moment took (the probe step's first, then each confirming round's); by default, one.
 */
export function judgeTiming(
  leftMs: readonly number[],
  rightMs: readonly number[],
  moments: readonly number[] = [],
  rule: TimingRule = TIMING_RULE,
): TimingVerdict {
  const base = { leftMs: [...leftMs], rightMs: [...rightMs], rule: describeRule(rule) };
  const { l, r, count } = paired(leftMs, rightMs, moments, rule);
  if (count === 0) return { verdict: "same", ...base };
  const rightSlower = mediansApart(r, l, rule);
  const leftSlower = mediansApart(l, r, rule);
  if (rightSlower && momentsApart(r, l, rule) >= count - forgiven(count, aboveAtEvery(r, l)))
    return { verdict: "slower", ...base };
  if (leftSlower && momentsApart(l, r, rule) >= count - forgiven(count, aboveAtEvery(l, r)))
    return { verdict: "faster", ...base };
  if (rightSlower || leftSlower) return { verdict: "unstable", ...base };
  return { verdict: "same", ...base };
}

/**
 * A `same` verdict in which one side was SUSPECT_MS or more slower at every moment, or over the
 * moments' medians, or in which a moment was swamped: load on the machine slows both sides of a
 * moment, which can hide a regression's gap and ratio alike, so confirming takes more rounds
 * (src/diff/confirm.ts) before the latency is called the same.
 */
export function suspected(timing: TimingVerdict, moments: readonly number[] = []): boolean {
  if (timing.verdict !== "same") return false;
  const all = allMoments(timing.leftMs, timing.rightMs, moments);
  if (all.count === 0) return false;
  if (swampedMoments(all.l, all.r, TIMING_RULE).length > 0) return true;
  const { l, r } = paired(timing.leftMs, timing.rightMs, moments);
  const always = (slower: number[], faster: number[]) =>
    slower.every((ms, i) => ms - (faster[i] as number) >= SUSPECT_MS);
  return always(l, r) || always(r, l) || Math.abs(median(l) - median(r)) >= SUSPECT_MS;
}

/** How many moments showed the service: every moment, less the swamped ones. */
export function countedMoments(timing: TimingVerdict, moments: readonly number[] = []): number {
  const all = allMoments(timing.leftMs, timing.rightMs, moments);
  return all.count - swampedMoments(all.l, all.r, TIMING_RULE).length;
}

/** A `slower`/`faster` verdict that every moment agrees with: confirming may stop there. */
export function unanimous(
  timing: TimingVerdict,
  moments: readonly number[] = [],
  rule: TimingRule = TIMING_RULE,
): boolean {
  const { l, r, count } = paired(timing.leftMs, timing.rightMs, moments);
  if (timing.verdict === "slower") return momentsApart(r, l, rule) === count;
  if (timing.verdict === "faster") return momentsApart(l, r, rule) === count;
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
