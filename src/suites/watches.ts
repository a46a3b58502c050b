/**
 * Suite watches: a suite run on the cron tick, like a pair's watch. Called from the scheduled
 * handler beside the pairs' runDueWatches. Bounded per tick, claimed with a compare-and-set on
 * watch_next_due_at so two overlapping ticks cannot both start a run, and a suite whose newest
 * run has not finished is looked at again one tick later instead of piling runs up.
 */
import { and, asc, eq, lte } from "drizzle-orm";
import { ApiError } from "../api/errors";
import { type SuiteRow, suites } from "../db/directory-schema";
import { type DirectoryDb, directoryDb, type WatchSettings } from "../directory/store";
import { TICK_MS } from "../directory/watches";
import { runDeadlineMs } from "../do/deadline";
import { log } from "../log";
import { startRun } from "./start-run";
import { getRun } from "./store";
import { storedOptions } from "./view";

/** Suites started per tick: each is up to 500 comparisons. */
export const SUITE_WATCHES_PER_TICK = 5;

export type SuiteTickOutcome = "started" | "running" | "claimed_elsewhere" | "refused" | "error";

/** A suite watch's schedule and webhook: suites run with the options they were created with. */
export type SuiteWatchSettings = Pick<
  WatchSettings,
  "intervalMinutes" | "enabled" | "webhookUrl" | "webhookSecret" | "nextDueAt"
>;

export async function setSuiteWatch(db: DirectoryDb, suiteId: string, watch: SuiteWatchSettings): Promise<boolean> {
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

export async function clearSuiteWatch(db: DirectoryDb, suiteId: string): Promise<boolean> {
  const none = { intervalMinutes: null, enabled: false, webhookUrl: null, webhookSecret: null, nextDueAt: null };
  const result = await db
    .update(suites)
    .set({
      watchIntervalMinutes: none.intervalMinutes,
      watchEnabled: none.enabled,
      watchWebhookUrl: none.webhookUrl,
      watchWebhookSecret: none.webhookSecret,
      watchNextDueAt: none.nextDueAt,
    })
    .where(eq(suites.id, suiteId))
    .run();
  return result.meta.changes > 0;
}

async function claim(db: DirectoryDb, suite: SuiteRow, nextDueAt: number, started: number | null) {
  if (suite.watchNextDueAt === null) return false;
  const result = await db
    .update(suites)
    .set(started === null ? { watchNextDueAt: nextDueAt } : { watchNextDueAt: nextDueAt, lastWatchStartedAt: started })
    .where(and(eq(suites.id, suite.id), eq(suites.watchNextDueAt, suite.watchNextDueAt), eq(suites.watchEnabled, true)))
    .run();
  return result.meta.changes > 0;
}

/** Starts the suite runs due at `now`; what happened to each suite. */
export async function runDueSuiteWatches(env: Env, now: number): Promise<Record<string, SuiteTickOutcome>> {
  const db = directoryDb(env.DB);
  const due = await db
    .select()
    .from(suites)
    .where(and(eq(suites.watchEnabled, true), lte(suites.watchNextDueAt, now)))
    .orderBy(asc(suites.watchNextDueAt))
    .limit(SUITE_WATCHES_PER_TICK);
  const outcomes: Record<string, SuiteTickOutcome> = {};
  // One suite after another: each already fans out to up to 500 comparisons.
  for (const suite of due) {
    try {
      const last = suite.lastRunId === null ? null : await getRun(db, suite.lastRunId);
      // A run still unfinished long after every comparison's deadline lost a workflow: do not wait on it forever.
      const stale = last !== null && last.createdAt < now - runDeadlineMs(env.RUN_DEADLINE_MS) - TICK_MS;
      if (last && last.finishedAt === null && !stale) {
        await claim(db, suite, now + TICK_MS, null);
        outcomes[suite.id] = "running";
        continue;
      }
      const interval = (suite.watchIntervalMinutes ?? 0) * 60_000;
      if (!(await claim(db, suite, now + interval, now))) {
        outcomes[suite.id] = "claimed_elsewhere";
        continue;
      }
      await startRun(env, {
        suiteId: suite.id,
        leftBase: suite.leftBase,
        rightBase: suite.rightBase,
        paths: JSON.parse(suite.pathsJson) as string[],
        options: storedOptions(suite),
        sealedHeaders: suite.sealedHeaders,
        trigger: "watch",
        idempotency: null,
      });
      outcomes[suite.id] = "started";
    } catch (error) {
      const refused = error instanceof ApiError && error.code === "blocked_target";
      log(refused ? "warn" : "error", "suite_watch.start_failed", {
        suiteId: suite.id,
        message: (error instanceof Error ? error.message : String(error)).slice(0, 300),
      });
      outcomes[suite.id] = refused ? "refused" : "error";
    }
  }
  log("info", "suite_watch.tick", {
    due: due.length,
    started: Object.values(outcomes).filter((o) => o === "started").length,
  });
  return outcomes;
}
