/**
 * A suite's paths, pure: base URLs and paths are checked and joined here, before anything is
 * written. A path is `/…` relative to each base; an absolute URL is accepted only when it lies
 * under the left base (what a sitemap lists), and becomes the path relative to it.
 */
import { MAX_URL_LENGTH } from "../shapes/options";
import { hasSpaceOrControl } from "../shapes/routes";
import { MAX_SUITE_PATHS } from "../shapes/suite-routes";

export const MAX_PATH_LENGTH = 1024;

export type PathsResult = { ok: true; paths: string[] } | { ok: false; message: string; details?: unknown };

/** The base as suites use it: no query or fragment, no trailing slash (`https://a.example/v1`). */
export function normaliseBase(base: string): string | null {
  const url = URL.parse(base);
  if (url?.search !== "" || url.hash !== "") return null;
  return url.href.replace(/\/+$/, "");
}

/** Joins a base (normalised) and a path starting with `/`. */
export function joinPath(base: string, path: string): string {
  return `${base}${path}`;
}

/** `https://a.example/v1/users?x=1` under base `https://a.example/v1` → `/users?x=1`; null when not under it. */
export function pathUnderBase(absolute: string, base: string): string | null {
  const url = URL.parse(absolute);
  const root = URL.parse(base);
  if (!url || !root || url.origin !== root.origin) return null;
  url.hash = "";
  const prefix = root.pathname.replace(/\/+$/, "");
  const rest = url.pathname.slice(prefix.length);
  if (!url.pathname.startsWith(prefix) || (rest !== "" && !rest.startsWith("/"))) return null;
  return `${rest === "" ? "/" : rest}${url.search}`;
}

/** One entry of the list as a path, or a sentence saying why it cannot be one. */
function toPath(entry: string, leftBase: string): { path: string } | { problem: string } {
  const text = entry.trim();
  if (text === "") return { problem: "is empty" };
  if (text.length > MAX_PATH_LENGTH) return { problem: `is longer than ${MAX_PATH_LENGTH} characters` };
  if (hasSpaceOrControl(text)) return { problem: "contains spaces or control characters" };
  if (text.startsWith("//")) return { problem: "is protocol-relative (//host): write a path starting with a single /" };
  if (text.startsWith("/")) return { path: text.replace(/#.*$/, "") };
  if (URL.canParse(text)) {
    const under = pathUnderBase(text, leftBase);
    if (under === null) {
      return { problem: `is an absolute URL that is not under the left base ${leftBase}: give paths, not other hosts` };
    }
    return { path: under };
  }
  return { problem: "must start with / (a path under both bases)" };
}

/**
 * The list as distinct paths in their first order, or the first problems found (at most ten,
 * with their positions). Both bases joined with every path must stay within the URL limit.
 */
export function resolvePaths(entries: readonly string[], leftBase: string, rightBase: string): PathsResult {
  if (entries.length > MAX_SUITE_PATHS) {
    return { ok: false, message: `A suite has at most ${MAX_SUITE_PATHS} paths; got ${entries.length}.` };
  }
  const problems: { index: number; path: string; problem: string }[] = [];
  const paths: string[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const found = toPath(entry, leftBase);
    if ("problem" in found) {
      problems.push({ index, path: entry.slice(0, 200), problem: found.problem });
      return;
    }
    const longest = Math.max(leftBase.length, rightBase.length) + found.path.length;
    if (longest > MAX_URL_LENGTH) {
      problems.push({ index, path: entry.slice(0, 200), problem: `makes a URL longer than ${MAX_URL_LENGTH}` });
      return;
    }
    if (!seen.has(found.path)) {
      seen.add(found.path);
      paths.push(found.path);
    }
  });
  const first = problems[0];
  if (first) {
    const message = `paths[${first.index}] ${first.problem}.`;
    return { ok: false, message: `Invalid path: ${message}`, details: { problems: problems.slice(0, 10) } };
  }
  if (paths.length === 0) return { ok: false, message: "The suite has no paths to compare." };
  return { ok: true, paths };
}
