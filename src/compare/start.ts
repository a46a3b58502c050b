/**
 * Starting a comparison, for every caller: POST /api/compare (startComparison), and the start
 * queue's consumer for a pair watch's comparison or a suite item (startQueuedComparison). Check both targets
 * with the SSRF guard, record the comparison in the pair's object, then hand it to CompareWorkflow.
 * A client's request fails with a DomainError the API answers; a queued start returns what it
 * decided (refused, conflict) for the consumer to act on. Header values (and a POST body marked
 * secret) are sealed here, before they reach the object, D1 or the Workflow params.
 *
 * A start that is delivered again (the queue is at least once) replays its idempotency key. A
 * replayed comparison still running may have lost its workflow (the sender died between the
 * object's write and the create, or the create failed): the queue's starts re-create it then, so a
 * retry finishes what the first delivery began instead of leaving it to the deadline watchdog.
 */
import { log } from "../log";
import { computePairKey } from "../pair-key";
import { readerOptions } from "../secrets/reader-view";
import {
  type HeadersPlace,
  pairHeadersPlace,
  type SealableOptions,
  sealRequestHeaders,
} from "../secrets/request-headers";
import type { ComparisonState } from "../shapes/comparison";
import { type CompareOptions, resolveOptions } from "../shapes/options";
import type { CompareRequest } from "../shapes/routes";
import { withPairSettings } from "../shapes/settings";
import { type Idempotency, idempotencyConflict, idempotencyOf, systemIdempotency } from "./idempotency";
import { type CompareWorkflowCreate, type SuiteRef, workflowInstanceId } from "./params";
import { notePairSealed } from "./sealed-pairs";
import { sealingOrRefuse } from "./sealing";
import { checkTargets, refusedTarget, type TargetRefusal } from "./targets";

export type ComparisonStart = { outcome: "created" | "replayed"; pairKey: string; state: ComparisonState };

/** What a queued start decided: started (or found again), or a refusal that a retry would meet again. */
export type QueuedStart =
  | ComparisonStart
  | { outcome: "refused"; refusal: TargetRefusal }
  /** Its key was used before with other options (changed in between): it did start, once. */
  | { outcome: "conflict"; comparisonId: string };

/** A comparison ready to start: options as readers see them, header values sealed. */
export interface SealedComparison {
  leftUrl: string;
  rightUrl: string;
  options: CompareOptions;
  sealedHeaders: string | null;
  /** The identity that asked for it (src/auth); null when none is known. */
  createdBy?: string | null;
  /** Chosen in advance: a suite item's comparison is named when its run is recorded. */
  comparisonId?: string;
  /** The suite item this comparison reports its end to (src/suites/item-end.ts). */
  suite?: SuiteRef;
}

/** A comparison recorded (or found again) in its pair's object, with what its workflow is created with. */
interface Recorded {
  outcome: "created" | "replayed";
  pairKey: string;
  state: ComparisonState;
  workflow: CompareWorkflowCreate;
}

/**
 * What a start does when the workflow cannot be created. `abandon` (a client's request, answered
 * with the error) fails the comparison at once; `keep` (a queued start, which the queue retries)
 * leaves it running for the retry to create the workflow, and the deadline watchdog as a last resort.
 */
type OnCreateFailure = "abandon" | "keep";

/**
 * Seals the header values (and a secret body) of `options` for `place` (the row and column they go
 * to, and the URLs of their sides); a Worker without its key refuses rather than keep them in clear.
 */
export function sealOptions<T extends SealableOptions>(
  env: Env,
  options: T,
  place: HeadersPlace,
  consequence = "Nothing was started.",
) {
  return sealingOrRefuse(() => sealRequestHeaders(env, options, place), consequence);
}

/** Starts (or, for a repeated Idempotency-Key, replays) a comparison of a client's validated request. */
export async function startComparison(
  env: Env,
  request: CompareRequest,
  idempotencyKey?: string,
  createdBy: string | null = null,
): Promise<ComparisonStart> {
  checkTargets(env, request);
  const options = resolveOptions(request.options);
  const idempotency = await idempotencyOf(
    env,
    idempotencyKey,
    { identity: createdBy, route: "POST /api/compare" },
    { ...request, options },
  );
  const pairKey = await computePairKey(request.leftUrl, request.rightUrl, options);
  const sides = { left: request.leftUrl, right: request.rightUrl };
  const sealed = await sealOptions(env, options, pairHeadersPlace(pairKey, sides));
  const recorded = await record(
    env,
    { leftUrl: request.leftUrl, rightUrl: request.rightUrl, ...sealed, createdBy },
    idempotency,
  );
  if (recorded.outcome === "conflict") throw idempotencyConflict({ comparisonId: recorded.comparisonId });
  return launch(env, recorded, "abandon");
}

/**
 * Starts a queued comparison whose header values are already sealed: a pair watch's, a suite item's.
 * Once only, however often it is delivered: a watch's by its key, a suite item by the
 * comparisonId its run chose. A replay re-creates the workflow of a comparison left without one.
 */
export async function startQueuedComparison(
  env: Env,
  comparison: SealedComparison & ({ comparisonId: string } | { idempotencyKey: string }),
): Promise<QueuedStart> {
  const refusal = refusedTarget(env, comparison);
  if (refusal) return { outcome: "refused", refusal };
  const { idempotencyKey, ...rest } = { idempotencyKey: undefined, ...comparison };
  const { leftUrl, rightUrl, options } = comparison;
  const idempotency =
    idempotencyKey === undefined ? null : await systemIdempotency(env, idempotencyKey, { leftUrl, rightUrl, options });
  const recorded = await record(env, rest, idempotency);
  if (recorded.outcome === "conflict") return recorded;
  return launch(env, recorded, "keep");
}

/** Fails a recorded comparison whose workflow could not be created: nothing else would ever end it. */
async function abandonComparison(env: Env, recorded: { pairKey: string; state: ComparisonState }) {
  await env.ENV_PAIR.getByName(recorded.pairKey).failComparison(recorded.state.comparisonId, {
    code: "internal",
    message: "The comparison could not be started.",
  });
}

async function record(
  env: Env,
  comparison: SealedComparison,
  idempotency: Idempotency | null,
): Promise<Recorded | { outcome: "conflict"; comparisonId: string }> {
  // A POST's body names its pair too (src/pair-key.ts); a secret one by its kind only, so the
  // readers' view of the options gives the same key as the clear request.
  const pairKey = await computePairKey(comparison.leftUrl, comparison.rightUrl, comparison.options);
  const stub = env.ENV_PAIR.getByName(pairKey);
  // The pair's saved settings are the defaults of every comparison, manual, watch or suite; what the
  // comparison sets wins (src/shapes/settings.ts). Settings hold no header values, so the sealed ones stay.
  const saved = await stub.getSettings();
  const options = withPairSettings(saved?.settings ?? null, comparison.options);
  // Listed before the object keeps it, so a key rotation reaches the object (sealed-pairs.ts).
  if (comparison.sealedHeaders) await notePairSealed(env, pairKey, comparison.sealedHeaders);
  const { suite, ...input } = comparison;
  const recorded = await stub.startComparison({ ...input, options, idempotency: idempotency ?? undefined });
  const { state } = recorded;
  if (recorded.outcome === "conflict") return { outcome: "conflict", comparisonId: state.comparisonId };
  const workflow = {
    id: workflowInstanceId(state.comparisonId),
    params: {
      comparisonId: state.comparisonId,
      pairKey,
      leftUrl: comparison.leftUrl,
      rightUrl: comparison.rightUrl,
      createdAt: state.createdAt,
      // Instance params are kept and shown by the platform: header names only, values sealed.
      options: readerOptions(options),
      sealedHeaders: comparison.sealedHeaders,
      // The pair's saved headers: sent under the comparison's own, name by name (src/secrets/request-headers.ts).
      settingsSealedHeaders: saved?.sealedHeaders ?? null,
      ...(suite ? { suite } : {}),
    },
  };
  return { outcome: recorded.outcome, pairKey, state, workflow };
}

async function launch(env: Env, recorded: Recorded, onFailure: OnCreateFailure): Promise<ComparisonStart> {
  const { outcome, pairKey, state } = recorded;
  if (outcome === "replayed") {
    // Only a queued start (onFailure "keep") can have left a running comparison without its workflow.
    if (onFailure === "keep" && state.status === "running") await createIfMissing(env, recorded.workflow);
    return { outcome, pairKey, state };
  }
  try {
    await env.COMPARE_WORKFLOW.create(recorded.workflow);
  } catch (error) {
    // Without a workflow nothing would finish it but the deadline watchdog: a client is answered
    // with the error, so fail it now; a queued start is retried, and the retry creates it.
    if (onFailure === "abandon") await abandonComparison(env, recorded);
    throw error;
  }
  return { outcome, pairKey, state };
}

/** Creates the workflow unless it exists; true when this call created it. */
async function createIfMissing(env: Env, workflow: CompareWorkflowCreate): Promise<boolean> {
  try {
    await env.COMPARE_WORKFLOW.create(workflow);
    log("warn", "workflow.recreated", { comparisonId: workflow.params.comparisonId });
    return true;
  } catch (error) {
    if (String(error instanceof Error ? error.message : error).includes("already_exists")) return false;
    throw error;
  }
}
