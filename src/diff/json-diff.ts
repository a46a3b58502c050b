/**
 * Structural JSON diff: walks both documents once and reports leaf-level differences with RFC 6901
 * paths under /body/json. Type changes are `changed` at the path where the types part; a member
 * renamed with its value kept is one `renamed` difference (renames.ts); arrays are aligned by
 * identity (array-align.ts): matched elements are walked into, the others are reported at their
 * own side's index (left when removed, right when added), and a reordering once at the array.
 *
 * Identity: the walk keeps the path on each side. Inside an element matched by key, or wherever
 * the two sides' indexes part, a difference carries `leftPath`/`rightPath` (and the innermost
 * element's `key`), so nobody reads one side's index as the other's. `path` is the left pointer,
 * or the right one for an element only the right has.
 */

import { MAX_JSON_DEPTH } from "../budgets";
import type { JsonArray, JsonObject, JsonValue } from "../shapes/json";
import type { Severity } from "../shapes/result";
import { alignArrays, orderOf } from "./array-align";
import { keyOf, type Scalar } from "./array-keys";
import { jsonEqual } from "./bounded-value";
import type { Collector, Identity } from "./collector";
import type { Normaliser } from "./host-normalise";
import { SegmentPath } from "./lazy-pointer";
import { pointerFrom } from "./pointer";
import { findRenames } from "./renames";
import { elementSeverity, SEVERITY } from "./rules";

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
  // difference is kept: with 1% of leaves differing, 99% of leaves never pay for a path string.
  // The stack holds the left side's segments; the right side's view overlays the few depths where
  // its index (or a renamed key) differs, so the walk pays for the right path only where it parts.
  readonly #segments: (string | number)[] = [];
  readonly #overlay = new Map<number, string | number>();
  // Lazy views of the live stack, shared by every report: the collector writes a pointer only
  // for a difference it keeps.
  readonly #path = new SegmentPath(BASE, this.#segments);
  readonly #rightPath = new SegmentPath(BASE, this.#segments, this.#overlay);
  /** Keys of the keyed elements the walk is inside, outermost first. */
  readonly #keys: Scalar[] = [];
  readonly #out: Collector;
  readonly #normalise: Normaliser | null;
  readonly #rules: JsonRules | null;

  constructor(out: Collector, normalise: Normaliser | null, rules: JsonRules | null) {
    this.#out = out;
    this.#normalise = normalise;
    this.#rules = rules;
  }

  walk(a: JsonValue, b: JsonValue): void {
    if (a === b || sameNumber(a, b)) return;
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
    // Renames are looked for only once a member is missing: most objects never pay for it.
    let renames: Map<string, string> | null = null;
    const segments = this.#segments;
    for (const key in a) {
      segments.push(key);
      if (Object.hasOwn(b, key)) this.walk(a[key] as JsonValue, b[key] as JsonValue);
      else {
        renames ??= this.#renames(a, b);
        const to = renames.get(key);
        if (to === undefined) this.#report("removed", SEVERITY.jsonOneSided, a[key] as JsonValue, null);
        else this.#reportRename(to, a[key] as JsonValue, b[to] as JsonValue);
      }
      segments.pop();
    }
    const renamedTo = renames === null || renames.size === 0 ? null : new Set(renames.values());
    for (const key in b) {
      if (Object.hasOwn(a, key) || renamedTo?.has(key)) continue;
      segments.push(key);
      this.#report("added", SEVERITY.jsonOneSided, null, b[key] as JsonValue);
      segments.pop();
    }
  }

  /** Aligned by identity (array-align.ts): one insertion is one difference, a reordering at most one. */
  #arrays(a: JsonArray, b: JsonArray): void {
    // Built only when the options name arrays: most documents never pay for the string.
    const pointer = this.#rules?.byPointer ? pointerFrom(BASE, this.#segments) : null;
    const named = pointer === null ? null : (this.#rules?.keyFor(pointer) ?? null);
    const alignment = alignArrays(a, b, named, pointer !== null && (this.#rules?.unordered(pointer) ?? false));
    const field = alignment.key;
    if (alignment.reordered) {
      this.#report("changed", SEVERITY.jsonOrder, orderOf(a, field), orderOf(b, field));
    }
    const segments = this.#segments;
    const depth = segments.length;
    for (const [i, j] of alignment.pairs) {
      const key = field === null ? undefined : keyOf(a[i], field);
      if (key !== undefined) this.#keys.push(key);
      segments.push(i);
      if (i !== j) this.#overlay.set(depth, j);
      this.walk(a[i] as JsonValue, b[j] as JsonValue);
      if (i !== j) this.#overlay.delete(depth);
      segments.pop();
      if (key !== undefined) this.#keys.pop();
    }
    for (const i of alignment.removed) {
      const value = a[i] as JsonValue;
      segments.push(i);
      const identity = this.#oneSided(value, field, "left");
      this.#out.add("body", this.#path, "removed", elementSeverity(value), value, null, false, identity);
      segments.pop();
    }
    for (const j of alignment.added) {
      const value = b[j] as JsonValue;
      // Only the right has it: its path is the right document's (the overlay names the outer indexes).
      segments.push(j);
      const identity = this.#oneSided(value, field, "right");
      this.#out.add("body", this.#rightPath, "added", elementSeverity(value), null, value, false, identity);
      segments.pop();
    }
  }

  /**
   * An element only one side has: its own key (or the keyed element it is in) and that side's
   * pointer. A string or number outside any keyed element is its own key: arrays of scalars are
   * matched by value, so an address range missing from a list in a random order keeps one history
   * run after run instead of being `new` at another index each time.
   */
  #oneSided(element: JsonValue, field: string | null, side: "left" | "right"): Identity | undefined {
    const scalar = typeof element === "string" || typeof element === "number" ? element : undefined;
    const key = (field === null ? undefined : keyOf(element, field)) ?? this.#keys.at(-1) ?? scalar;
    // Without a key, `path` is already that side's own pointer: nothing to add.
    if (key === undefined) return undefined;
    return side === "left" ? { key, leftPath: this.#path } : { key, rightPath: this.#rightPath };
  }

  /** Members renamed with their value kept (renames.ts); an ignored member is never half of one. */
  #renames(a: JsonObject, b: JsonObject): Map<string, string> {
    const removed: string[] = [];
    const added: string[] = [];
    for (const key in a) if (!Object.hasOwn(b, key)) removed.push(key);
    for (const key in b) if (!Object.hasOwn(a, key)) added.push(key);
    const renames = findRenames(a, b, removed, added, (x, y) => x === y || (this.#rules?.same(x, y) ?? false));
    for (const [from, to] of renames) {
      if (this.#ignored(from, "left") || this.#ignored(to, "right")) renames.delete(from);
    }
    return renames;
  }

  #ignored(key: string, side: "left" | "right"): boolean {
    this.#segments.push(key);
    const ignored = this.#out.isIgnored(side === "left" ? this.#path : this.#rightPath);
    this.#segments.pop();
    return ignored;
  }

  /** Where the walk is, on each side, when one pointer would not do for both. */
  #identity(): Identity | undefined {
    if (this.#keys.length === 0 && this.#overlay.size === 0) return undefined;
    return { key: this.#keys.at(-1), leftPath: this.#path, rightPath: this.#rightPath };
  }

  #report(change: "added" | "removed" | "changed", severity: Severity, left: JsonValue, right: JsonValue): void {
    this.#out.add("body", this.#path, change, severity, left, right, false, this.#identity());
  }

  /** The member at the top of the stack is `to` on the right: one difference. */
  #reportRename(to: string, left: JsonValue, right: JsonValue): void {
    const depth = this.#segments.length - 1;
    this.#overlay.set(depth, to);
    const key = this.#keys.at(-1);
    this.#out.add("body", this.#path, "renamed", SEVERITY.jsonRenamed, left, right, false, {
      ...(key === undefined ? {} : { key }),
      leftPath: this.#path,
      rightPath: this.#rightPath,
    });
    this.#overlay.delete(depth);
  }
}

/**
 * Two numbers that are equal to 15 significant digits, when either is not an integer: the
 * precision a double always keeps. 48.21 summed in another order is 48.209999999999994; that is
 * rounding, not a value that varies or differs. Integers are compared exactly: ids and counters
 * differ in their last digit.
 */
export function sameNumber(a: JsonValue, b: JsonValue): boolean {
  if (typeof a !== "number" || typeof b !== "number") return false;
  if (Number.isInteger(a) && Number.isInteger(b)) return false;
  return a.toPrecision(15) === b.toPrecision(15);
}
