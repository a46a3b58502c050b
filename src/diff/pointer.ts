/**
 * RFC 6901 JSON Pointer helpers: escaping one segment and asking whether a pointer lies at or
 * below an ignored prefix. Difference paths are pointers into the SignalEnvelope.
 */

const NEEDS_ESCAPE = /[~/]/;

/** Escapes one reference token: `~` becomes `~0` and `/` becomes `~1` (in that order, per §4). */
export function escapeSegment(segment: string): string {
  // Most keys need no escaping; skipping the two replaces keeps the JSON diff's hot path cheap.
  if (!NEEDS_ESCAPE.test(segment)) return segment;
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Joins segments into a pointer below `base`, e.g. ("/body/json", ["a/b", 3]) -> "/body/json/a~1b/3". */
export function pointerFrom(base: string, segments: readonly (string | number)[]): string {
  let path = base;
  for (const segment of segments) {
    path += `/${typeof segment === "number" ? segment : escapeSegment(segment)}`;
  }
  return path;
}

/**
 * True when `path` is `prefix` or lies below it. Matching is by whole segments, so
 * /body/json/meta covers /body/json/meta/id but not /body/json/metadata.
 */
export function isAtOrBelow(path: string, prefix: string): boolean {
  if (prefix === "" || prefix === "/") return true;
  return path === prefix || (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47) /* "/" */;
}
