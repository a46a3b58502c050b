/**
 * Starting one run of a suite, without starting a comparison: the request (or the suite watch's
 * queue message) records the run and hands its paths to the start queue, one message per path.
 * The queue's consumer starts each path as an ordinary comparison of its own pair
 * (src/suites/item-start.ts), paced with every other start (docs/scale.md). So a 500-path suite
 * costs the request one D1 batch and 5 sendBatch calls, never 500 starts.
 *
 * Order, so nothing is lost or started twice:
 * 1. Every target is checked before anything is written.
 * 2. The suite (when new) and the run go into D1 in one atomic batch; no item row yet. Each path's
 *    pair and comparisonId are derived from the run (src/suites/item-ids.ts), so the consumer
 *    starts it once however often its message comes, and the run's view links every path from the
 *    start. A path's item row is written once, when it ends.
 * 3. The items' messages are sent, then the run is marked dispatched. A sender that dies in
 *    between leaves the run pending: the cron tick sends its unfinished items again
 *    (redispatchPendingRuns), and starts already made replay.
 */
import type { Idempotency } from "../compare/idempotency";
import { refusedTarget, type TargetRefusal } from "../compare/targets";
import { TICK_MS } from "../cron";
import { d1Db } from "../db/d1";
import { SUITE_ITEM_STRIDE, type SuiteRow, type SuiteRunRow } from "../db/d1-schema";
import { comparisonDeadlineMs } from "../do/deadline";
import { messageOf } from "../errors";
import { type SuiteItemStart, sendStarts } from "../fanout/messages";
import { log } from "../log";
import type { CompareOptions } from "../shapes/options";
import { failItems } from "./item-end";
import { unfinishedItemIds } from "./item-store";
import { joinPath } from "./paths";
import { earlierRun, isDuplicateKey } from "./run-keys";
import { insertRun, markDispatched, markSwept, type NewRun, pendingDispatchRuns, runsToSweep } from "./store";
import { storedOptions } from "./suite-shape";

/** A run still pending dispatch this long after its insert lost its sender: the tick sends it again. */
export const DISPATCH_GRACE_MS = 60_000;
/** Runs re-dispatched per tick, each up to 500 messages (5 sendBatch calls). */
export const REDISPATCH_PER_TICK = 20;
/**
 * The sweep: an unfinished run this much older than its paths' deadline lost some start (a message
 * the platform dropped, a workflow that vanished); its unfinished paths are sent again, at most once
 * an hour, since a real backlog would only be sent twice. After a day the paths left are failed.
 */
export const SWEEP_GRACE_MS = 2 * TICK_MS;
export const SWEEP_EVERY_MS = 60 * 60_000;
export const SWEEP_GIVE_UP_MS = 24 * 60 * 60_000;
/** Paths a tick fails, over all the runs it gives up on. */
export const GIVE_UP_PATHS_PER_TICK = 100;

export interface RunRequest {
  suiteId: string;
  /** The definition the paths and options come from: the run records it, and its items read it. */
  definitionId: string;
  leftBase: string;
  rightBase: string;
  paths: readonly string[];
  /** As readers see them: header values redacted (src/secrets/request-headers.ts). */
  options: CompareOptions;
  /** Every header value (and a secret body), sealed: opened only by each comparison's probe step. */
  sealedHeaders: string | null;
  trigger: "api" | "watch";
  idempotency: { key: string; requestHash: string } | null;
  /** The suite's row, when this run creates it. */
  newSuite?: NewRun["suite"];
}

export interface StartedRun {
  runId: number;
  /** Its number within the suite, from 1. */
  number: number;
  createdAt: number;
  rowsWritten: number;
  /** Whether every item's message was sent; if not, the cron tick sends them. */
  dispatched: boolean;
}

/** A run refused before anything was written: the guard refuses one of its targets. */
export interface RefusedRun {
  refused: TargetRefusal;
}

/** Another run of a stored suite: its paths, options and sealed header values as stored. */
export function rerunRequest(
  suite: SuiteRow,
  trigger: RunRequest["trigger"],
  idempotency: RunRequest["idempotency"],
): RunRequest {
  return {
    suiteId: suite.id,
    definitionId: suite.definitionId,
    leftBase: suite.leftBase,
    rightBase: suite.rightBase,
    paths: JSON.parse(suite.pathsJson) as string[],
    options: storedOptions(suite),
    sealedHeaders: suite.sealedHeaders,
    trigger,
    idempotency,
  };
}

/**
 * Records the run and sends its items to the start queue; refused, with nothing written, when the
 * guard refuses a target. Throws only when the run was not recorded.
 */
export async function startRun(env: Env, request: RunRequest): Promise<StartedRun | RefusedRun> {
  // Every target is judged before the first write.
  const refused = refusedPath(env, request);
  if (refused) return { refused };

  const createdAt = Date.now();
  const itemCount = request.paths.length;
  const { runId, number, rowsWritten } = await insertRun(env.DB, {
    suite: request.newSuite,
    suiteId: request.suiteId,
    definitionId: request.definitionId,
    createdAt,
    trigger: request.trigger,
    idempotencyKey: request.idempotency?.key ?? null,
    requestHash: request.idempotency?.requestHash ?? null,
    itemCount,
  });
  const itemIds = Array.from({ length: itemCount }, (_, i) => runId * SUITE_ITEM_STRIDE + i);
  const dispatched = await dispatchRun(env, runId, itemIds);
  log("info", "suite.run_started", {
    suiteId: request.suiteId,
    runId,
    number,
    paths: itemCount,
    dispatched,
    d1RowsWritten: rowsWritten,
  });
  return { runId, number, createdAt, rowsWritten, dispatched };
}

/** The first of a suite's 2 × paths targets the SSRF guard refuses, or null: judged before anything is written. */
export function refusedPath(
  env: Env,
  suite: { leftBase: string; rightBase: string; paths: readonly string[] },
): TargetRefusal | null {
  for (const path of suite.paths) {
    const refused = refusedTarget(env, {
      leftUrl: joinPath(suite.leftBase, path),
      rightUrl: joinPath(suite.rightBase, path),
    });
    if (refused) return refused;
  }
  return null;
}

/** The run a client's request asked for, as it answers it: started now, or replayed from an earlier request. */
export type ClientRun =
  | {
      outcome: "started" | "replayed";
      run: Pick<SuiteRunRow, "suiteId" | "id" | "number" | "itemCount" | "createdAt">;
    }
  | { outcome: "refused"; refusal: TargetRefusal };

/**
 * A client's run (POST /api/suites, POST /api/suites/:suiteId/runs): replayed when an earlier
 * request with the same Idempotency-Key created one (also when it won a race with this one),
 * started otherwise.
 */
export async function startClientRun(
  env: Env,
  request: RunRequest,
  idempotency: Idempotency | null,
): Promise<ClientRun> {
  const db = d1Db(env.DB);
  const earlier = await earlierRun(db, idempotency);
  if (earlier) return { outcome: "replayed", run: earlier };
  try {
    const started = await startRun(env, request);
    if ("refused" in started) return { outcome: "refused", refusal: started.refused };
    const run = {
      suiteId: request.suiteId,
      id: started.runId,
      number: started.number,
      itemCount: request.paths.length,
      createdAt: started.createdAt,
    };
    return { outcome: "started", run };
  } catch (error) {
    const winner = isDuplicateKey(error) ? await earlierRun(db, idempotency) : null;
    if (!winner) throw error;
    return { outcome: "replayed", run: winner };
  }
}

/**
 * Sends one start message per item, then marks the run dispatched. Safe to repeat: an item
 * already started replays. False (logged) when the queue refused: the run stays pending and the
 * cron tick sends it again.
 */
export async function dispatchRun(env: Env, runId: number, itemIds: readonly number[]): Promise<boolean> {
  try {
    const messages = itemIds.map((itemId): SuiteItemStart => ({ kind: "suite-item", itemId }));
    const calls = await sendStarts(env.START_QUEUE, messages);
    const d1RowsWritten = await markDispatched(d1Db(env.DB), runId);
    log("info", "suite.run_dispatched", { runId, messages: messages.length, sendBatchCalls: calls, d1RowsWritten });
    return true;
  } catch (error) {
    log("error", "suite.dispatch_failed", {
      runId,
      message: messageOf(error),
    });
    return false;
  }
}

/**
 * The tick's safety net for runs that stopped moving: unfinished paths are sent again (starts
 * already made replay, ended paths are skipped), and after SWEEP_GIVE_UP_MS they are failed so
 * the run finishes. Returns how many runs it looked at.
 */
export async function sweepUnfinishedRuns(env: Env, now: number): Promise<number> {
  const db = d1Db(env.DB);
  const before = now - comparisonDeadlineMs(env.RUN_DEADLINE_MS) - SWEEP_GRACE_MS;
  const runs = await runsToSweep(db, before, now - SWEEP_EVERY_MS, REDISPATCH_PER_TICK);
  // Failing costs about two D1 queries a path: one budget for the whole tick keeps it well within
  // the invocation's 1,000 queries, and what is left goes on the next tick.
  let failBudget = GIVE_UP_PATHS_PER_TICK;
  for (const run of runs) {
    const unfinished = await unfinishedItemIds(db, run);
    if (run.createdAt < now - SWEEP_GIVE_UP_MS) {
      if (failBudget === 0) continue;
      const failing = unfinished.slice(0, failBudget);
      failBudget -= failing.length;
      await failItems(env, db, run.id, failing, `sweep:${run.id}`);
      // Done with it, or it cannot be closed (its suite lost the path): not every tick again.
      if (failing.length === unfinished.length) await markSwept(db, run.id, now);
    } else if (await dispatchRun(env, run.id, unfinished)) {
      await markSwept(db, run.id, now);
    }
  }
  if (runs.length > 0) log("warn", "suite.runs_swept", { runs: runs.length, oldestRunId: runs[0]?.id ?? null });
  return runs.length;
}

/** The tick's safety net: runs whose sender died before all their messages were sent get them again. */
export async function redispatchPendingRuns(env: Env, now: number): Promise<number> {
  const db = d1Db(env.DB);
  const runs = await pendingDispatchRuns(db, now - DISPATCH_GRACE_MS, REDISPATCH_PER_TICK);
  let sent = 0;
  for (const run of runs) {
    if (await dispatchRun(env, run.id, await unfinishedItemIds(db, run))) sent++;
  }
  if (runs.length > 0) log("warn", "suite.runs_redispatched", { pending: runs.length, sent });
  return sent;
}
