/**
 * Response header comparison: case-insensitive names, default and per-request ignore lists,
 * severities by name (rules.ts) and, for caching and security headers, by what their values do
 * (header-severity.ts), and the left host rewritten in left values before comparing.
 * `set-cookie` is compared cookie by cookie (cookies.ts). Headers whose value is a set of names
 * (SET_VALUED: `allow`, the CORS lists, `vary`) are compared as sets: a server that builds them from
 * a hash set sends them in a new order on every response, which means nothing, and an order that
 * varied would otherwise make the header noise and hide a method or a header really missing.
 */
import type { Collector } from "./collector";
import { diffCookies } from "./cookies";
import { headerChangeSeverity, tokenSet } from "./header-severity";
import type { Normaliser } from "./host-normalise";
import { escapeSegment } from "./pointer";

export function diffHeaders(
  left: Readonly<Record<string, string>>,
  right: Readonly<Record<string, string>>,
  out: Collector,
  isIgnoredHeader: (name: string) => boolean,
  normalise: Normaliser | null,
): void {
  const l = lowercaseNames(left);
  const r = lowercaseNames(right);
  // Sorted names make the order of reported header differences independent of response order.
  const names = [...new Set([...l.keys(), ...r.keys()])].sort();
  for (const name of names) {
    if (isIgnoredHeader(name)) continue;
    if (name === "set-cookie") {
      diffCookies(l.get(name), r.get(name), out);
      continue;
    }
    const lv = l.get(name);
    const rv = r.get(name);
    if (lv === rv) continue;
    if (SET_VALUED.has(name) && lv !== undefined && rv !== undefined && tokenSet(lv) === tokenSet(rv)) continue;
    const path = `/headers/${escapeSegment(name)}`;
    const severity = headerChangeSeverity(name, lv ?? null, rv ?? null);
    if (lv === undefined) out.add("header", path, "added", severity, null, rv ?? null);
    else if (rv === undefined) out.add("header", path, "removed", severity, lv, null);
    else if (!normalise || normalise(lv) !== rv) out.add("header", path, "changed", severity, lv, rv);
  }
}

/** Headers whose value is an unordered, case-insensitive list of tokens (RFC 9110, Fetch). */
export const SET_VALUED: ReadonlySet<string> = new Set([
  "allow",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-expose-headers",
  "vary",
]);

function lowercaseNames(headers: Readonly<Record<string, string>>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) map.set(name.toLowerCase(), value);
  return map;
}
