/**
 * Wildcard pointers for `ignorePaths` and `unorderedPaths`: `*` stands for exactly one segment and
 * `**` for any number of segments (zero included), e.g. /body/json/items/*\/updatedAt or
 * /body/json/**\/requestId. A pattern matches a path at or below it, like a plain prefix does.
 * Matching is by whole segments; no regular expression is built from user input.
 */

export type PathMatcher = (path: string) => boolean;

function segments(pointer: string): string[] {
  return pointer === "" ? [] : pointer.split("/").slice(1);
}

/** Whether a pattern holds a `*` or `**` segment (otherwise it is a plain prefix). */
export function isWildcard(pattern: string): boolean {
  return segments(pattern).some((s) => s === "*" || s === "**");
}

/** Header names are case-insensitive and difference paths use them lowercased. */
export function normaliseIgnorePath(pattern: string): string {
  return pattern.toLowerCase().startsWith("/headers/") ? pattern.toLowerCase() : pattern;
}

/**
 * True when the pattern's segments match a prefix of the path's. Memoised over (pattern index,
 * path index), so `**` repeated many times stays O(pattern × path) instead of exponential.
 */
function matchesPrefix(pattern: readonly string[], path: readonly string[], exact: boolean): boolean {
  const seen = new Set<number>();
  const width = path.length + 1;
  const visit = (p: number, s: number): boolean => {
    // At or below: the rest of the path lies below the pattern (unless only the path itself counts).
    if (p === pattern.length) return !exact || s === path.length;
    const key = p * width + s;
    if (seen.has(key)) return false;
    seen.add(key);
    const segment = pattern[p];
    if (segment === "**") {
      for (let next = s; next <= path.length; next++) if (visit(p + 1, next)) return true;
      return false;
    }
    if (s === path.length) return false;
    return (segment === "*" || segment === path[s]) && visit(p + 1, s + 1);
  };
  return visit(0, 0);
}

/** One predicate for a list of patterns; plain prefixes take the fast path. `exact`: not below. */
export function pathMatcher(patterns: readonly string[], exact = false): PathMatcher {
  const plain: string[] = [];
  const wild: string[][] = [];
  for (const raw of patterns) {
    const pattern = normaliseIgnorePath(raw);
    const parts = segments(pattern);
    if (parts.some((s) => s === "*" || s === "**")) wild.push(parts);
    else plain.push(pattern);
  }
  return (path) => {
    for (const prefix of plain) {
      if (path === prefix) return true;
      if (exact) continue;
      if (prefix === "" || prefix === "/") return true;
      if (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47 /* "/" */) return true;
    }
    if (wild.length === 0) return false;
    const parts = segments(path);
    return wild.some((pattern) => matchesPrefix(pattern, parts, exact));
  };
}
