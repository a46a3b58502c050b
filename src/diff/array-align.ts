/**
 * Aligns two JSON arrays by identity instead of by position, so one insertion is one difference
 * and the same products in another order are not eighteen.
 *
 * - Keyed (array-keys.ts): elements matched by a key field, named in `options.arrayKeys` or a
 *   natural one (`id`, `uuid`, `slug`, `sku`, `name`…).
 * - Scalars: equal values are matched wherever they stand; what is left is an edit where a value
 *   on each side holds the same index, otherwise removed or added. Moving values around is at most
 *   one reordering, never a positional "changed" per index.
 * - Other arrays by content: a longest common subsequence of the elements (jsdiff's Myers,
 *   bounded), and within each gap the removed and added elements are paired in order, so an
 *   element edited in place is walked into and reported leaf by leaf.
 * A pure reordering (same elements, another order) is flagged once as `reordered`; under
 * `unordered`, elements are matched whatever their order and no reordering is flagged.
 */
import { diffArrays } from "diff";
import type { JsonArray, JsonValue } from "../shapes/json";
import { fieldValue, keyField, type Scalar } from "./array-keys";
import { contentKey } from "./fingerprint";

export interface Alignment {
  /** Matched elements as [left index, right index]: walked into for leaf differences. */
  pairs: [number, number][];
  removed: number[];
  added: number[];
  /** The matched elements are in another relative order. */
  reordered: boolean;
  /** The key field elements were matched by, or null when matched by content or position. */
  key: string | null;
}

/** Bounds Myers' O(N·D) work like the text diff does; past it, gaps are paired by position. */
const MAX_EDIT_LENGTH = 1000;

/** True when the right indexes of pairs taken in left order are not increasing. */
function outOfOrder(pairs: readonly [number, number][]): boolean {
  for (let k = 1; k < pairs.length; k++)
    if ((pairs[k] as [number, number])[1] < (pairs[k - 1] as [number, number])[1]) return true;
  return false;
}

function byKey(left: Scalar[], right: Scalar[], key: string): Alignment {
  const where = new Map<Scalar, number>();
  for (const [j, k] of right.entries()) where.set(k, j);
  const pairs: [number, number][] = [];
  const removed: number[] = [];
  left.forEach((k, i) => {
    const j = where.get(k);
    if (j === undefined) removed.push(i);
    else {
      pairs.push([i, j]);
      where.delete(k);
    }
  });
  const added = [...where.values()].sort((x, y) => x - y);
  return { pairs, removed, added, reordered: outOfOrder(pairs), key };
}

/** Elements equal on both sides, matched regardless of order; the rest paired by position. */
function unorderedByContent(a: number[], b: number[]): Alignment {
  const { pairs, leftRest, rightRest } = matchValues(a, b);
  const gap = pairGap(leftRest, rightRest);
  return { pairs: [...pairs, ...gap.pairs], removed: gap.removed, added: gap.added, reordered: false, key: null };
}

function pairGap(leftRun: number[], rightRun: number[]): Pick<Alignment, "pairs" | "removed" | "added"> {
  const n = Math.min(leftRun.length, rightRun.length);
  const pairs: [number, number][] = [];
  for (let k = 0; k < n; k++) pairs.push([leftRun[k] as number, rightRun[k] as number]);
  return { pairs, removed: leftRun.slice(n), added: rightRun.slice(n) };
}

/**
 * How much content the two sides share, counted in one pass each: the size of their multiset
 * intersection, and whether they hold exactly the same elements.
 */
function overlap(a: readonly number[], b: readonly number[]): { shared: number; same: boolean } {
  const counts = new Map<number, number>();
  for (const c of a) counts.set(c, (counts.get(c) ?? 0) + 1);
  let shared = 0;
  for (const c of b) {
    const n = counts.get(c);
    if (!n) continue;
    shared++;
    counts.set(c, n - 1);
  }
  return { shared, same: a.length === b.length && shared === a.length };
}

/** Same length and few elements differ in place: edited where they stand, nothing moved. */
const IN_PLACE_SHARE = 0.1;

type Leaf = string | number | boolean | null;

function isLeaf(value: JsonValue | undefined): value is Leaf {
  return value === null || (typeof value !== "object" && value !== undefined);
}

/** Equal values matched wherever they stand (first to first); the rest left over on each side. */
function matchValues(a: readonly unknown[], b: readonly unknown[]) {
  // Each value's right indexes, in order, with a cursor: taking the next one is O(1).
  const free = new Map<unknown, { at: number[]; next: number }>();
  for (const [j, c] of b.entries()) {
    const bucket = free.get(c);
    if (bucket) bucket.at.push(j);
    else free.set(c, { at: [j], next: 0 });
  }
  const pairs: [number, number][] = [];
  const leftRest: number[] = [];
  a.forEach((c, i) => {
    const bucket = free.get(c);
    const j = bucket && bucket.next < bucket.at.length ? bucket.at[bucket.next++] : undefined;
    if (j === undefined) leftRest.push(i);
    else pairs.push([i, j]);
  });
  const rightRest = [...free.values()].flatMap((bucket) => bucket.at.slice(bucket.next)).sort((x, y) => x - y);
  return { pairs, leftRest, rightRest };
}

/**
 * Arrays of scalars: equal values are matched wherever they stand, so values that only moved are
 * one reordering. A value left over on each side at the same index is an edit in place; any other
 * leftover was removed or added. Nearly equal arrays of the same length stay positional.
 */
function byScalars(a: readonly Leaf[], b: readonly Leaf[], unordered: boolean): Alignment {
  if (a.length === b.length) {
    let edited = 0;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) edited++;
    if (edited <= a.length * IN_PLACE_SHARE) return positional(a.length);
  }
  const { pairs, leftRest, rightRest } = matchValues(a, b);
  const reordered = !unordered && outOfOrder(pairs);
  const rightLeft = new Set(rightRest);
  const leftLeft = new Set(leftRest);
  const removed: number[] = [];
  for (const i of leftRest) {
    if (rightLeft.has(i)) pairs.push([i, i]);
    else removed.push(i);
  }
  const added = rightRest.filter((j) => !leftLeft.has(j));
  return { pairs, removed, added, reordered, key: null };
}

/** Elements paired by position, the rest removed or added: when content gives nothing to align by. */
function byPosition(a: number[], b: number[]): Alignment {
  return {
    ...pairGap(
      a.map((_, i) => i),
      b.map((_, j) => j),
    ),
    reordered: false,
    key: null,
  };
}

function byContent(a: number[], b: number[], unordered: boolean): Alignment {
  if (unordered) return unorderedByContent(a, b);
  const { shared, same } = overlap(a, b);
  // Nothing in common: there is nothing to align, so elements pair by position (no LCS to run).
  if (shared === 0) return byPosition(a, b);
  if (same) {
    // Nothing but the order differs: match equal elements and say so once.
    const aligned = unorderedByContent(a, b);
    return { ...aligned, reordered: a.some((c, k) => c !== b[k]) };
  }
  if (a.length === b.length) {
    let edited = 0;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) edited++;
    if (edited <= a.length * IN_PLACE_SHARE) {
      return { pairs: a.map((_, k) => [k, k]), removed: [], added: [], reordered: false, key: null };
    }
  }
  const changes = diffArrays(a, b, { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) return byPosition(a, b);
  const out: Alignment = { pairs: [], removed: [], added: [], reordered: false, key: null };
  let i = 0;
  let j = 0;
  let leftRun: number[] = [];
  let rightRun: number[] = [];
  const flush = () => {
    const gap = pairGap(leftRun, rightRun);
    out.pairs.push(...gap.pairs);
    out.removed.push(...gap.removed);
    out.added.push(...gap.added);
    leftRun = [];
    rightRun = [];
  };
  for (const change of changes) {
    if (change.removed) for (let k = 0; k < change.count; k++) leftRun.push(i++);
    else if (change.added) for (let k = 0; k < change.count; k++) rightRun.push(j++);
    else {
      flush();
      for (let k = 0; k < change.count; k++) out.pairs.push([i++, j++]);
    }
  }
  flush();
  return out;
}

/** A cheap identity for objects whose id repeats: their scalar `id`; undefined when none. */
function idOf(value: JsonValue | undefined): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const id = value.id;
  return typeof id === "string" || typeof id === "number" ? id : undefined;
}

/** How many positions hold objects of the same id; -1 when an element has none. */
function positionalMatches(a: JsonArray, b: JsonArray): number {
  let same = 0;
  for (let k = 0; k < a.length; k++) {
    const x = idOf(a[k]);
    if (x === undefined) return -1;
    if (x === idOf(b[k])) same++;
  }
  return same;
}

function positional(n: number): Alignment {
  return {
    pairs: Array.from({ length: n }, (_, k): [number, number] => [k, k]),
    removed: [],
    added: [],
    reordered: false,
    key: null,
  };
}

export function alignArrays(a: JsonArray, b: JsonArray, named: string | null, unordered: boolean): Alignment {
  const keyed = keyField(a, b, named);
  if (keyed) {
    if (keyed.inPlace) return { ...positional(a.length), key: keyed.field };
    const aligned = byKey(keyed.left, keyed.right, keyed.field);
    return unordered ? { ...aligned, reordered: false } : aligned;
  }
  if (a.every(isLeaf) && b.every(isLeaf)) return byScalars(a, b, unordered);
  // Objects whose ids repeat (no unique key), nearly all in place: edited where they stand.
  const inPlace = a.length === b.length ? positionalMatches(a, b) : -1;
  if (inPlace >= 0 && inPlace >= a.length * (1 - IN_PLACE_SHARE)) return positional(a.length);
  return byContent(a.map(contentKey), b.map(contentKey), unordered);
}

/** What an "order changed" difference shows: the keys, or the elements themselves, in each order. */
export function orderOf(array: JsonArray, key: string | null): JsonValue[] {
  if (!key) return array;
  return array.map((element) =>
    element !== null && typeof element === "object" && !Array.isArray(element)
      ? (fieldValue(element, key) ?? null)
      : null,
  );
}
