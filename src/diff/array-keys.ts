/**
 * Which field identifies the elements of an array of objects, so they are matched by identity and
 * a difference inside one names it (`key`), whatever index it has on each side or in each run.
 *
 * - Named: `options.arrayKeys` names the field for this array (wildcards allowed). It is used when
 *   every element on both sides has it as a unique string or number.
 * - Natural: otherwise, among NATURAL_KEYS and then any field named like an id (`projectId`,
 *   `article_id`, `userUUID`… in alphabetical order) that every element on both sides has as a
 *   unique string or number, the one whose values the two sides share most (the earlier on a tie).
 *   A field the sides share no value of is not a key (when both sides have elements): two lists
 *   with no identity in common are better compared by content.
 * - Nested: otherwise, the same among the fields of an object each element holds (`node/id`): a
 *   Relay connection's edges are identified by their node, while their cursor is a position.
 * - Any string field: when no such field keys the array, a field of strings that every element on
 *   both sides has, unique within each side, of which the sides share at least half (of the shorter
 *   side, and two at least): a list of regions or plans in a random order, whose other fields (a
 *   latency, a count) vary, has no content to match by, but its names are its identity.
 * Duplicate values never key an array: matching by them would be a guess.
 */
import type { JsonArray, JsonObject, JsonValue } from "../shapes/json";

/** Fields tried in this order when no key is named for an array (docs/noise.md § Identity). */
export const NATURAL_KEYS = ["id", "_id", "uuid", "guid", "key", "slug", "sku", "name"] as const;

/** Field names that read as an identifier: tried after NATURAL_KEYS, in alphabetical order. */
const ID_LIKE = /(?:Id|ID|_id|Uuid|UUID|_uuid|Key|_key)$/;

export type Scalar = string | number;

export interface KeyedArrays {
  field: string;
  left: Scalar[];
  right: Scalar[];
  /** Every element has the same key on both sides at the same index: nothing moved. */
  inPlace: boolean;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Between an object field and a field inside it: a key one level down (`node/id`). */
const NESTED = "/";

/**
 * An element's value of `field`: its own member of that name, or for `parent/child` (when it has no
 * member of that whole name) the member `child` of its object `parent`. A Relay connection's edges
 * (`{ cursor, node: { id } }`) are identified by their node's id, not by their cursor, which is a
 * position.
 */
export function fieldValue(element: JsonObject, field: string): JsonValue | undefined {
  if (Object.hasOwn(element, field) || !field.includes(NESTED)) return element[field];
  const at = field.indexOf(NESTED);
  const inner = element[field.slice(0, at)];
  return isObject(inner) ? inner[field.slice(at + 1)] : undefined;
}

/** Each element's value of `field`, or null when one lacks it, holds another type or repeats one. */
function keysBy(array: JsonArray, field: string): Scalar[] | null {
  const keys: Scalar[] = [];
  const seen = new Set<Scalar>();
  for (const element of array) {
    if (!isObject(element)) return null;
    const key = fieldValue(element, field);
    if (typeof key !== "string" && typeof key !== "number") return null;
    if (seen.has(key)) return null;
    seen.add(key);
    keys.push(key);
  }
  return keys;
}

/**
 * The keys when both arrays hold the same keys at the same indexes (the common case, checked
 * without building a map of either side); null otherwise.
 */
function inPlaceKeys(a: JsonArray, b: JsonArray, field: string): Scalar[] | null {
  if (a.length !== b.length) return null;
  const keys: Scalar[] = [];
  const seen = new Set<Scalar>();
  for (let k = 0; k < a.length; k++) {
    const x = a[k];
    const y = b[k];
    if (!isObject(x) || !isObject(y)) return null;
    const key = fieldValue(x, field);
    if ((typeof key !== "string" && typeof key !== "number") || key !== fieldValue(y, field) || seen.has(key))
      return null;
    seen.add(key);
    keys.push(key);
  }
  return keys;
}

/** How many key values the two sides share. */
function shared(left: readonly Scalar[], right: readonly Scalar[]): number {
  const there = new Set(left);
  let n = 0;
  for (const k of right) if (there.has(k)) n++;
  return n;
}

function candidates(first: JsonObject): string[] {
  const natural: readonly string[] = NATURAL_KEYS;
  const idLike = Object.keys(first)
    .filter((name) => ID_LIKE.test(name) && !natural.includes(name))
    .sort();
  return [...natural, ...idLike];
}

/** The field both arrays are matched by and the key of each element, or null to align by content. */
export function keyField(a: JsonArray, b: JsonArray, named: string | null): KeyedArrays | null {
  if (a.length === 0 && b.length === 0) return null;
  const first = a[0] ?? b[0];
  if (!isObject(first)) return null;
  if (named) {
    const same = inPlaceKeys(a, b, named);
    if (same) return { field: named, left: same, right: same, inPlace: true };
    const left = keysBy(a, named);
    const right = left && keysBy(b, named);
    return left && right ? { field: named, left, right, inPlace: false } : null;
  }
  const oneSided = a.length === 0 || b.length === 0;
  const own = bestKey(a, b, candidates(first), oneSided);
  if (own && "inPlace" in own) return own;
  // A key one level down (an edge's node id) before any string field of the element itself.
  const nested = own ?? bestKey(a, b, nestedCandidates(first), oneSided);
  if (nested && "inPlace" in nested) return nested;
  const best = nested ?? (oneSided ? null : stringKey(a, b, first));
  return best && { field: best.field, left: best.left, right: best.right, inPlace: false };
}

/** Natural and id-like fields of the objects an element holds, as `parent/child`. */
function nestedCandidates(first: JsonObject): string[] {
  return Object.keys(first)
    .sort()
    .flatMap((parent) => {
      const inner = first[parent];
      return isObject(inner) && !parent.includes(NESTED) ? candidates(inner).map((c) => `${parent}${NESTED}${c}`) : [];
    });
}

/**
 * The field among `fields` that matches the most elements: staging and production often number the
 * same records differently (two databases) while their slugs agree. Ties go to the earlier field.
 * A field that keys every element in place is returned at once, as keyed arrays.
 */
function bestKey(
  a: JsonArray,
  b: JsonArray,
  fields: readonly string[],
  oneSided: boolean,
): KeyedArrays | { field: string; left: Scalar[]; right: Scalar[]; shared: number } | null {
  let best: { field: string; left: Scalar[]; right: Scalar[]; shared: number } | null = null;
  for (const field of fields) {
    // All in place shares every key: no later field can do better, and no earlier one did.
    const same = inPlaceKeys(a, b, field);
    if (same) return { field, left: same, right: same, inPlace: true };
    const left = keysBy(a, field);
    const right = left && keysBy(b, field);
    if (!left || !right) continue;
    const common = oneSided ? 0 : shared(left, right);
    if (!oneSided && common === 0) continue;
    if (best === null || common > best.shared) best = { field, left, right, shared: common };
    if (oneSided || common === Math.min(left.length, right.length)) break; // no field can do better
  }
  return best;
}

/** The string field (alphabetical on a tie) whose unique values the sides share most, at least half. */
function stringKey(a: JsonArray, b: JsonArray, first: JsonObject) {
  const natural = new Set(candidates(first));
  const least = Math.max(2, Math.ceil(Math.min(a.length, b.length) / 2));
  let best: { field: string; left: Scalar[]; right: Scalar[]; shared: number } | null = null;
  for (const field of Object.keys(first).sort()) {
    if (natural.has(field) || typeof first[field] !== "string") continue;
    const left = keysBy(a, field);
    const right = left && keysBy(b, field);
    if (!left || !right || ![...left, ...right].every((k) => typeof k === "string")) continue;
    const common = shared(left, right);
    if (common >= least && (best === null || common > best.shared)) best = { field, left, right, shared: common };
  }
  return best;
}

/** The key value of an element matched by `field` (keyField checked that it is a scalar). */
export function keyOf(element: JsonValue | undefined, field: string): Scalar | undefined {
  if (!isObject(element)) return undefined;
  const key = fieldValue(element, field);
  return typeof key === "string" || typeof key === "number" ? key : undefined;
}
