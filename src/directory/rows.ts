/** Directory rows → the API's shapes (src/shapes/pair.ts). The webhook secret never leaves here. */
import type { EventRow, PairRow } from "../db/directory-schema";
import type { JsonValue } from "../shapes/json";
import type { PairEvent, PairSummary } from "../shapes/pair";

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** `now` only dates how overdue the next run is. */
export function toPairSummary(row: PairRow, now = Date.now()): PairSummary {
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
            intervalMinutes: row.watchIntervalMinutes,
            enabled: row.watchEnabled,
            webhookUrl: row.watchWebhookUrl,
            nextDueAt: isoOrNull(row.watchNextDueAt),
            lastStartedAt: isoOrNull(row.lastWatchStartedAt),
            lastDueAt: isoOrNull(row.lastWatchDueAt),
            ...watchLateness(row, now),
          },
  };
}

/** Lateness is shown, never hidden by stretching the interval: docs/scale.md § Lateness. */
export function watchLateness(
  row: Pick<PairRow, "lastWatchStartedAt" | "lastWatchDueAt" | "watchNextDueAt" | "watchEnabled">,
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
