/**
 * Severity of a header difference by what it does, not by its text: caching and security headers
 * are parsed and compared directive by directive. Which environment is the newer one is not known
 * here, so a side weaker than the other is a weakening whichever side it is: the severity is the
 * same in both directions (docs/noise.md § Severity).
 *
 * - `cache-control`: who may cache (`public`, `private`, `no-store`), whether to revalidate
 *   (`no-cache`, `must-revalidate`, `proxy-revalidate`), for how long (`max-age`, `s-maxage`,
 *   `immutable`): any of these differing is `medium`; only other directives, `low`; the same
 *   directives written otherwise, `info`.
 * - `vary`: another set of header names is `medium` (a cache may serve one client's variant to
 *   another); the same names in another order or case, `info`.
 * - `content-security-policy` (csp.ts): script execution loosened on one side is `high`, any other
 *   directive removed or loosened `medium`, reporting endpoints only `low`, equivalent `info`.
 * - `content-encoding`: compressed on one side only (the other sends `identity` or nothing) is
 *   `low`: the same body costs several times the bytes to every client; two codings, `info`.
 * - `www-authenticate`, `proxy-authenticate`: another authentication scheme (`Digest` against
 *   `Bearer`) is `medium`; the same schemes with other parameters keep the name's severity.
 * Every other header keeps its severity by name (rules.ts).
 */
import type { Severity } from "../shapes/result";
import { cspSeverity } from "./csp";
import { headerSeverity } from "./rules";

/** Directives that change who caches a response, for how long, and whether it is checked first. */
const CACHING: readonly string[] = [
  "no-store",
  "no-cache",
  "private",
  "public",
  "immutable",
  "max-age",
  "s-maxage",
  "must-revalidate",
  "proxy-revalidate",
];

/** Directive name → value ("" for a bare directive); names lowercase, quotes dropped. */
function directives(value: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of value.split(",")) {
    const [rawName = "", ...rest] = part.split("=");
    const name = rawName.trim().toLowerCase();
    if (name && !out.has(name)) out.set(name, rest.join("=").trim().replace(/^"|"$/g, ""));
  }
  return out;
}

function cacheControlSeverity(left: string, right: string): Severity {
  const l = directives(left);
  const r = directives(right);
  if (CACHING.some((name) => l.get(name) !== r.get(name))) return "medium";
  const names = new Set([...l.keys(), ...r.keys()]);
  return [...names].some((name) => l.get(name) !== r.get(name)) ? "low" : "info";
}

/** A comma-separated list of tokens as a set: lowercase, deduplicated, sorted. */
export function tokenSet(value: string): string {
  return [
    ...new Set(
      value
        .split(",")
        .map((n) => n.trim().toLowerCase())
        .filter(Boolean),
    ),
  ]
    .sort()
    .join(",");
}

/**
 * The authentication schemes a challenge offers (`Digest`, `Bearer`, `Basic`…): the first token of
 * the value and every token that starts a challenge after a comma (a scheme has no `=`).
 */
function authSchemes(value: string): string {
  const schemes = new Set<string>();
  for (const part of value.split(",")) {
    const match = /^\s*([A-Za-z][\w!#$%&'*+.^`|~-]*)(\s|$)/.exec(part);
    if (match?.[1] && !part.trim().startsWith(`${match[1]}=`)) schemes.add(match[1].toLowerCase());
  }
  return [...schemes].sort().join(",");
}

function varySeverity(left: string, right: string): Severity {
  return tokenSet(left) === tokenSet(right) ? "info" : "medium";
}

/**
 * The severity of a header that differs; `null` is a side without the header. A header present on
 * one side only is judged against an empty value where that means something (a CSP that is gone
 * loosens everything it restricted), otherwise by its name.
 */
/** Whether a content-encoding value says the body was compressed. */
const compressed = (value: string | null) =>
  (value ?? "").split(",").some((c) => !["", "identity"].includes(c.trim().toLowerCase()));

export function headerChangeSeverity(name: string, left: string | null, right: string | null): Severity {
  if (name === "content-security-policy") return cspSeverity(left ?? "", right ?? "");
  if (name === "content-encoding") return compressed(left) !== compressed(right) ? "low" : "info";
  if (left === null || right === null) return headerSeverity(name);
  if (name === "cache-control") return cacheControlSeverity(left, right);
  if (name === "vary") return varySeverity(left, right);
  // Another scheme is another way to sign in: a client that speaks one cannot answer the other.
  if (name === "www-authenticate" || name === "proxy-authenticate")
    return authSchemes(left) === authSchemes(right) ? headerSeverity(name) : "medium";
  return headerSeverity(name);
}
