/**
 * What makes two differences of different runs "the same difference", for history marks and the
 * resolved list (history.ts).
 *
 * - Most differences: `kind` + `path`.
 * - Inside an array element matched by key (`key` set): `kind` + the path with every array index
 *   replaced by `*` + the key. The element's index moves whenever the list is shuffled; its key
 *   does not, so a product missing from a search result in a random order is `recurring` run after
 *   run, not `new` at /results/5 and `resolved` at /results/3. Two differences that share a key
 *   and the shape of their path (two edits in one element's list of tags) share one history.
 * - A rename: `kind` + both its paths (old and new key).
 */
import type { Consequence, Difference } from "../shapes/result";

type Identified = Pick<Difference, "kind" | "path"> &
  Partial<Pick<Difference, "change" | "key" | "leftPath" | "rightPath">>;

/** Array indexes (RFC 6901: "0" or no leading zero) replaced by `*`. */
function skeleton(path: string): string {
  return path.replace(/\/(0|[1-9]\d*)(?=\/|$)/g, "/*");
}

export function identityOf(d: Identified): string {
  // NUL cannot occur in a kind or a pointer written by the diff, so the parts never run together.
  const keyed = (path: string) => (d.key === undefined ? path : `${skeleton(path)}\u0000${typeof d.key}:${d.key}`);
  if (d.change === "renamed") {
    return `${d.kind}\u0000renamed\u0000${keyed(d.leftPath ?? d.path)}\u0000${keyed(d.rightPath ?? d.path)}`;
  }
  return `${d.kind}\u0000${keyed(d.path)}`;
}

function swapOne<T extends Consequence>(d: T): T {
  const change = d.change === "added" ? "removed" : d.change === "removed" ? "added" : d.change;
  const swapped: T = { ...d, left: d.right, right: d.left, change };
  delete swapped.leftPath;
  delete swapped.rightPath;
  if (d.rightPath !== undefined) swapped.leftPath = d.rightPath;
  if (d.leftPath !== undefined) swapped.rightPath = d.leftPath;
  // The path is the left document's whenever the left has the thing.
  if (swapped.leftPath !== undefined) swapped.path = swapped.leftPath;
  return swapped;
}

/** A difference of a run compared the other way round (B, A), as seen from (A, B). */
export function swapSides(d: Difference): Difference {
  const swapped = swapOne(d);
  if (d.consequences) swapped.consequences = d.consequences.map(swapOne);
  return swapped;
}
