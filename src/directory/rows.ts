/**
 * Directory rows → the API's shapes (src/shapes/pair.ts). The webhook secret and sealed headers
 * never leave here, and a webhook URL is a credential too (chat incoming webhooks): only admins
 * see it whole.
 */
import type { EventRow, PairRow, SuiteRow } from "../db/directory-schema";
import { readerOptions } from "../secrets/reader-view";
import type { JsonValue } from "../shapes/json";
import type { CompareOptions } from "../shapes/options";
import type { PairEvent, PairSummary } from "../shapes/pair";

export const iso = (ms: number) => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** What a non-admin sees of a webhook URL: its scheme and host, the rest elided. */
export function maskWebhookUrl(url: string): string {
  const parsed = URL.parse(url);
  return parsed ? `${parsed.protocol}//${parsed.host}/…` : "[redacted]";
}

export interface SummaryView {
  /** Admins see the webhook URL whole. */
  fullWebhookUrl: boolean;
}

/** `now` only dates how overdue the next run is. */
export function toPairSummary(
  row: PairRow,
  view: SummaryView = { fullWebhookUrl: false },
  now = Date.now(),
): PairSummary {
  return {
    pairKey: row.pairKey,
    leftUrl: row.leftUrl,
    rightUrl: row.rightUrl,
    firstComparedAt: iso(row.firstComparedAt),
    lastComparedAt: iso(row.lastComparedAt),
    lastComparisonId: row.lastComparisonId,
    lastStatus: row.lastStatus,
    lastSummary: { high: row.lastHigh, medium: row.lastMedium, low: row.lastLow, info: row.lastInfo },
    // A pair that never had a watch (or had it deleted) has no interval.
    watch:
      row.watchIntervalMinutes === null
        ? null
        : {
            ...scheduleOf(row, row.watchIntervalMinutes, view, now),
            options:
              row.watchOptionsJson === null ? null : readerOptions(JSON.parse(row.watchOptionsJson) as CompareOptions),
            updatedBy: row.watchUpdatedBy,
          },
  };
}

/** The watch columns pairs and suites share. */
type WatchColumns = Pick<
  PairRow | SuiteRow,
  "watchEnabled" | "watchWebhookUrl" | "watchNextDueAt" | "lastWatchStartedAt" | "lastWatchDueAt"
>;

/** What a pair's and a suite's watch both show: schedule, webhook (masked unless admin), lateness. */
export function scheduleOf(row: WatchColumns, intervalMinutes: number, view: SummaryView, now: number) {
  return {
    intervalMinutes,
    enabled: row.watchEnabled,
    webhookUrl:
      row.watchWebhookUrl === null || view.fullWebhookUrl ? row.watchWebhookUrl : maskWebhookUrl(row.watchWebhookUrl),
    nextDueAt: isoOrNull(row.watchNextDueAt),
    lastStartedAt: isoOrNull(row.lastWatchStartedAt),
    lastDueAt: isoOrNull(row.lastWatchDueAt),
    ...watchLateness(row, now),
  };
}

/** Lateness is shown, never hidden by stretching the interval: docs/scale.md § Lateness. */
export function watchLateness(
  row: Pick<PairRow | SuiteRow, "lastWatchStartedAt" | "lastWatchDueAt" | "watchNextDueAt" | "watchEnabled">,
  now: number,
): { lateByMs: number | null; overdueByMs: number } {
  const { lastWatchStartedAt: started, lastWatchDueAt: due, watchNextDueAt: next } = row;
  return {
    lateByMs: started === null || due === null ? null : Math.max(0, started - due),
    overdueByMs: row.watchEnabled && next !== null ? Math.max(0, now - next) : 0,
  };
}

export function toPairEvent(row: EventRow): PairEvent {
  return {
    id: row.id,
    pairKey: row.pairKey,
    createdAt: iso(row.createdAt),
    kind: row.kind,
    comparisonId: row.comparisonId,
    detail: JSON.parse(row.detailJson) as JsonValue,
  };
}
