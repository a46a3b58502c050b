/**
 * Starting one run of a suite: every path becomes an ordinary comparison of its own pair, through
 * the same start path as POST /api/compare (prepareSealedComparison) (guard, object row, history, directory, watches),
 * then the workflows start with COMPARE_WORKFLOW.createBatch, at most 100 instances and 1 MiB per call.
 *
 * Order, so nothing is left half-created: every target is checked before anything is written;
 * the objects' rows are created concurrently (one round trip per pair, 50 at a time); the suite,
 * run and items go into D1 in one atomic batch; only then do workflows start, so an item exists
 * before its comparison can end and report to it. A failure before the D1 batch fails every
 * comparison already created (they then show as failed runs of their pairs, never as running);
 * a batch of workflows that cannot be created fails its comparisons and their items.
 */
import {
  abandonComparison,
  type CompareWorkflowCreate,
  checkTargets,
  prepareSealedComparison,
} from "../api/start-comparison";
import { SUITE_ITEM_STRIDE } from "../db/directory-schema";
import { directoryDb } from "../directory/store";
import { log } from "../log";
import type { ComparisonState } from "../shapes/comparison";
import type { CompareOptions } from "../shapes/options";
import { joinPath } from "./paths";
import { settleRun } from "./settle";
import { failItems, insertRun, type NewRun } from "./store";

/** createBatch's limits (Workflows): 100 instances and 1 MiB of parameters per call. */
export const BATCH_INSTANCES = 100;
export const BATCH_BYTES = 1024 * 1024;
/** Object round trips in flight at once: well under the Worker's 6 simultaneous connections' spirit, and bounded. */
export const PREPARE_CONCURRENCY = 50;

export interface RunRequest {
  suiteId: string;
  leftBase: string;
  rightBase: string;
  paths: readonly string[];
  /** As readers see them: header values redacted (src/secrets/request-headers.ts). */
  options: CompareOptions;
  /** Every header value, sealed: opened only by each comparison's probe step. */
  sealedHeaders: string | null;
  trigger: "api" | "watch";
  idempotency: { key: string; requestHash: string } | null;
  /** The suite's row, when this run creates it. */
  newSuite?: NewRun["suite"];
}

export interface StartedRun {
  runId: number;
  createdAt: number;
  rowsWritten: number;
}

interface Prepared {
  pairKey: string;
  state: ComparisonState;
  workflow: CompareWorkflowCreate;
}

/** Runs `task` over `items` with at most `limit` in flight; the results in input order. */
export async function pooled<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>) {
  const results = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        results[i] = { status: "fulfilled", value: await task(items[i] as T) };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Splits workflow creates into createBatch calls within both limits. */
export function batchesOf<T extends CompareWorkflowCreate>(creates: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const create of creates) {
    const size = new TextEncoder().encode(JSON.stringify(create)).byteLength;
    // Headroom under 1 MiB for the call's own framing.
    if (current.length === BATCH_INSTANCES || (current.length > 0 && bytes + size > BATCH_BYTES * 0.9)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(create);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

async function abandonAll(env: Env, prepared: readonly Prepared[]): Promise<void> {
  await pooled(prepared, PREPARE_CONCURRENCY, (p) => abandonComparison(env, p));
}

export async function startRun(env: Env, request: RunRequest): Promise<StartedRun> {
  const requests = request.paths.map((path) => ({
    leftUrl: joinPath(request.leftBase, path),
    rightUrl: joinPath(request.rightBase, path),
    options: request.options,
    sealedHeaders: request.sealedHeaders,
  }));
  // Every target is judged before the first write.
  for (const r of requests) checkTargets(env, r);

  const settled = await pooled(requests, PREPARE_CONCURRENCY, (r) => prepareSealedComparison(env, r));
  const prepared: Prepared[] = settled.flatMap((s) =>
    s.status === "fulfilled" && s.value.outcome === "created" ? [s.value] : [],
  );
  const failure = settled.find((s) => s.status === "rejected");
  if (failure || prepared.length !== requests.length) {
    await abandonAll(env, prepared);
    throw failure?.status === "rejected" ? failure.reason : new Error("a suite comparison was not created");
  }

  const createdAt = Date.now();
  let created: { runId: number; rowsWritten: number };
  try {
    created = await insertRun(env.DB, {
      suite: request.newSuite,
      suiteId: request.suiteId,
      createdAt,
      trigger: request.trigger,
      idempotencyKey: request.idempotency?.key ?? null,
      requestHash: request.idempotency?.requestHash ?? null,
      items: prepared.map((p, i) => ({
        path: request.paths[i] as string,
        pairKey: p.pairKey,
        comparisonId: p.state.comparisonId,
      })),
    });
  } catch (error) {
    await abandonAll(env, prepared);
    throw error;
  }

  const { runId } = created;
  const creates = prepared.map((p, i) => ({
    ...p.workflow,
    params: { ...p.workflow.params, suite: { itemId: runId * SUITE_ITEM_STRIDE + i } },
  }));
  const itemOf = (create: (typeof creates)[number]) => create.params.suite.itemId;
  const batches = batchesOf(creates);
  const outcomes = await Promise.allSettled(batches.map((batch) => env.COMPARE_WORKFLOW.createBatch(batch)));
  const lost = batches.flatMap((batch, b) => (outcomes[b]?.status === "rejected" ? batch : []));
  if (lost.length > 0) {
    log("error", "suite.workflows_not_created", { suiteId: request.suiteId, runId, lost: lost.length });
    const lostIds = new Set(lost.map((c) => c.id));
    await abandonAll(
      env,
      prepared.filter((p) => lostIds.has(p.workflow.id)),
    );
    const db = directoryDb(env.DB);
    await failItems(db, lost.map(itemOf));
    // If nothing else is left to report, the run ends here.
    await settleRun(db, runId, "start");
  }
  log("info", "suite.run_started", {
    suiteId: request.suiteId,
    runId,
    paths: prepared.length,
    batches: batches.length,
    d1RowsWritten: created.rowsWritten,
  });
  return { runId, createdAt, rowsWritten: created.rowsWritten };
}
