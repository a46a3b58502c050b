/** Small formatting helpers shared by the components: times, durations, counts and JSON values. */
import type { JsonValue } from "../shapes/json";
import type { SeverityCounts } from "../shapes/result";

const timeFormat = new Intl.DateTimeFormat(undefined, {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

/** e.g. "27 Nov, 05:40:12" in the reader's own time zone. */
export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** e.g. "just now", "3 minutes ago", "yesterday": for timelines, where order matters more than the clock. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 10) return "just now";
  if (abs < 60) return relativeFormat.format(seconds, "second");
  if (abs < 3600) return relativeFormat.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return relativeFormat.format(Math.round(seconds / 3600), "hour");
  return relativeFormat.format(Math.round(seconds / 86_400), "day");
}

export function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function totalDifferences(counts: SeverityCounts): number {
  return counts.high + counts.medium + counts.low + counts.info;
}

/**
 * A value as one line of text: strings in quotes (so "200" and 200 can be told apart), anything
 * else as compact JSON. `pretty` spreads objects over lines for the "show all" view.
 */
export function formatValue(value: JsonValue, pretty = false): string {
  if (typeof value === "string" && !pretty) return JSON.stringify(value);
  if (typeof value === "string") return value.includes("\n") ? value : JSON.stringify(value);
  return JSON.stringify(value, null, pretty ? 2 : undefined) ?? String(value);
}
