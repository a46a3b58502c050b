/**
 * The watches' cron tick (wrangler.toml [triggers], every 5 minutes) and the start of one due
 * watch. The tick only finds what is due and hands it on (src/watches/tick.ts): one
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
 * gave, header values sealed. Each tick also reseals a batch of stale secrets (secret-upkeep.ts).
 */
import { startQueuedComparison } from "../compare/start";
import { TICK_MS } from "../cron";
import { type D1Db, d1Db } from "../db/d1";
import type { PairRow } from "../db/d1-schema";
import { claimWatch, getPair } from "../directory/store";
import type { MessageOutcome } from "../fanout/messages";
import { log } from "../log";
import { resolveOptions } from "../shapes/options";
import { resealStaleSecrets } from "./secret-upkeep";

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
  db: D1Db,
  run: { pairKey: string; dueAt: number; tickAt: number },
): Promise<MessageOutcome> {
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
  const started = await startQueuedComparison(env, { ...watchRun(pair), idempotencyKey: watchRunKey(dueAt) });
  if (started.outcome === "refused") {
    // A target the guard now refuses will be refused again: skip this run instead of retrying it.
    log("warn", "watch.start_refused", { pairKey, message: started.refusal.message });
    await claimWatch(db, pair, next, null);
    return "refused";
  }
  // Claimed after the start: a crash in between leaves the watch due, and the retry replays.
  const claimed = await claimWatch(db, pair, next, Date.now());
  // A conflict: this run was started before with other options (changed in between): it did start, once.
  if (started.outcome === "conflict") return "replayed";
  return !claimed ? "claimed_elsewhere" : started.outcome === "created" ? "started" : "replayed";
}

/** The comparison a watch starts: its options as stored (readers' view) and its sealed header values. */
function watchRun(pair: PairRow) {
  const options = resolveOptions(pair.watchOptionsJson === null ? {} : JSON.parse(pair.watchOptionsJson));
  return { leftUrl: pair.leftUrl, rightUrl: pair.rightUrl, options, sealedHeaders: pair.watchSealedHeaders };
}

/** Reseals stale secrets; never stops the tick (a missing key is logged as the configuration error it is). */
export async function upkeep(env: Env, db: D1Db = d1Db(env.DB)): Promise<void> {
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
