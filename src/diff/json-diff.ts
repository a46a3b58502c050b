/**
 * Structural JSON diff: walks both documents once and reports leaf-level differences with RFC 6901
 * paths under /body/json. Type changes are `changed` at the path where the types part; arrays are
 * compared by index, with a length change reported at the array itself and each extra element at
 * its index.
 */

import { MAX_JSON_DEPTH } from "../budgets";
import type { JsonArray, JsonObject, JsonValue } from "../shapes/json";
import { jsonEqual } from "./bounded-value";
import type { Collector } from "./collector";
import type { Normaliser } from "./host-normalise";
import { SegmentPath } from "./lazy-pointer";
import { SEVERITY } from "./rules";

const BASE = "/body/json";

export function diffJson(left: JsonValue, right: JsonValue, out: Collector, normalise: Normaliser | null): void {
  new JsonWalk(out, normalise).walk(left, right);
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

  constructor(out: Collector, normalise: Normaliser | null) {
    this.#out = out;
    this.#normalise = normalise;
  }

  walk(a: JsonValue, b: JsonValue): void {
    if (a === b) return;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
      // Strings are the only leaves that can differ just by environment host; rewriting only
      // unequal strings keeps the regex off the 99% that already match.
      if (typeof a === "string" && typeof b === "string" && this.#normalise?.(a) === b) return;
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

  #arrays(a: JsonArray, b: JsonArray): void {
    const segments = this.#segments;
    const common = Math.min(a.length, b.length);
    for (let i = 0; i < common; i++) {
      segments.push(i);
      this.walk(a[i] as JsonValue, b[i] as JsonValue);
      segments.pop();
    }
    if (a.length === b.length) return;
    // The length change says "the list grew/shrank" in one line before the per-element entries.
    this.#report("changed", SEVERITY.jsonArrayLength, a.length, b.length);
    for (let i = common; i < a.length; i++) {
      segments.push(i);
      this.#report("removed", SEVERITY.jsonElement, a[i] as JsonValue, null);
      segments.pop();
    }
    for (let i = common; i < b.length; i++) {
      segments.push(i);
      this.#report("added", SEVERITY.jsonElement, null, b[i] as JsonValue);
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
