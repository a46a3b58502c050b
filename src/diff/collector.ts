/**
 * Collects differences as the comparers find them: drops ignored paths, counts every difference by
 * severity, and keeps only what can still make the report, so a pathological pair of documents with
 * a million differences costs counters, not a million objects.
 */
import type { JsonValue } from "../shapes/json";
import type { Difference, DiffResult, Severity } from "../shapes/result";
import { type PathMatcher, pathMatcher } from "./path-match";

/**
 * Reported values stay readable and the stored result stays small: 200 differences of two
 * compacted values each stay well under the Durable Object's 2 MB value limit.
 */
const MAX_STRING_CHARS = 1024;
const MAX_CONTAINER_CHARS = 2048;
const ORDER: readonly Severity[] = ["high", "medium", "low", "info"];

export class Collector {
  readonly #max: number;
  readonly #ignored: PathMatcher;
  /** Exact paths to keep out of the report: what varied between samples of one side (noise.ts). */
  readonly #excluded: ReadonlySet<string>;
  readonly #counts: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  // One bucket per severity keeps "most severe first, otherwise in the order found" without a sort,
  // and bounding each bucket at `max` is enough because the report never holds more than `max`.
  readonly #buckets: Record<Severity, Difference[]> = { high: [], medium: [], low: [], info: [] };

  constructor(maxReported: number, ignorePaths: readonly string[], excluded: ReadonlySet<string> = new Set()) {
    this.#max = Math.max(0, maxReported);
    this.#ignored = pathMatcher(ignorePaths);
    this.#excluded = excluded;
  }

  add(
    kind: Difference["kind"],
    path: string,
    change: Difference["change"],
    severity: Severity,
    left: JsonValue,
    right: JsonValue,
    /** The caller already bounded the values (text excerpts are ~2 KB by construction). */
    bounded = false,
  ): void {
    if (this.isIgnored(path)) return;
    this.#counts[severity]++;
    const bucket = this.#buckets[severity];
    if (bucket.length >= this.#max) return;
    const l = bounded ? left : compact(left);
    const r = bounded ? right : compact(right);
    bucket.push({ kind, path, change, left: l, right: r, severity, history: "new" });
  }

  isIgnored(path: string): boolean {
    return this.#excluded.has(path) || this.#ignored(path);
  }

  result(): DiffResult {
    const differences = ORDER.flatMap((s) => this.#buckets[s]).slice(0, this.#max);
    const { high, medium, low, info } = this.#counts;
    const total = high + medium + low + info;
    return { identical: total === 0, differences, summary: { high, medium, low, info, total } };
  }
}

/** Long strings are cut and large subtrees summarised, so one difference cannot carry a whole body. */
function compact(value: JsonValue): JsonValue {
  if (typeof value === "string") {
    return value.length > MAX_STRING_CHARS ? `${value.slice(0, MAX_STRING_CHARS)}… (${value.length} chars)` : value;
  }
  if (value === null || typeof value !== "object") return value;
  if (JSON.stringify(value).length <= MAX_CONTAINER_CHARS) return value;
  return Array.isArray(value) ? `[array of ${value.length} items]` : `[object with ${Object.keys(value).length} keys]`;
}
