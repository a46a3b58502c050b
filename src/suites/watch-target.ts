/**
 * A suite as a watch's target (src/watches/start-due.ts): the run due at a time is one suite run,
 * recorded and sent to the start queue like any other (src/suites/start-run.ts), one message per
 * item. Neither the tick nor one consumer call ever starts 500 comparisons.
 *
 * The run is recorded with the key `suite-watch:<suiteId>\n<dueAt>`, which the runs' unique index
 * holds once: a delivery that finds the run already recorded (its first delivery died before the
 * watch was claimed) sends its items again if needed and replays it. A suite whose newest run has
 * not finished is busy, until that run is stale (older than every comparison's deadline and a tick).
 */
import { TICK_MS } from "../cron";
import type { D1Db } from "../db/d1";
import { comparisonDeadlineMs } from "../do/deadline";
import type { DueStart, StartDue } from "../watches/start-due";
import { unfinishedItemIds } from "./item-store";
import { isDuplicateKey } from "./run-keys";
import { dispatchRun, rerunRequest, startRun } from "./start-run";
import { getRun, getSuite, runByIdempotencyKey } from "./store";

/** The key the suite run a watch of `suiteId` starts at `dueAt` is recorded with (suite_runs.idempotency_key). */
export function suiteWatchRunKey(suiteId: string, dueAt: number): string {
  return `suite-watch:${suiteId}\n${dueAt}`;
}

export const startSuiteRun: StartDue = async (env, db, watch, { dueAt, tickAt }) => {
  const suite = await getSuite(db, watch.targetId);
  if (!suite) return { outcome: "refused", message: `the suite ${watch.targetId} does not exist` };
  const key = suiteWatchRunKey(suite.id, dueAt);
  const recorded = await runByIdempotencyKey(db, key);
  if (recorded) return replay(env, db, recorded);

  const last = suite.lastRunId === null ? null : await getRun(db, suite.lastRunId);
  // A run still unfinished long after every comparison's deadline lost a workflow: do not wait on it forever.
  const stale = last !== null && last.createdAt < tickAt - comparisonDeadlineMs(env.RUN_DEADLINE_MS) - TICK_MS;
  if (last && last.finishedAt === null && !stale) return { outcome: "busy" };
  let started: Awaited<ReturnType<typeof startRun>>;
  try {
    started = await startRun(env, rerunRequest(suite, "watch", { key, requestHash: "watch" }));
  } catch (error) {
    // A racing delivery of the same run recorded it first.
    const winner = isDuplicateKey(error) ? await runByIdempotencyKey(db, key) : null;
    if (!winner) throw error;
    return replay(env, db, winner);
  }
  if ("refused" in started) return { outcome: "refused", message: started.refused.message };
  // The queue refused the items: retried, the delivery finds the run recorded and sends them.
  if (!started.dispatched) throw new Error(`the items of suite run ${started.runId} could not be sent`);
  return { outcome: "started", startedAt: started.createdAt };
};

/** The run was recorded by an earlier delivery: send what it may not have sent, then replay it. */
async function replay(
  env: Env,
  db: D1Db,
  recorded: { id: number; createdAt: number; itemCount: number; dispatchPending: boolean },
): Promise<DueStart> {
  if (recorded.dispatchPending && !(await dispatchRun(env, recorded.id, await unfinishedItemIds(db, recorded)))) {
    throw new Error(`the items of suite run ${recorded.id} could not be sent`);
  }
  return { outcome: "replayed", startedAt: recorded.createdAt };
}
