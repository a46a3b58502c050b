/**
 * The cron tick's fan-out: walks the due watches, of pairs and of suites alike, in keyset pages over
 * one due index (watches_due) and sends one start-queue message per (watch, due time). It writes
 * nothing to D1, so a tick that fails halfway loses nothing: what it did not send is still due and
 * the next tick sends it; what it sent twice (two overlapping ticks, a retried tick) is started once
 * (src/watches/start-due.ts).
 */
import { d1Db } from "../db/d1";
import { type StartMessage, sendStarts } from "../fanout/messages";
import { log } from "../log";
import { type DueCursor, type DueWatch, dueWatchPage } from "./store";

/** One page is one sendBatch: the queue's limit of 100 messages per call. */
export const DUE_PAGE_SIZE = 100;

export interface TickReport {
  due: number;
  pages: number;
  sendBatchCalls: number;
}

/** The message that starts what one due watch starts: a pair's comparison, or a suite run to expand. */
function startMessage(watch: DueWatch, tickAt: number): StartMessage {
  const { target, dueAt } = watch;
  return target.kind === "pair"
    ? { kind: "watch", pairKey: target.id, dueAt, tickAt }
    : { kind: "suite-watch", suiteId: target.id, dueAt, tickAt };
}

/** Hands every watch due at `now` (the tick's scheduledTime) to the start queue. */
export async function enqueueDueWatches(env: Env, now: number): Promise<TickReport> {
  const db = d1Db(env.DB);
  const report: TickReport = { due: 0, pages: 0, sendBatchCalls: 0 };
  let after: DueCursor | null = null;
  for (;;) {
    const rows = await dueWatchPage(db, now, after, DUE_PAGE_SIZE);
    if (rows.length === 0) break;
    report.pages++;
    report.due += rows.length;
    report.sendBatchCalls += await sendStarts(
      env.START_QUEUE,
      rows.map((row) => startMessage(row, now)),
    );
    const last = rows.at(-1);
    if (!last || rows.length < DUE_PAGE_SIZE) break;
    after = { dueAt: last.dueAt, id: last.id };
  }
  log("info", "watch.tick", { ...report, tickAt: now });
  return report;
}
