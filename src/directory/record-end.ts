/**
 * The pair directory's part of a comparison's end: the pair's row moves to this outcome, and a
 * watched pair records its drift events, which its webhook then delivers. Every writer is safe to
 * repeat (the workflow step that calls it may run twice): the upsert never moves `last_*`
 * backwards, and events are unique per (comparison, kind).
 */
import type { D1Db } from "../db/d1";
import { getWatch } from "../watches/store";
import type { ComparisonEnd } from "./comparison-end";
import { recordEvents, recordOutcome } from "./store";

/** Records the end; `notify` is true when drift events were recorded for a watch with a webhook. */
export async function recordComparisonEnd(db: D1Db, end: ComparisonEnd): Promise<{ events: number; notify: boolean }> {
  await recordOutcome(db, end);
  const watch = await getWatch(db, { kind: "pair", id: end.pairKey });
  // Events are for watched pairs, whoever started the comparison: history marks are relative to the
  // previous comparison of any kind, so a manual one can be the only one that sees a change as new.
  if (end.status !== "completed" || !watch?.enabled) return { events: 0, notify: false };
  await recordEvents(db, end.pairKey, end.events);
  return { events: end.events.length, notify: end.events.length > 0 && watch.webhookUrl !== null };
}
