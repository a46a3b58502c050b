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
function unorderedByContent(a: number[], b: number[]): Alignment {
  // Each content key's right indexes, in order, with a cursor: taking the next one is O(1)
  // (Array.shift would copy a long bucket on every call).
  const free = new Map<number, { at: number[]; next: number }>();
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

/** A cheap identity: a scalar itself, or an object's scalar id/key field; undefined when none. */
function identity(value: JsonValue | undefined, field: string | null): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return undefined;
  const id = value[field ?? "id"] ?? (field ? undefined : value.key);
  return typeof id === "string" || typeof id === "number" ? id : undefined;
}

/** How many positions hold elements of the same identity; -1 when an element has none. */
function positionalMatches(a: JsonArray, b: JsonArray, named: string | null): number {
  let same = 0;
  for (let k = 0; k < a.length; k++) {
    const x = identity(a[k], named);
    if (x === undefined) return -1;
    if (x === identity(b[k], named)) same++;
  }
  return same;
}

const positional = (n: number): Alignment => ({
  pairs: Array.from({ length: n }, (_, k): [number, number] => [k, k]),
  removed: [],
  added: [],
  reordered: false,
  key: null,
});

export function alignArrays(a: JsonArray, b: JsonArray, named: string | null, unordered: boolean): Alignment {
  // The common case first: the same elements in the same places (equal scalars, equal ids).
  const inPlace = a.length === b.length ? positionalMatches(a, b, named) : -1;
  if (inPlace === a.length) return positional(a.length);
  const keyed = keyField(a, b, named);
  if (keyed) {
    const aligned = byKey(keyed[1], keyed[2], keyed[0]);
    return unordered ? { ...aligned, reordered: false } : aligned;
  }
  // Objects whose ids repeat (no unique key), nearly all in place: edited where they stand. Scalars
  // go on to content alignment, which tells a reordering or a move from an edit.
  const objects = a.length > 0 && typeof a[0] === "object" && a[0] !== null;
  if (objects && inPlace >= 0 && inPlace >= a.length * (1 - IN_PLACE_SHARE)) return positional(a.length);
  return byContent(a.map(contentKey), b.map(contentKey), unordered);
}

/**
 * A structural fingerprint of an element, independent of key order: equal elements always get
 * equal keys. Two different elements may share one (a collision), which is harmless: matched
 * elements are walked into, so a false match still reports every leaf that differs. One pass,
 * no sorting and no string building, so aligning a 1 MiB array costs about one walk of it.
 */
function contentKey(value: JsonValue): number {
  return fingerprint(value, 0x9e3779b9);
}

function mix(h: number, x: number): number {
  return Math.imul(h ^ x, 0x01000193) ^ (h >>> 15);
}

/**
 * Past this depth an element's fingerprint stops looking further down: deeper documents would
 * overflow the stack, and equal fingerprints only pair elements, which the walk then compares whole.
 */
const FINGERPRINT_DEPTH = 64;

function fingerprint(value: JsonValue, seed: number, depth = 0): number {
  if (value === null) return mix(seed, 1);
  switch (typeof value) {
    case "boolean":
      return mix(seed, value ? 2 : 3);
    case "number":
      return mix(mix(seed, 4), Math.imul(value | 0, 0x27d4eb2d) ^ Math.round((value % 1) * 1e9));
    case "string": {
      let h = mix(seed, 5);
      for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
      return h;
    }
  }
  if (depth >= FINGERPRINT_DEPTH) return mix(seed, 8);
  if (Array.isArray(value)) {
    let h = mix(seed, 6);
    for (const element of value) h = mix(h, fingerprint(element, seed, depth + 1));
    return h;
  }
  // Objects: a sum over the entries, so the order of keys does not matter.
  let sum = 0;
  for (const key in value) {
    sum = (sum + mix(fingerprint(key, seed), fingerprint(value[key] as JsonValue, seed, depth + 1))) | 0;
  }
  return mix(mix(seed, 7), sum);
}

/** What an "order changed" difference shows: the keys, or the elements themselves, in each order. */
export function orderOf(array: JsonArray, key: string | null): JsonValue[] {
  if (!key) return array;
  return array.map((element) =>
    element !== null && typeof element === "object" && !Array.isArray(element) ? (element[key] ?? null) : null,
  );
}
