/**
 * Structural JSON diff: walks both documents once and reports leaf-level differences with RFC 6901
 * paths under /body/json. Type changes are `changed` at the path where the types part; arrays are
 * aligned by identity (array-align.ts): matched elements are walked into, the others are reported
 * at their index (left index when removed, right index when added), and a reordering once at the
 * array itself.
 */

import { MAX_JSON_DEPTH } from "../budgets";
import type { JsonArray, JsonObject, JsonValue } from "../shapes/json";
import { alignArrays, orderOf } from "./array-align";
import { jsonEqual } from "./bounded-value";
import type { Collector } from "./collector";
import type { Normaliser } from "./host-normalise";
import { SegmentPath } from "./lazy-pointer";
import { pointerFrom } from "./pointer";
import { SEVERITY } from "./rules";

const BASE = "/body/json";

/** How arrays are aligned and which strings count as equal once masked (array-align.ts, masks.ts). */
export interface JsonRules {
  /** Whether keyFor/unordered can say anything (options.arrayKeys or unorderedPaths are set). */
  byPointer: boolean;
  keyFor(pointer: string): string | null;
  unordered(pointer: string): boolean;
  same(a: string, b: string): boolean;
}

export function diffJson(
  left: JsonValue,
  right: JsonValue,
  out: Collector,
  normalise: Normaliser | null,
  rules: JsonRules | null = null,
): void {
  new JsonWalk(out, normalise, rules).walk(left, right);
}

class JsonWalk {
  // The path is kept as a stack of raw segments and only turned into an escaped pointer when a
  // difference is found: with 1% of leaves differing, 99% of leaves never pay for a path string.
  readonly #segments: (string | number)[] = [];
  // One lazy view of the live stack, shared by every report: the collector writes a pointer only
  // for a difference it keeps.
  readonly #path = new SegmentPath(BASE, this.#segments);
  readonly #out: Collector;
  readonly #normalise: Normaliser | null;
  readonly #rules: JsonRules | null;

  constructor(out: Collector, normalise: Normaliser | null, rules: JsonRules | null) {
    this.#out = out;
    this.#normalise = normalise;
    this.#rules = rules;
  }

  walk(a: JsonValue, b: JsonValue): void {
    if (a === b) return;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
      // Strings are the only leaves that can differ just by environment host; rewriting only
      // unequal strings keeps the regex off the 99% that already match.
      if (typeof a === "string" && typeof b === "string" && this.#normalise?.(a) === b) return;
      if (typeof a === "string" && typeof b === "string" && this.#rules?.same(a, b)) return;
      this.#report("changed", SEVERITY.jsonChanged, a, b);
      return;
    }
    const aIsArray = Array.isArray(a);
    if (aIsArray !== Array.isArray(b)) {
      this.#report("changed", SEVERITY.jsonChanged, a, b);
      return;
    }
    if (this.#segments.length >= MAX_JSON_DEPTH) {
      // The probe keeps deeper documents as text, so this only guards other callers: past the
      // bound, subtrees compare as whole values (iteratively) and never recurse further.
      if (jsonEqual(a, b)) return;
      this.#out.note(`compared as whole values below nesting depth ${MAX_JSON_DEPTH}`);
      this.#report("changed", SEVERITY.jsonChanged, a, b);
      return;
    }
    if (aIsArray) this.#arrays(a, b as JsonArray);
    else this.#objects(a as JsonObject, b as JsonObject);
  }

  #objects(a: JsonObject, b: JsonObject): void {
    const segments = this.#segments;
    for (const key in a) {
      segments.push(key);
      if (Object.hasOwn(b, key)) this.walk(a[key] as JsonValue, b[key] as JsonValue);
      else this.#report("removed", SEVERITY.jsonRemoved, a[key] as JsonValue, null);
      segments.pop();
    }
    for (const key in b) {
      if (Object.hasOwn(a, key)) continue;
      segments.push(key);
      this.#report("added", SEVERITY.jsonAdded, null, b[key] as JsonValue);
      segments.pop();
    }
  }

  /** Aligned by identity (array-align.ts): one insertion is one difference, a reordering at most one. */
  #arrays(a: JsonArray, b: JsonArray): void {
    const segments = this.#segments;
    // Built only when the options name arrays: most documents never pay for the string.
    const pointer = this.#rules?.byPointer ? pointerFrom(BASE, segments) : null;
    const key = pointer === null ? null : (this.#rules?.keyFor(pointer) ?? null);
    const alignment = alignArrays(a, b, key, pointer !== null && (this.#rules?.unordered(pointer) ?? false));
    if (alignment.reordered) {
      this.#report("changed", SEVERITY.jsonOrder, orderOf(a, alignment.key), orderOf(b, alignment.key));
    }
    for (const [i, j] of alignment.pairs) {
      segments.push(i);
      this.walk(a[i] as JsonValue, b[j] as JsonValue);
      segments.pop();
    }
    for (const i of alignment.removed) {
      segments.push(i);
      this.#report("removed", SEVERITY.jsonElement, a[i] as JsonValue, null);
      segments.pop();
    }
    for (const j of alignment.added) {
      segments.push(j);
      this.#report("added", SEVERITY.jsonElement, null, b[j] as JsonValue);
      segments.pop();
    }
  }

  #report(
    change: "added" | "removed" | "changed",
    severity: (typeof SEVERITY)[keyof typeof SEVERITY],
    left: JsonValue,
    right: JsonValue,
  ): void {
    this.#out.add("body", this.#path, change, severity, left, right);
  }
}
