/**
 * Collects differences as the comparers find them: drops ignored paths, counts every difference by
 * severity, and keeps only what can still make the report, so a pathological pair of documents with
 * a million differences costs counters, not a million objects.
 */
import type { JsonValue } from "../shapes/json";
import type { Difference, DiffResult, Severity } from "../shapes/result";
import { isAtOrBelow } from "./pointer";

/**
 * Reported values stay readable and the stored result stays small: 200 differences of two
 * compacted values each stay well under the Durable Object's 2 MB value limit.
 */
const MAX_STRING_CHARS = 1024;
const MAX_CONTAINER_CHARS = 2048;
const ORDER: readonly Severity[] = ["high", "medium", "low", "info"];

export class Collector {
  readonly #max: number;
  readonly #ignorePaths: readonly string[];
  readonly #counts: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  // One bucket per severity keeps "most severe first, otherwise in the order found" without a sort,
  // and bounding each bucket at `max` is enough because the report never holds more than `max`.
  readonly #buckets: Record<Severity, Difference[]> = { high: [], medium: [], low: [], info: [] };

  constructor(maxReported: number, ignorePaths: readonly string[]) {
    this.#max = Math.max(0, maxReported);
    this.#ignorePaths = ignorePaths.map(normaliseIgnorePath);
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
    for (const prefix of this.#ignorePaths) if (isAtOrBelow(path, prefix)) return true;
    return false;
  }

  result(): DiffResult {
    const differences = ORDER.flatMap((s) => this.#buckets[s]).slice(0, this.#max);
    const { high, medium, low, info } = this.#counts;
    const total = high + medium + low + info;
    return { identical: total === 0, differences, summary: { high, medium, low, info, total } };
  }
}

/** Header names are case-insensitive and difference paths use them lowercased. */
function normaliseIgnorePath(path: string): string {
  return path.startsWith("/headers/") ? path.toLowerCase() : path;
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
