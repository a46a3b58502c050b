/**
 * Response header comparison: case-insensitive names, default and per-request ignore lists,
 * severities by name (rules.ts) and, for caching and security headers, by what their values do
 * (header-severity.ts), and the left host rewritten in left values before comparing.
 * `set-cookie` is compared cookie by cookie (cookies.ts). Headers whose value is a set of names
 * (SET_VALUED: `allow`, the CORS lists, `vary`) are compared as sets: a server that builds them from
 * a hash set sends them in a new order on every response, which means nothing, and an order that
 * varied would otherwise make the header noise and hide a method or a header really missing.
 *
 * What one side's samples said about a header (sample-facts.ts) is applied the same way: a list
 * header whose items came in another order between samples (`link` preload hints) is compared as a
 * list without order, and a header that varied only in a few tokens with digits (a `max-age` that
 * counts down, a Digest challenge's nonce) is compared through its template (line-templates.ts), so
 * the rest of it (`private` against `public`, `Digest` against `Bearer`) is still compared.
 */
import type { Collector } from "./collector";
import { diffCookies } from "./cookies";
import { headerChangeSeverity, tokenSet } from "./header-severity";
import type { Normaliser } from "./host-normalise";
import { PLACEHOLDER, type TemplateSet } from "./line-templates";
import { escapeSegment } from "./pointer";

/** Whether two values of one header say the same, by what the samples said of it (`name` lowercase). */
export type HeaderEquivalence = (name: string, left: string, right: string) => boolean;

export function diffHeaders(
  left: Readonly<Record<string, string>>,
  right: Readonly<Record<string, string>>,
  out: Collector,
  isIgnoredHeader: (name: string) => boolean,
  normalise: Normaliser | null,
  equivalent: HeaderEquivalence | null = null,
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
    if (lv !== undefined && rv !== undefined && equivalent?.(name, normalise ? normalise(lv) : lv, rv)) continue;
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

/** A header as one line, for its templates: its name keeps a template to that header. */
export const headerLine = (name: string, value: string) => `${name}: ${value}`;

/**
 * A list header's items, in a canonical order: split at the commas outside `<…>` and quotes (a
 * `link` value's URLs and parameters keep theirs), trimmed, sorted. Two values with the same items
 * in another order give the same string.
 */
export function listItems(value: string): string {
  const items: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === "<") depth++;
    else if (!quoted && c === ">") depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && c === ",") {
      items.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  items.push(value.slice(start).trim());
  return items.sort().join("\n");
}

/**
 * The equivalence of header values that the samples found to vary in order (`unordered`, by path)
 * or only in tokens with digits (`templates`); null when they found neither.
 */
export function headerEquivalence(
  unordered: ((path: string) => boolean) | null,
  templates: TemplateSet | null,
): HeaderEquivalence | null {
  if (!unordered && !templates) return null;
  return (name, left, right) => {
    if (unordered?.(`/headers/${escapeSegment(name)}`) && listItems(left) === listItems(right)) return true;
    if (!templates) return false;
    const l = templates.canonical(headerLine(name, left));
    return l.includes(PLACEHOLDER) && l === templates.canonical(headerLine(name, right));
  };
}
