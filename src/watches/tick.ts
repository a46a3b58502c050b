/**
 * The cron tick's fan-out: walks the due watches, of pairs and of suites, in keyset pages over
 * their due indexes (pairs_watch_due, suites_watch_due) and sends one start-queue message per
 * (watch, due time). It writes nothing to D1, so a tick that fails halfway loses nothing: what it
 * did not send is still due and the next tick sends it; what it sent twice (two overlapping ticks,
 * a retried tick) is started once (src/watches/start-due.ts, src/suites/watch-target.ts).
 */

import { d1Db } from "../db/d1";
import { type DueCursor, type DueRow, dueWatchPage } from "../directory/store";
import { type StartMessage, sendStarts } from "../fanout/messages";
import { log } from "../log";
import { dueSuiteWatchPage } from "../suites/watch-target";

/** One page is one sendBatch: the queue's limit of 100 messages per call. */
export const DUE_PAGE_SIZE = 100;

export interface TickReport {
  due: number;
  pages: number;
  sendBatchCalls: number;
}

/** Hands every pair watch due at `now` (the tick's scheduledTime) to the start queue. */
export async function enqueueDueWatches(env: Env, now: number): Promise<TickReport> {
  const db = d1Db(env.DB);
  const report = await enqueuePages(
    env,
    (after) => dueWatchPage(db, now, after, DUE_PAGE_SIZE),
    (row: DueRow & { pairKey: string }) => ({ kind: "watch", pairKey: row.pairKey, dueAt: row.dueAt, tickAt: now }),
  );
  log("info", "watch.tick", { ...report, tickAt: now });
  return report;
}

/** Hands every suite watch due at `now` to the start queue: one message per suite, expanded by the consumer. */
export async function enqueueDueSuiteWatches(env: Env, now: number): Promise<TickReport> {
  const db = d1Db(env.DB);
  const report = await enqueuePages(
    env,
    (after) => dueSuiteWatchPage(db, now, after, DUE_PAGE_SIZE),
    (row: DueRow & { suiteId: string }) => ({
      kind: "suite-watch",
      suiteId: row.suiteId,
      dueAt: row.dueAt,
      tickAt: now,
    }),
  );
  log("info", "suite_watch.tick", { ...report, tickAt: now });
  return report;
}

async function enqueuePages<Row extends DueRow>(
  env: Env,
  page: (after: DueCursor | null) => Promise<Row[]>,
  message: (row: Row) => StartMessage,
): Promise<TickReport> {
  const report: TickReport = { due: 0, pages: 0, sendBatchCalls: 0 };
  let after: DueCursor | null = null;
  for (;;) {
    const rows = await page(after);
    if (rows.length === 0) break;
    report.pages++;
    report.due += rows.length;
    report.sendBatchCalls += await sendStarts(env.START_QUEUE, rows.map(message));
    const last = rows.at(-1);
    if (!last || rows.length < DUE_PAGE_SIZE) break;
    after = { dueAt: last.dueAt, rowid: last.rowid };
  }
  return report;
}
