/**
 * The start of what one due watch starts, for pairs and suites alike: the start queue's consumer calls it
 * for each message the tick sent (src/watches/tick.ts), with what starting means for the target's
 * kind: a pair's comparison (src/directory/watch-target.ts) or a suite's run
 * (src/suites/watch-target.ts). So a tick costs a few D1 pages and sendBatch calls whether 20 or
 * 10,000 watches are due (docs/scale.md).
 *
 * It is safe to run any number of times for one message, and for two messages of one (watch, due
 * time) — overlapping ticks, a redelivered batch: the target starts the run under a key of that due
 * time, which replays instead of starting twice, and the watch is then claimed with a conditional
 * update on that due time. A target still busy with an earlier run is looked at again one tick later.
 */
import { TICK_MS } from "../cron";
import type { D1Db } from "../db/d1";
import type { WatchRow } from "../db/d1-schema";
import type { MessageOutcome } from "../fanout/messages";
import { log } from "../log";
import { claimWatch, getWatch, type WatchTarget } from "./store";

/** What a due watch's target did when asked to start what is due at `dueAt` (a comparison, a suite run). */
export type DueStart =
  /** Still busy with what it started before: this start waits a tick. */
  | { outcome: "busy" }
  /** Started now, or found started by an earlier delivery of this message; `startedAt` dates it. */
  | { outcome: "started" | "replayed"; startedAt: number }
  /** A target the guard now refuses will be refused again: this start is skipped, not retried. */
  | { outcome: "refused"; message: string };

/** One due time of a watch, as the tick found it: what is due at `dueAt`, found at `tickAt`. */
export interface Due {
  dueAt: number;
  tickAt: number;
}

/** Starting what a watch's target starts when due. Throws only for faults worth a retry. */
export type StartDue = (env: Env, db: D1Db, watch: WatchRow, due: Due) => Promise<DueStart>;

/**
 * Starts what `target`'s watch starts at `due.dueAt`: a comparison of a pair, a suite run of a
 * suite. Throws only for faults worth a retry (D1, an object, the workflow, the queue); what it
 * decided is returned.
 */
export async function startDueWatch(
  env: Env,
  db: D1Db,
  target: WatchTarget,
  due: Due,
  start: StartDue,
): Promise<MessageOutcome> {
  const watch = await getWatch(db, target);
  // Paused, deleted, re-timed, or already claimed by another delivery of this run: nothing to do.
  if (!watch?.enabled || watch.nextDueAt !== due.dueAt) return "stale";
  const started = await start(env, db, watch, due);
  const next = due.tickAt + watch.intervalMinutes * 60_000;
  switch (started.outcome) {
    case "busy":
      // Moved one tick later rather than left at the front, so a long run cannot starve other watches.
      await claimWatch(db, watch, due.tickAt + TICK_MS, null);
      return "running";
    case "refused":
      log("warn", "watch.start_refused", { kind: target.kind, targetId: target.id, message: started.message });
      await claimWatch(db, watch, next, null);
      return "refused";
    case "started":
    case "replayed": {
      // Claimed after the start: a crash in between leaves the watch due, and the retry replays.
      const claimed = await claimWatch(db, watch, next, { at: started.startedAt, dueAt: due.dueAt });
      return claimed ? started.outcome : "claimed_elsewhere";
    }
  }
}
