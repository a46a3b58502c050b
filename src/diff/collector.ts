/**
 * Collects differences as the comparers find them: drops ignored paths, counts every difference by
 * severity, and keeps only what can still make the report, so a pathological pair of documents with
 * a million differences costs counters, not a million objects. A difference that will not be kept
 * never has its pointer written (see lazy-pointer.ts).
 *
 * Bytes: each kept value is cut to a per-value bound, and the report as a whole to
 * DIFFERENCES_BUDGET_BYTES (UTF-8 bytes of its JSON), so the diff step's result and the stored
 * result stay within the budgets in src/budgets.ts whatever the bodies contain (CJK text is three
 * bytes a character). Past the budget, values are replaced by a marker and the diff says so in `notes`.
 */
import {
  DIFFERENCES_BUDGET_BYTES,
  MAX_PATH_BYTES,
  MAX_VALUE_CONTAINER_BYTES,
  MAX_VALUE_STRING_BYTES,
  VALUES_CUT_NOTE,
} from "../budgets";
import type { JsonValue } from "../shapes/json";
import type { Difference, DiffResult, Severity } from "../shapes/result";
import { boundedValue, jsonBytes, utf8Bytes, utf8Prefix } from "./bounded-value";
import { type PathSource, pointerOf } from "./lazy-pointer";
import { isWildcard, normaliseIgnorePath, type PathMatcher, pathMatcher } from "./path-match";
import { isAtOrBelow } from "./pointer";

const ORDER: readonly Severity[] = ["high", "medium", "low", "info"];

/** A key value longer than this is cut: still the same on every run, so history still matches. */
const MAX_KEY_BYTES = 256;

/**
 * Where a difference is on each side, when one pointer read on both sides would mislead: inside an
 * array element matched by key (whose index differs between the sides, or between runs), or a
 * rename. Written out only for a difference that is kept, like the path itself.
 */
export interface Identity {
  key?: string | number | undefined;
  leftPath?: string | PathSource | undefined;
  rightPath?: string | PathSource | undefined;
}

export class Collector {
  readonly #max: number;
  readonly #budget: number;
  /** Plain prefixes, checked against a lazy path without writing its pointer. */
  readonly #ignorePaths: readonly string[];
  /** `*` and `**` patterns (path-match.ts): these need the whole pointer, so only they pay for it. */
  readonly #wildcards: PathMatcher | null;
  /** Exact paths to keep out of the report: what varied between samples of one side (noise.ts). */
  readonly #excluded: ReadonlySet<string>;
  readonly #longestExcluded: number;
  readonly #counts: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  // One bucket per severity keeps "most severe first, otherwise in the order found" without a sort,
  // and bounding each bucket at `max` is enough because the report never holds more than `max`.
  readonly #buckets: Record<Severity, Difference[]> = { high: [], medium: [], low: [], info: [] };
  readonly #notes = new Set<string>();

  constructor(
    maxReported: number,
    ignorePaths: readonly string[],
    excluded: ReadonlySet<string> = new Set(),
    budgetBytes = DIFFERENCES_BUDGET_BYTES,
  ) {
    this.#max = Math.max(0, maxReported);
    this.#budget = budgetBytes;
    this.#ignorePaths = ignorePaths.filter((p) => !isWildcard(p)).map(normaliseIgnorePath);
    const wild = ignorePaths.filter(isWildcard);
    this.#wildcards = wild.length > 0 ? pathMatcher(wild) : null;
    this.#excluded = excluded;
    this.#longestExcluded = Math.max(0, ...[...excluded].map((p) => p.length));
  }

  add(
    kind: Difference["kind"],
    path: string | PathSource,
    change: Difference["change"],
    severity: Severity,
    left: JsonValue,
    right: JsonValue,
    /** The caller already bounded the values (text excerpts are ~2 KB by construction). */
    bounded = false,
    identity?: Identity,
  ): void {
    if (this.isIgnored(path) || this.#isRightNoise(identity)) return;
    this.#counts[severity]++;
    const bucket = this.#buckets[severity];
    if (bucket.length >= this.#max) return;
    const l = bounded ? left : boundedValue(left, MAX_VALUE_STRING_BYTES, MAX_VALUE_CONTAINER_BYTES);
    const r = bounded ? right : boundedValue(right, MAX_VALUE_STRING_BYTES, MAX_VALUE_CONTAINER_BYTES);
    const difference: Difference = {
      kind,
      path: boundedPath(pointerOf(path, MAX_PATH_BYTES)),
      change,
      left: l,
      right: r,
      severity,
      history: "new",
    };
    if (identity) withIdentity(difference, identity);
    bucket.push(difference);
  }

  isIgnored(path: string | PathSource): boolean {
    for (const prefix of this.#ignorePaths) {
      if (typeof path === "string" ? isAtOrBelow(path, prefix) : path.isAtOrBelow(prefix)) return true;
    }
    // An excluded path is matched exactly: a pointer written one character past the longest one
    // already tells, so noise never makes a deep document pay for its whole pointers.
    if (this.#excluded.size > 0 && this.#excluded.has(pointerOf(path, this.#longestExcluded + 1))) return true;
    return this.#wildcards !== null && this.#wildcards(pointerOf(path));
  }

  /**
   * Noise of the right side is found between the right side's own samples, so its paths are the
   * right document's: inside a keyed element whose index differs, that is `rightPath`, not `path`.
   */
  #isRightNoise(identity: Identity | undefined): boolean {
    const right = identity?.rightPath;
    if (right === undefined || this.#excluded.size === 0) return false;
    return this.#excluded.has(pointerOf(right, this.#longestExcluded + 1));
  }

  /** Something the reader should know was not compared or not kept, e.g. nesting past a bound. */
  note(text: string): void {
    this.#notes.add(text);
  }

  result(): DiffResult {
    const differences = this.#withinBudget(ORDER.flatMap((s) => this.#buckets[s]).slice(0, this.#max));
    const { high, medium, low, info } = this.#counts;
    const total = high + medium + low + info;
    const result: DiffResult = { identical: total === 0, differences, summary: { high, medium, low, info, total } };
    if (this.#notes.size > 0) result.notes = [...this.#notes];
    return result;
  }

  /**
   * The report in order, within the byte budget. Every difference keeps its kind, path and change:
   * room for all of them with their values cut is set aside first, and what remains pays for
   * whole values, most severe first. A difference whose values did not fit shows the cut marker;
   * one that does not fit even so is left out (and still counted in `summary`).
   */
  #withinBudget(ordered: Difference[]): Difference[] {
    const marked = ordered.map((d) => ({ ...d, left: markCut(d.left), right: markCut(d.right) }));
    const markedSizes = marked.map((d) => jsonBytes(d as unknown as JsonValue) + 1);
    let reserved = 2 + markedSizes.reduce((sum, size) => sum + size, 0);
    let used = 0;
    const kept: Difference[] = [];
    let cut = 0;
    for (let i = 0; i < ordered.length; i++) {
      const whole = ordered[i] as Difference;
      const markedSize = markedSizes[i] as number;
      reserved -= markedSize;
      const size = jsonBytes(whole as unknown as JsonValue) + 1;
      if (used + size + reserved <= this.#budget) {
        kept.push(whole);
        used += size;
        continue;
      }
      cut++;
      if (used + markedSize + reserved > this.#budget) continue;
      kept.push(marked[i] as Difference);
      used += markedSize;
    }
    if (cut > 0) this.#notes.add(`${VALUES_CUT_NOTE}: the values of ${cut} difference(s) are not shown`);
    return kept;
  }
}

function withIdentity(d: Difference, identity: Identity): void {
  const { key, leftPath, rightPath } = identity;
  if (key !== undefined) d.key = typeof key === "string" ? boundedKey(key) : key;
  if (leftPath !== undefined) d.leftPath = boundedPath(pointerOf(leftPath, MAX_PATH_BYTES));
  if (rightPath !== undefined) d.rightPath = boundedPath(pointerOf(rightPath, MAX_PATH_BYTES));
}

function boundedKey(key: string): string {
  return key.length <= MAX_KEY_BYTES / 3 || utf8Bytes(key) <= MAX_KEY_BYTES
    ? key
    : `${utf8Prefix(key, MAX_KEY_BYTES - 12)}…(cut)`;
}

/** Absent stays absent, so "added"/"removed" still read right; anything else becomes the marker. */
function markCut(value: JsonValue): JsonValue {
  return value === null ? null : `[${VALUES_CUT_NOTE}]`;
}

/** Pointers through long keys or deep nesting are cut: still stable run to run, so history still matches. */
function boundedPath(path: string): string {
  if (path.length <= MAX_PATH_BYTES / 3 || utf8Bytes(path) <= MAX_PATH_BYTES) return path;
  return `${utf8Prefix(path, MAX_PATH_BYTES - 12)}…(cut)`;
}
