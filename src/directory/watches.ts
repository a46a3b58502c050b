/**
 * The watches' cron tick (wrangler.toml [triggers], every 5 minutes) and the start of one due
 * watch. The tick only finds what is due and hands it on (src/directory/watch-queue.ts): one
 * queue message per (pair, due time), consumed in batches that call startDueWatch. So a tick
 * costs a few D1 pages and sendBatch calls whether 20 or 10,000 pairs are due (docs/scale.md).
 *
 * startDueWatch is safe to run any number of times for one message, and for two messages of one
 * (pair, due time) — overlapping ticks, a redelivered batch: the comparison is started with the
 * Idempotency-Key `watch:<due time>`, which the pair's object replays instead of starting twice,
 * and the watch is then claimed with a conditional update on that due time. A pair whose newest
 * comparison is still running (its object is the authority on that) is not started twice: it is
 * looked at again one tick later.
 *
 * A watch runs with its own options: those of the comparison it was set from, or those its PUT
 * gave, header values sealed. Each tick also reseals a batch of stale secrets (src/secrets/upkeep.ts).
 */
import { ApiError } from "../api/errors";
import { startSealedComparison } from "../api/start-comparison";
import type { PairRow } from "../db/directory-schema";
import { log } from "../log";
import { resolveOptions } from "../shapes/options";
import { claimWatch, type DirectoryDb, getPair } from "./store";

/** The cron's period: a running pair is looked at again one tick later. */
export const TICK_MS = 5 * 60 * 1000;

export type TickOutcome = "started" | "replayed" | "running" | "stale" | "claimed_elsewhere" | "refused";

/** The Idempotency-Key of one watch run: the object scopes keys per pair, so the due time suffices. */
export function watchRunKey(dueAt: number): string {
  return `watch:${dueAt}`;
}

/**
 * Starts the run of `pairKey`'s watch that was due at `dueAt`, found by the tick at `tickAt`.
 * Throws only for faults worth a retry (D1, the object, the workflow); what it decided is returned.
 */
export async function startDueWatch(
  env: Env,
  db: DirectoryDb,
  run: { pairKey: string; dueAt: number; tickAt: number },
): Promise<TickOutcome> {
  const { pairKey, dueAt, tickAt } = run;
  const pair = await getPair(db, pairKey);
  // Paused, deleted, re-timed, or already started by another delivery of this run: nothing to do.
  if (!pair?.watchEnabled || pair.watchNextDueAt !== dueAt) return "stale";
  const stub = env.ENV_PAIR.getByName(pairKey);
  const [newest] = await stub.listComparisons(1);
  // Running because this run started it before a crash kept it from being claimed: claim it now.
  const ours = newest?.status === "running" && (await stub.comparisonIdOfKey(watchRunKey(dueAt))) !== null;
  if (newest?.status === "running" && !ours) {
    // Moved one tick later rather than left at the front, so a long run cannot starve other watches.
    await claimWatch(db, pair, tickAt + TICK_MS, null);
    return "running";
  }
  const next = tickAt + (pair.watchIntervalMinutes ?? 0) * 60_000;
  try {
    const started = await startSealedComparison(env, { ...watchRun(pair), idempotencyKey: watchRunKey(dueAt) });
    // Claimed after the start: a crash in between leaves the watch due, and the retry replays.
    const claimed = await claimWatch(db, pair, next, Date.now());
    return !claimed ? "claimed_elsewhere" : started.outcome === "created" ? "started" : "replayed";
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === "idempotency_conflict") {
      // This run was started before with other options (changed in between): it did start, once.
      await claimWatch(db, pair, next, Date.now());
      return "replayed";
    }
    // A target the guard now refuses will be refused again: skip this run instead of retrying it.
    if (error.code !== "blocked_target") throw error;
    log("warn", "watch.start_refused", { pairKey, message: error.message.slice(0, 300) });
    await claimWatch(db, pair, next, null);
    return "refused";
  }
}

/** The comparison a watch starts: its options as stored (readers' view) and its sealed header values. */
function watchRun(pair: PairRow) {
  const options = resolveOptions(pair.watchOptionsJson === null ? {} : JSON.parse(pair.watchOptionsJson));
  return { leftUrl: pair.leftUrl, rightUrl: pair.rightUrl, options, sealedHeaders: pair.watchSealedHeaders };
}
