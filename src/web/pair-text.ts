/**
 * Pair-directory text, pure: two URLs shortened to what tells them apart, a watch interval in
 * words, and what a drift event says. The full URLs stay in titles and on the pair's own view.
 */
import type { PairEvent } from "../shapes/pair";

/** Longest shortened URL shown in a list row; the middle goes, since host and last segment matter most. */
export const SHORT_URL_LENGTH = 56;

export function truncateMiddle(text: string, max = SHORT_URL_LENGTH): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) * 0.6);
  const tail = max - 1 - head;
  return `${text.slice(0, head)}…${text.slice(text.length - tail)}`;
}

export interface PairLabel {
  left: string;
  right: string;
  /**
   * What both sides share, said once below them: the path and query when only the hosts differ, or
   * the host when only the paths differ; null when nothing worth saying is shared.
   */
  shared: string | null;
}

/**
 * `https://staging.example.com/api/status` and `https://www.example.com/api/status` read as
 * `staging.example.com` → `www.example.com` on `/api/status`: the scheme goes when both sides use
 * the same one, and whatever both sides share (path or host) is said once.
 */
export function describePair(leftUrl: string, rightUrl: string): PairLabel {
  const left = URL.parse(leftUrl);
  const right = URL.parse(rightUrl);
  if (!left || !right) return { left: truncateMiddle(leftUrl), right: truncateMiddle(rightUrl), shared: null };
  const sameScheme = left.protocol === right.protocol;
  const origin = (url: URL) => (sameScheme ? url.host : `${url.protocol}//${url.host}`);
  const rest = (url: URL) => `${url.pathname}${url.search}`;
  if (rest(left) === rest(right)) {
    const shared = rest(left);
    return {
      left: truncateMiddle(origin(left)),
      right: truncateMiddle(origin(right)),
      shared: shared === "/" ? null : truncateMiddle(shared, SHORT_URL_LENGTH * 2),
    };
  }
  if (origin(left) === origin(right)) {
    return { left: truncateMiddle(rest(left)), right: truncateMiddle(rest(right)), shared: origin(left) };
  }
  const whole = (url: URL) => `${origin(url)}${rest(url) === "/" ? "" : rest(url)}`;
  return { left: truncateMiddle(whole(left)), right: truncateMiddle(whole(right)), shared: null };
}

/** 15 → "every 15 minutes", 120 → "every 2 hours", 1440 → "every day"; `short` for list rows. */
export function formatInterval(minutes: number, short = false): string {
  if (minutes === 1440) return short ? "daily" : "every day";
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    if (short) return `every ${hours} h`;
    return hours === 1 ? "every hour" : `every ${hours} hours`;
  }
  return short ? `every ${minutes} min` : `every ${minutes} minutes`;
}

export interface EventText {
  title: string;
  count: number;
  /** `kind path` of each difference the event names (at most 20 are stored). */
  items: { kind: string; path: string }[];
}

function readItems(list: unknown): EventText["items"] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    if (typeof item !== "object" || item === null) return [];
    const { kind, path } = item as { kind?: unknown; path?: unknown };
    return typeof kind === "string" && typeof path === "string" ? [{ kind, path }] : [];
  });
}

/** What a drift event says, read defensively: `detail` is stored JSON, not a typed shape. */
export function describeEvent(event: Pick<PairEvent, "kind" | "detail">): EventText {
  const detail = (typeof event.detail === "object" && event.detail !== null ? event.detail : {}) as {
    count?: unknown;
    differences?: unknown;
    resolved?: unknown;
  };
  const items = readItems(event.kind === "new_high" ? detail.differences : detail.resolved);
  const count = typeof detail.count === "number" ? detail.count : items.length;
  const several = count === 1 ? "" : "s";
  const title =
    event.kind === "new_high"
      ? `${count} new high difference${several}`
      : `${count} high difference${several} resolved`;
  return { title, count, items };
}

/** One cron tick: a run that starts within it is on time (docs/scale.md § Lateness). */
const TICK_MS = 5 * 60_000;

/**
 * Says when a watch runs late, as the API reports it (`lateByMs`, `overdueByMs`), so a throttled
 * fan-out is seen rather than taken for the interval the owner chose; null while it is on time.
 */
export function describeLateness(watch: {
  enabled: boolean;
  lateByMs: number | null;
  overdueByMs: number;
}): string | null {
  const minutes = (ms: number) => {
    const m = Math.round(ms / 60_000);
    return m === 1 ? "1 minute" : `${m} minutes`;
  };
  if (watch.enabled && watch.overdueByMs > TICK_MS) {
    return `The next run is ${minutes(watch.overdueByMs)} overdue: starts are queued behind others.`;
  }
  if (watch.lateByMs !== null && watch.lateByMs > TICK_MS) {
    return `The last run started ${minutes(watch.lateByMs)} after it was due.`;
  }
  return null;
}
