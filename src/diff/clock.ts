/**
 * Clock-derived values: a timestamp that says "now" (when the response was generated) differs
 * between environments for no other reason than the moment each answered. Samples cannot always
 * catch it: two concurrent samples often fall in the same millisecond, and a value with second
 * resolution stays the same for a second. So a difference whose two values are the same once every
 * timestamp close to its side's probe time is replaced is noise too.
 *
 * "Close" is CLOCK_WINDOW_MS around the probe's start: a release date or an expiry a month apart
 * is a real difference and stays one. Patterns here are ours (not user input) and linear.
 */
import type { SignalEnvelope } from "../shapes/envelope";
import type { Difference } from "../shapes/result";
import { changedLines } from "./text-hunks";

export const CLOCK_WINDOW_MS = 10 * 60 * 1000;

// 2026-11-28T04:12:01Z, 2026-11-28 04:12:01.123+01:00
const ISO = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?\b/g;
// Sat, 28 Nov 2026 04:12:01 GMT
const HTTP_DATE = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\b/g;
// Epoch seconds or milliseconds, as a whole value.
const EPOCH = /^\d{10}(?:\d{3})?$/;

const NOW = "\u0000now";

function nearNow(text: string, now: number): boolean {
  const t = Date.parse(text);
  return Number.isFinite(t) && Math.abs(t - now) <= CLOCK_WINDOW_MS;
}

/** The value with every timestamp near `now` replaced; `hits` says whether any was. */
function withoutNow(value: unknown, now: number): { text: string; hits: number } | null {
  if (typeof value === "number" || (typeof value === "string" && EPOCH.test(value))) {
    const n = Number(value);
    const ms = n < 1e12 ? n * 1000 : n;
    return Math.abs(ms - now) <= CLOCK_WINDOW_MS ? { text: NOW, hits: 1 } : null;
  }
  if (typeof value !== "string") return null;
  let hits = 0;
  const swap = (match: string) => {
    if (!nearNow(match, now)) return match;
    hits++;
    return NOW;
  };
  return { text: value.replace(ISO, swap).replace(HTTP_DATE, swap), hits };
}

function comparable(d: Difference, side: "left" | "right"): unknown {
  // Text hunks carry numbered lines ("-42| …"): compare the lines themselves.
  return d.path.startsWith("/body/text/") ? changedLines(d[side]).join("\n") : d[side];
}

/** Paths whose two values differ only by timestamps of the moment each side answered. */
export function clockNoise(
  differences: readonly Difference[],
  left: Pick<SignalEnvelope, "startedAt">,
  right: Pick<SignalEnvelope, "startedAt">,
): string[] {
  const leftNow = Date.parse(left.startedAt);
  const rightNow = Date.parse(right.startedAt);
  if (!Number.isFinite(leftNow) || !Number.isFinite(rightNow)) return [];
  const paths: string[] = [];
  for (const d of differences) {
    if (d.change !== "changed" || d.kind === "timing" || d.kind === "status") continue;
    const l = withoutNow(comparable(d, "left"), leftNow);
    const r = withoutNow(comparable(d, "right"), rightNow);
    if (l && r && l.hits > 0 && r.hits > 0 && l.text === r.text) paths.push(d.path);
  }
  return paths;
}
