/**
 * Names for the two sides: the user's `leftLabel`/`rightLabel`, or else what tells the two URLs
 * apart, so prose says "staging" and "www" instead of "left" and "right":
 * - different hosts: the first differing DNS label from the left (staging.shop.com / www.shop.com
 *   → "staging" / "www"), or the whole host when that gives nothing useful;
 * - same host, other port: "host:port";
 * - same origin: the first differing path segment (/v/staging/api, /v/production/api).
 */
import type { CompareOptions } from "../shapes/options";

export interface SideLabels {
  left: string;
  right: string;
}

const MAX_LABEL = 40;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function firstDifference(a: readonly string[], b: readonly string[]): [string, string] | null {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? "";
    const y = b[i] ?? "";
    if (x !== y && x !== "" && y !== "") return [x, y];
  }
  return null;
}

/** Labels guessed from the two URLs; "left"/"right" when nothing tells them apart. */
export function guessLabels(leftUrl: string, rightUrl: string): SideLabels {
  const l = parse(leftUrl);
  const r = parse(rightUrl);
  if (!l || !r) return { left: "left", right: "right" };
  if (l.hostname !== r.hostname) {
    const labels = firstDifference(l.hostname.split("."), r.hostname.split("."));
    // IP addresses differ in a number, which says nothing: use the whole host then.
    if (labels && !/^\d+$/.test(labels[0]) && !/^\d+$/.test(labels[1])) return { left: labels[0], right: labels[1] };
    return { left: l.host, right: r.host };
  }
  if (l.port !== r.port) return { left: l.host, right: r.host };
  const segments = firstDifference(l.pathname.split("/"), r.pathname.split("/"));
  if (segments) return { left: segments[0].slice(0, MAX_LABEL), right: segments[1].slice(0, MAX_LABEL) };
  return { left: "left", right: "right" };
}

export function sideLabels(
  leftUrl: string,
  rightUrl: string,
  options: Partial<Pick<CompareOptions, "leftLabel" | "rightLabel">> = {},
): SideLabels {
  const guessed = guessLabels(leftUrl, rightUrl);
  const left = options.leftLabel ?? guessed.left;
  const right = options.rightLabel ?? guessed.right;
  // Two equal labels would make "staging 200, staging 503" unreadable.
  return left === right ? { left: `${left} (left)`, right: `${right} (right)` } : { left, right };
}
