/**
 * What a sealed header value holds once opened: the shared headers, and each side's own headers
 * bound to the URL (or, for a suite, the base URL) they were given for. Pure: no keys, no I/O.
 *
 * Why bound to a URL and not to a position (issue 21, finding 3): a pair's key sorts its two URLs,
 * so "left" is not part of a pair's identity. Settings saved as `left: staging token` must reach
 * staging when a later request names production first, and a suite run with its bases swapped
 * must still send each host its own credential. Each side's headers therefore say which URL they
 * are for, and whoever sends asks for the headers of the URL it is about to probe. A URL, not an
 * origin: both sides of a pair may live on one host (`/v1/x` against `/v2/x`).
 *
 * Values sealed before this (`{ headers, left, right }`) are read as bound to the positions they
 * were sealed with, which the reader passes in (`positional`).
 *
 * A POST body marked secret (issue 24) travels in the same sealed value, beside the headers: it is
 * sealed where they are, moved with them from a suite to each path's pair, resealed with them on a
 * rotation, and opened only where they are, in the probe step. It belongs to the request, not to a
 * side, so it is sent to both.
 */
import { normalizeUrl } from "../pair-key";
import type { BodyInput } from "../request-body";
import type { Side } from "../shapes/envelope";

type HeaderMap = Record<string, string>;

/** The URLs a set's two sides are for, in the order the request, suite or pair named them. */
export interface SideUrls {
  left: string;
  right: string;
}

export interface HeaderSet {
  v: 2;
  /** Sent to both sides. */
  headers: HeaderMap;
  /** Each side's own, bound to its URL; in the order given (left, then right). */
  sides: { url: string; headers: HeaderMap }[];
  /** A secret POST body, in clear only inside the sealed value. */
  body?: BodyInput;
}

/** The layout sealed before sides were bound: positions only. */
interface PositionalSet {
  headers?: HeaderMap;
  left?: HeaderMap;
  right?: HeaderMap;
}

const SIDES: readonly Side[] = ["left", "right"];

/** A URL as sides are matched on: WHATWG-normalised (pair-key.ts), so the pair key's spelling matches. */
function sideKey(url: string): string {
  try {
    return normalizeUrl(url);
  } catch {
    return url;
  }
}

/** The set of `options`' headers, each side's bound to its URL in `sides`, and the body when it is secret. */
export function headerSetOf(
  options: {
    headers?: HeaderMap;
    left?: { headers?: HeaderMap };
    right?: { headers?: HeaderMap };
    body?: BodyInput;
  },
  sides: SideUrls,
): HeaderSet {
  const set: HeaderSet = {
    v: 2,
    headers: options.headers ?? {},
    sides: SIDES.map((side) => ({ url: sideKey(sides[side]), headers: options[side]?.headers ?? {} })),
  };
  if (options.body?.secret) set.body = options.body;
  return set;
}

/** Reads an opened set; one sealed before sides were bound is bound to `positional`. */
export function parseHeaderSet(plaintext: string, positional: SideUrls): HeaderSet {
  const parsed = JSON.parse(plaintext) as HeaderSet | PositionalSet;
  if ("v" in parsed && parsed.v === 2) return parsed;
  const legacy = parsed as PositionalSet;
  return headerSetOf(
    { headers: legacy.headers ?? {}, left: { headers: legacy.left ?? {} }, right: { headers: legacy.right ?? {} } },
    positional,
  );
}

/**
 * The headers one side is sent: the shared ones with that side's merged over them. Header names
 * are case-insensitive, so a side's `authorization` replaces a shared `Authorization`.
 */
export function headersForSide(shared: HeaderMap, own: HeaderMap | undefined): HeaderMap {
  const merged = new Map<string, [string, string]>();
  for (const [name, value] of Object.entries(shared)) merged.set(name.toLowerCase(), [name, value]);
  for (const [name, value] of Object.entries(own ?? {})) merged.set(name.toLowerCase(), [name, value]);
  return Object.fromEntries(merged.values());
}

/**
 * The index of the side entry for `target`: the one bound to its URL. When both sides are bound to
 * that URL (a pair of one URL with itself), the position decides, since either choice is that host.
 */
function entryFor(set: HeaderSet, target: { side: Side; url: string }): number | null {
  const url = sideKey(target.url);
  const matching = set.sides.flatMap((entry, i) => (entry.url === url ? [i] : []));
  if (matching.length > 1) return matching.includes(SIDES.indexOf(target.side)) ? SIDES.indexOf(target.side) : null;
  return matching[0] ?? null;
}

/** What to send to `target.url`: the shared headers and those bound to that URL, never another URL's. */
export function headersFor(set: HeaderSet, target: { side: Side; url: string }): HeaderMap {
  const i = entryFor(set, target);
  return headersForSide(set.headers, i === null ? undefined : set.sides[i]?.headers);
}

/**
 * The set with each side moved from the URL it was bound to in `from` to the same side's URL in
 * `to`: a suite's headers, bound to its bases, for one path's two URLs. A side bound to neither
 * base (a row changed behind envdiff's back) is dropped rather than sent anywhere.
 */
export function rebindSides(set: HeaderSet, from: SideUrls, to: SideUrls): HeaderSet {
  const sides: HeaderSet["sides"] = [];
  for (const side of SIDES) {
    const i = entryFor(set, { side, url: from[side] });
    const headers = i === null ? {} : (set.sides[i]?.headers ?? {});
    sides.push({ url: sideKey(to[side]), headers });
  }
  return { v: 2, headers: set.headers, sides, ...(set.body ? { body: set.body } : {}) };
}

/** Whether the set holds nothing at all: no header and no secret body. */
export function isEmptySet(set: HeaderSet): boolean {
  return (
    set.body === undefined &&
    Object.keys(set.headers).length === 0 &&
    set.sides.every((side) => Object.keys(side.headers).length === 0)
  );
}
