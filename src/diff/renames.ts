/**
 * Renamed members: the same value under a new key in the same object, the old key gone. Reported
 * as one `renamed` difference instead of an unrelated removal and addition, so a reader sees that
 * `taxId` became `vatId` rather than two rows to match up by eye.
 *
 * Only unambiguous renames: the value must say something (not null, a boolean, an empty string,
 * array or object, which many unrelated fields share), and it must be held by exactly one removed
 * key and exactly one added key (told by fingerprint: two values that merely share one count as
 * ambiguous too). Anything else stays a removal and an addition.
 */
import type { JsonObject, JsonValue } from "../shapes/json";
import { jsonEqual } from "./bounded-value";
import { contentKey } from "./fingerprint";

function telling(value: JsonValue | undefined): value is JsonValue {
  if (value === undefined || value === null || typeof value === "boolean") return false;
  if (typeof value === "string") return value !== "";
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/**
 * Old key → new key for each unambiguous rename between the members only `a` has (`removed`) and
 * those only `b` has (`added`). `same` says whether two strings are equal once masked.
 */
export function findRenames(
  a: JsonObject,
  b: JsonObject,
  removed: readonly string[],
  added: readonly string[],
  same: (x: string, y: string) => boolean = (x, y) => x === y,
): Map<string, string> {
  const renames = new Map<string, string>();
  if (removed.length === 0 || added.length === 0) return renames;
  const equal = (x: JsonValue, y: JsonValue) =>
    typeof x === "string" && typeof y === "string" ? same(x, y) : jsonEqual(x, y);
  // One pass each way over fingerprints: a value held by two keys on a side is ambiguous, so only
  // fingerprints seen once on each side can pair, and a hundred thousand keys cost two passes.
  const once = (object: JsonObject, keys: readonly string[]) => {
    const seen = new Map<number, string | null>();
    for (const key of keys) {
      const value = object[key];
      if (!telling(value)) continue;
      const print = contentKey(value);
      seen.set(print, seen.has(print) ? null : key);
    }
    return seen;
  };
  const gone = once(a, removed);
  const arrived = once(b, added);
  for (const [print, from] of gone) {
    const to = arrived.get(print);
    if (from === null || to === null || to === undefined) continue;
    if (equal(a[from] as JsonValue, b[to] as JsonValue)) renames.set(from, to);
  }
  return renames;
}
