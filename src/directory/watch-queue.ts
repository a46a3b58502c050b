/**
 * The cron tick's fan-out: walks the due watches in keyset pages over the pairs_watch_due index
 * and sends one start-queue message per (pair, due time). It writes nothing to D1, so a tick that
 * fails halfway loses nothing: what it did not send is still due and the next tick sends it; what
 * it sent twice (two overlapping ticks, a retried tick) is started once (src/directory/watches.ts).
 */
import { sendStarts, type WatchStart } from "../fanout/messages";
import { log } from "../log";
import { type DueCursor, directoryDb, dueWatchPage } from "./store";

/** One page is one sendBatch: the queue's limit of 100 messages per call. */
export const DUE_PAGE_SIZE = 100;

export interface TickReport {
  due: number;
  pages: number;
  sendBatchCalls: number;
}

/** Hands every watch due at `now` (the tick's scheduledTime) to the start queue. */
export async function enqueueDueWatches(env: Env, now: number): Promise<TickReport> {
  const db = directoryDb(env.DB);
  const report: TickReport = { due: 0, pages: 0, sendBatchCalls: 0 };
  let after: DueCursor | null = null;
  for (;;) {
    const page = await dueWatchPage(db, now, after, DUE_PAGE_SIZE);
    if (page.length === 0) break;
    report.pages++;
    report.due += page.length;
    const messages = page.map(
      (row): WatchStart => ({ kind: "watch", pairKey: row.pairKey, dueAt: row.dueAt, tickAt: now }),
    );
    report.sendBatchCalls += await sendStarts(env.START_QUEUE, messages);
    const last = page.at(-1);
    if (!last || page.length < DUE_PAGE_SIZE) break;
    after = { dueAt: last.dueAt, rowid: last.rowid };
  }
  log("info", "watch.tick", { ...report, tickAt: now });
  return report;
}
