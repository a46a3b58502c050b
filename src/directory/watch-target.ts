/**
 * A pair as a watch's target (src/watches/start-due.ts): what is due at a time is one comparison of
 * the pair, started with the watch's options and sealed headers under the key `watch:<due time>`,
 * which the pair's object replays instead of starting twice. A pair whose newest comparison is still
 * running (its object is the authority on that) is busy, unless that comparison is this very start.
 */
import { startQueuedComparison } from "../compare/start";
import type { WatchRow } from "../db/d1-schema";
import { resolveOptions } from "../shapes/options";
import type { StartDue } from "../watches/start-due";
import { getPair } from "./store";

/** The key of the comparison a watch starts at one due time: the object scopes keys per pair, so the due time suffices. */
export function watchRunKey(dueAt: number): string {
  return `watch:${dueAt}`;
}

export const startPairRun: StartDue = async (env, db, watch, { dueAt }) => {
  const pairKey = watch.targetId;
  const pair = await getPair(db, pairKey);
  if (!pair) return { outcome: "refused", message: `the pair ${pairKey} is not in the directory` };
  const stub = env.ENV_PAIR.getByName(pairKey);
  const [newest] = await stub.listComparisons(1);
  // Running because this run started it before a crash kept it from being claimed: claim it now.
  const ours = newest?.status === "running" && (await stub.comparisonIdOfKey(watchRunKey(dueAt))) !== null;
  if (newest?.status === "running" && !ours) return { outcome: "busy" };
  const started = await startQueuedComparison(env, {
    leftUrl: pair.leftUrl,
    rightUrl: pair.rightUrl,
    ...watchOptions(watch),
    idempotencyKey: watchRunKey(dueAt),
  });
  if (started.outcome === "refused") return { outcome: "refused", message: started.refusal.message };
  // A conflict: this run was started before with other options (changed in between): it did start, once.
  return { outcome: started.outcome === "created" ? "started" : "replayed", startedAt: Date.now() };
};

/** What a watch's comparison runs with: its options as stored (readers' view) and its sealed header values. */
function watchOptions(watch: WatchRow) {
  const options = resolveOptions(watch.optionsJson === null ? {} : JSON.parse(watch.optionsJson));
  return { options, sealedHeaders: watch.sealedHeaders };
}
