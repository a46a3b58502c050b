/**
 * The watches' cron tick (wrangler.toml [triggers], every 5 minutes): starts a comparison for
 * each watch that is due, through the same startComparison as POST /api/compare.
 *
 * Bounded: at most WATCHES_PER_TICK per tick, soonest due first; the rest stay due and go
 * first on the next tick. A pair whose newest comparison is still running (its object is the
 * authority on that) is not started twice: it is looked at again on the next tick. A watch is
 * claimed with a conditional update before its comparison starts, so two overlapping ticks
 * cannot both start it.
 */
import { ApiError } from "../api/errors";
import { startComparison } from "../api/start-comparison";
import { log } from "../log";
import { claimWatch, directoryDb, dueWatches } from "./store";

export const WATCHES_PER_TICK = 20;
/** The cron's period: a running pair is looked at again one tick later. */
export const TICK_MS = 5 * 60 * 1000;

export type TickOutcome = "started" | "running" | "claimed_elsewhere" | "refused" | "error";

/** Starts the comparisons due at `now` (the tick's scheduledTime); what happened to each pair. */
export async function runDueWatches(env: Env, now: number): Promise<Record<string, TickOutcome>> {
  const db = directoryDb(env.DB);
  const due = await dueWatches(db, now, WATCHES_PER_TICK);
  const outcomes = await Promise.all(
    due.map(async (pair): Promise<[string, TickOutcome]> => {
      const { pairKey } = pair;
      try {
        const [newest] = await env.ENV_PAIR.getByName(pairKey).listComparisons(1);
        if (newest?.status === "running") {
          // Moved one tick later rather than left at the front, so a long run cannot starve other watches.
          await claimWatch(db, pair, now + TICK_MS, null);
          return [pairKey, "running"];
        }
        const interval = (pair.watchIntervalMinutes ?? 0) * 60_000;
        if (!(await claimWatch(db, pair, now + interval, now))) return [pairKey, "claimed_elsewhere"];
        // Default options: the stored ones have their header values redacted and cannot be replayed.
        await startComparison(env, { leftUrl: pair.leftUrl, rightUrl: pair.rightUrl });
        return [pairKey, "started"];
      } catch (error) {
        // One pair's failure (a target the guard now refuses, a platform fault) must not stop the others.
        const refused = error instanceof ApiError && error.code === "blocked_target";
        log(refused ? "warn" : "error", "watch.start_failed", {
          pairKey,
          message: (error instanceof Error ? error.message : String(error)).slice(0, 300),
        });
        return [pairKey, refused ? "refused" : "error"];
      }
    }),
  );
  log("info", "watch.tick", { due: due.length, started: outcomes.filter(([, o]) => o === "started").length });
  return Object.fromEntries(outcomes);
}
