/**
 * Pair directory rows → the API's shapes (src/shapes/pair.ts): a pair with its watch (whose shape is
 * the watches' own, src/watches/watch-shape.ts), and its drift events.
 */
import type { EventRow } from "../db/d1-schema";
import type { JsonValue } from "../shapes/json";
import type { PairEvent, PairSummary } from "../shapes/pair";
import { iso } from "../time";
import { pairWatchOf, type SummaryView } from "../watches/watch-shape";
import type { WatchedPair } from "./store";

/** `now` only dates how overdue the next run is. */
export function toPairSummary(
  { pair, watch }: WatchedPair,
  view: SummaryView = { fullWebhookUrl: false },
  now = Date.now(),
): PairSummary {
  return {
    pairKey: pair.pairKey,
    leftUrl: pair.leftUrl,
    rightUrl: pair.rightUrl,
    firstComparedAt: iso(pair.firstComparedAt),
    lastComparedAt: iso(pair.lastComparedAt),
    lastComparisonId: pair.lastComparisonId,
    lastStatus: pair.lastStatus,
    lastSummary: { high: pair.lastHigh, medium: pair.lastMedium, low: pair.lastLow, info: pair.lastInfo },
    // A pair that never had a watch (or had it deleted) has none.
    watch: watch === null ? null : pairWatchOf(watch, view, now),
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
