/**
 * Suite watches: a suite run on the cron tick, like a pair's watch, and through the same start
 * queue. The tick pages the due suites (src/watches/tick.ts) and sends one message per
 * (suite, due time); the consumer records that run and sends its paths on as one message each
 * (src/suites/start-run.ts). Neither the tick nor one consumer call ever starts 500 comparisons.
 *
 * startDueSuiteWatch is safe to run any number of times for one message: the run is recorded with
 * the key `suite-watch:<suiteId>\n<dueAt>`, which the runs' unique index holds once, and the watch
 * is then claimed with a conditional update on that due time. A delivery that finds the run already
 * recorded (its first delivery died before claiming) sends its paths again if needed and claims it.
 * A suite whose newest run has not finished is looked at again one tick later.
 */
import { and, asc, eq, lte, sql } from "drizzle-orm";
import { TICK_MS } from "../cron";
import type { D1Db } from "../db/d1";
import { type SuiteRow, suites } from "../db/d1-schema";
import type { DueCursor, DueRow, WatchSettings } from "../directory/store";
import { runDeadlineMs } from "../do/deadline";
import type { MessageOutcome } from "../fanout/messages";
import { log } from "../log";
import { isDuplicateKey } from "./run-keys";
import { dispatchRun, rerunRequest, startRun } from "./start-run";
import { getRun, getSuite, runByIdempotencyKey, unfinishedItemIds } from "./store";

/** A suite watch's schedule and webhook: suites run with the options they were created with. */
export type SuiteWatchSettings = Pick<
  WatchSettings,
  "intervalMinutes" | "enabled" | "webhookUrl" | "webhookSecret" | "nextDueAt"
>;

/** Writes a suite's watch columns (a null interval: no watch); false when there is no such suite. */
export async function setSuiteWatch(
  db: D1Db,
  suiteId: string,
  watch: Omit<SuiteWatchSettings, "intervalMinutes"> & { intervalMinutes: number | null },
): Promise<boolean> {
  const result = await db
    .update(suites)
    .set({
      watchIntervalMinutes: watch.intervalMinutes,
      watchEnabled: watch.enabled,
      watchWebhookUrl: watch.webhookUrl,
      watchWebhookSecret: watch.webhookSecret,
      watchNextDueAt: watch.nextDueAt,
    })
    .where(eq(suites.id, suiteId))
    .run();
  return result.meta.changes > 0;
}

export async function clearSuiteWatch(db: D1Db, suiteId: string): Promise<boolean> {
  const none = { intervalMinutes: null, enabled: false, webhookUrl: null, webhookSecret: null, nextDueAt: null };
  return setSuiteWatch(db, suiteId, none);
}

/** The key a watch run of `suiteId` due at `dueAt` is recorded with (suite_runs.idempotency_key). */
export function suiteWatchRunKey(suiteId: string, dueAt: number): string {
  return `suite-watch:${suiteId}\n${dueAt}`;
}

/** Moves the watch on from the due time it was read at; false when another delivery already did. */
async function claim(db: D1Db, suite: SuiteRow, nextDueAt: number, started: { at: number; dueAt: number } | null) {
  if (suite.watchNextDueAt === null) return false;
  const result = await db
    .update(suites)
    .set(
      started === null
        ? { watchNextDueAt: nextDueAt }
        : { watchNextDueAt: nextDueAt, lastWatchStartedAt: started.at, lastWatchDueAt: started.dueAt },
    )
    .where(and(eq(suites.id, suite.id), eq(suites.watchNextDueAt, suite.watchNextDueAt), eq(suites.watchEnabled, true)))
    .run();
  return result.meta.changes > 0;
}

/** One keyset page of the suite watches due at `now`, over the suites_watch_due partial index. */
export async function dueSuiteWatchPage(
  db: D1Db,
  now: number,
  after: DueCursor | null,
  limit: number,
): Promise<(DueRow & { suiteId: string })[]> {
  const rows = await db
    .select({ suiteId: suites.id, dueAt: suites.watchNextDueAt, rowid: sql<number>`${suites}.rowid` })
    .from(suites)
    .where(
      and(
        eq(suites.watchEnabled, true),
        lte(suites.watchNextDueAt, now),
        after ? sql`(${suites.watchNextDueAt}, ${suites}.rowid) > (${after.dueAt}, ${after.rowid})` : undefined,
      ),
    )
    .orderBy(asc(suites.watchNextDueAt), sql`${suites}.rowid`)
    .limit(limit);
  return rows.flatMap((row) => (row.dueAt === null ? [] : [{ ...row, dueAt: row.dueAt }]));
}

/**
 * Records the run of `suiteId`'s watch due at `dueAt` (found by the tick at `tickAt`) and sends its
 * paths to the start queue. Throws only for faults worth a retry; what it decided is returned.
 */
export async function startDueSuiteWatch(
  env: Env,
  db: D1Db,
  run: { suiteId: string; dueAt: number; tickAt: number },
): Promise<MessageOutcome> {
  const { suiteId, dueAt, tickAt } = run;
  const suite = await getSuite(db, suiteId);
  // Paused, deleted, re-timed, or already claimed by another delivery of this run: nothing to do.
  if (!suite?.watchEnabled || suite.watchNextDueAt !== dueAt) return "stale";
  const key = suiteWatchRunKey(suiteId, dueAt);
  const next = tickAt + (suite.watchIntervalMinutes ?? 0) * 60_000;
  const recorded = await runByIdempotencyKey(db, key);
  if (recorded) return replay(env, db, suite, recorded, next);

  const last = suite.lastRunId === null ? null : await getRun(db, suite.lastRunId);
  // A run still unfinished long after every comparison's deadline lost a workflow: do not wait on it forever.
  const stale = last !== null && last.createdAt < tickAt - runDeadlineMs(env.RUN_DEADLINE_MS) - TICK_MS;
  if (last && last.finishedAt === null && !stale) {
    // Moved one tick later rather than left at the front, so a long run cannot starve other watches.
    await claim(db, suite, tickAt + TICK_MS, null);
    return "running";
  }
  let started: Awaited<ReturnType<typeof startRun>>;
  try {
    started = await startRun(env, rerunRequest(suite, "watch", { key, requestHash: "watch" }));
  } catch (error) {
    // A racing delivery of the same run recorded it first.
    const winner = isDuplicateKey(error) ? await runByIdempotencyKey(db, key) : null;
    if (!winner) throw error;
    return replay(env, db, suite, winner, next);
  }
  if ("refused" in started) {
    // A target the guard now refuses will be refused again: skip this run instead of retrying it.
    log("warn", "suite_watch.start_refused", { suiteId, message: started.refused.message });
    await claim(db, suite, next, null);
    return "refused";
  }
  {
    // The queue refused the paths: retried, the delivery finds the run recorded and sends them.
    if (!started.dispatched) throw new Error(`the paths of suite run ${started.runId} could not be sent`);
    // Claimed after the run is recorded: a crash in between leaves the watch due, and the retry replays.
    const claimed = await claim(db, suite, next, { at: started.createdAt, dueAt });
    return claimed ? "started" : "claimed_elsewhere";
  }
}

/** The run was recorded by an earlier delivery: finish what it may not have (send, claim). */
async function replay(
  env: Env,
  db: D1Db,
  suite: SuiteRow,
  recorded: { id: number; createdAt: number; itemCount: number; dispatchPending: boolean },
  next: number,
): Promise<MessageOutcome> {
  if (recorded.dispatchPending && !(await dispatchRun(env, recorded.id, await unfinishedItemIds(db, recorded)))) {
    throw new Error(`the paths of suite run ${recorded.id} could not be sent`);
  }
  if (suite.watchNextDueAt !== null) {
    await claim(db, suite, next, { at: recorded.createdAt, dueAt: suite.watchNextDueAt });
  }
  return "replayed";
}
