/**
 * A structural fingerprint of a JSON value, independent of key order: array alignment pairs
 * elements by it (array-align.ts) and renames are found by it (json-diff.ts). Equal values always
 * get equal fingerprints; two different values may share one, so a match is confirmed or walked into.
 */
import type { JsonValue } from "../shapes/json";

/**
 * A structural fingerprint of an element, independent of key order: equal elements always get
 * equal keys. Two different elements may share one (a collision), which is harmless: matched
 * elements are walked into, so a false match still reports every leaf that differs. One pass,
 * no sorting and no string building, so aligning a 1 MiB array costs about one walk of it.
 */
export function contentKey(value: JsonValue): number {
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
