/**
 * The watches' cron tick (wrangler.toml [triggers], every 5 minutes): starts a comparison for
 * each watch that is due, through the same startComparison as POST /api/compare.
 *
 * Bounded: at most WATCHES_PER_TICK per tick, soonest due first; the rest stay due and go
 * first on the next tick. A pair whose newest comparison is still running (its object is the
 * authority on that) is not started twice: it is looked at again on the next tick. A watch is
 * claimed with a conditional update before its comparison starts, so two overlapping ticks
 * cannot both start it.
 *
 * A watch runs with its own options: those of the comparison it was set from, or those its PUT
 * gave, header values sealed. Each tick also reseals a batch of stale secrets (secret-upkeep.ts).
 */
import { ApiError } from "../api/errors";
import { startSealedComparison } from "../api/start-comparison";
import type { PairRow } from "../db/directory-schema";
import { log } from "../log";
import { resolveOptions } from "../shapes/options";
import { resealStaleSecrets } from "./secret-upkeep";
import { claimWatch, type DirectoryDb, directoryDb, dueWatches } from "./store";

export const WATCHES_PER_TICK = 20;
/** The cron's period: a running pair is looked at again one tick later. */
export const TICK_MS = 5 * 60 * 1000;

export type TickOutcome = "started" | "running" | "claimed_elsewhere" | "refused" | "error";

/** Starts the comparisons due at `now` (the tick's scheduledTime); what happened to each pair. */
export async function runDueWatches(env: Env, now: number): Promise<Record<string, TickOutcome>> {
  const db = directoryDb(env.DB);
  await upkeep(env, db);
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
        await startSealedComparison(env, watchRun(pair));
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

/** The comparison a watch starts: its options as stored (readers' view) and its sealed header values. */
function watchRun(pair: PairRow) {
  const options = resolveOptions(pair.watchOptionsJson === null ? {} : JSON.parse(pair.watchOptionsJson));
  return { leftUrl: pair.leftUrl, rightUrl: pair.rightUrl, options, sealedHeaders: pair.watchSealedHeaders };
}

/** Reseals stale secrets; never stops the tick (a missing key is logged as the configuration error it is). */
async function upkeep(env: Env, db: DirectoryDb): Promise<void> {
  try {
    const report = await resealStaleSecrets(env, db);
    if (report.resealed > 0 || report.failed.length > 0) {
      log(report.failed.length > 0 ? "warn" : "info", "secrets.resealed", {
        resealed: report.resealed,
        failed: report.failed.length,
        firstFailedPair: report.failed[0] ?? null,
      });
    }
  } catch (error) {
    log("error", "secrets.reseal_failed", {
      message: (error instanceof Error ? error.message : String(error)).slice(0, 300),
    });
  }
}
