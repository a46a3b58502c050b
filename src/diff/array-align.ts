/**
 * Aligns two JSON arrays by identity instead of by position, so one insertion is one difference
 * and the same products in another order are not eighteen.
 *
 * - Keyed: when every element on both sides is an object with a unique scalar `id` (or `key`, or
 *   the field `options.arrayKeys` names for this array), elements are matched by that key.
 * - Otherwise by content: a longest common subsequence of the elements (jsdiff's Myers, bounded),
 *   and within each gap the removed and added elements are paired in order, so an element edited
 *   in place is walked into and reported leaf by leaf.
 * A pure reordering (same elements, another order) is flagged once as `reordered`; under
 * `unordered`, elements are matched whatever their order and no reordering is flagged.
 */
import { diffArrays } from "diff";
import { canonicalJson } from "../digest";
import type { JsonArray, JsonValue } from "../shapes/json";

export interface Alignment {
  /** Matched elements as [left index, right index]: walked into for leaf differences. */
  pairs: [number, number][];
  removed: number[];
  added: number[];
  /** The matched elements are in another relative order. */
  reordered: boolean;
  /** The key field elements were matched by, or null when matched by content. */
  key: string | null;
}

/** Bounds Myers' O(N·D) work like the text diff does; past it, gaps are paired by position. */
const MAX_EDIT_LENGTH = 1000;
const DEFAULT_KEYS = ["id", "key"] as const;

type Scalar = string | number;

function keysBy(array: JsonArray, field: string): Scalar[] | null {
  const keys: Scalar[] = [];
  const seen = new Set<Scalar>();
  for (const element of array) {
    if (element === null || typeof element !== "object" || Array.isArray(element)) return null;
    const key = element[field];
    if (typeof key !== "string" && typeof key !== "number") return null;
    if (seen.has(key)) return null; // duplicate ids: matching by them would be a guess
    seen.add(key);
    keys.push(key);
  }
  return keys;
}

/** The field both arrays can be matched by, and the keys it gives on each side. */
function keyField(a: JsonArray, b: JsonArray, named: string | null): [string, Scalar[], Scalar[]] | null {
  if (a.length === 0 || b.length === 0) return null;
  for (const field of named ? [named] : DEFAULT_KEYS) {
    const left = keysBy(a, field);
    const right = left && keysBy(b, field);
    if (left && right) return [field, left, right];
  }
  return null;
}

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
function unorderedByContent(a: string[], b: string[]): Alignment {
  const free = new Map<string, number[]>();
  for (const [j, c] of b.entries()) {
    const list = free.get(c);
    if (list) list.push(j);
    else free.set(c, [j]);
  }
  const pairs: [number, number][] = [];
  const leftRest: number[] = [];
  a.forEach((c, i) => {
    const j = free.get(c)?.shift();
    if (j === undefined) leftRest.push(i);
    else pairs.push([i, j]);
  });
  const rightRest = [...free.values()].flat().sort((x, y) => x - y);
  const gap = pairGap(leftRest, rightRest);
  return { pairs: [...pairs, ...gap.pairs], removed: gap.removed, added: gap.added, reordered: false, key: null };
}

function pairGap(leftRun: number[], rightRun: number[]): Pick<Alignment, "pairs" | "removed" | "added"> {
  const n = Math.min(leftRun.length, rightRun.length);
  const pairs: [number, number][] = [];
  for (let k = 0; k < n; k++) pairs.push([leftRun[k] as number, rightRun[k] as number]);
  return { pairs, removed: leftRun.slice(n), added: rightRun.slice(n) };
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.every((c, k) => c === sb[k]);
}

function byContent(a: string[], b: string[], unordered: boolean): Alignment {
  if (unordered) return unorderedByContent(a, b);
  if (sameMultiset(a, b)) {
    // Nothing but the order differs: match equal elements and say so once.
    const aligned = unorderedByContent(a, b);
    return { ...aligned, reordered: a.some((c, k) => c !== b[k]) };
  }
  const changes = diffArrays(a, b, { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes)
    return {
      ...pairGap(
        a.map((_, i) => i),
        b.map((_, j) => j),
      ),
      reordered: false,
      key: null,
    };
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

export function alignArrays(a: JsonArray, b: JsonArray, named: string | null, unordered: boolean): Alignment {
  const keyed = keyField(a, b, named);
  if (keyed) {
    const aligned = byKey(keyed[1], keyed[2], keyed[0]);
    return unordered ? { ...aligned, reordered: false } : aligned;
  }
  const canonical = (v: JsonValue) => canonicalJson(v);
  return byContent(a.map(canonical), b.map(canonical), unordered);
}

/** What an "order changed" difference shows: the keys, or the elements themselves, in each order. */
export function orderOf(array: JsonArray, key: string | null): JsonValue[] {
  if (!key) return array;
  return array.map((element) =>
    element !== null && typeof element === "object" && !Array.isArray(element) ? (element[key] ?? null) : null,
  );
}
