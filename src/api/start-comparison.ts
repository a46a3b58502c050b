/**
 * Starting a comparison, shared by POST /api/compare and the start queue's consumer (watch runs,
 * suite items): check both targets with the SSRF guard, record the comparison in the pair's
 * object, then hand it to CompareWorkflow. Failures are ApiErrors, for the API to render and the
 * consumer to log. Header values are sealed here, before they reach the object, D1 or the
 * Workflow params.
 *
 * A start that is delivered again (the queue is at least once) replays its Idempotency-Key. A
 * replayed comparison still running may have lost its workflow (the sender died between the
 * object's write and the create, or the create failed): the queue's starts re-create it then, so a
 * retry finishes what the first delivery began instead of leaving it to the deadline watchdog.
 */

import { directoryDb } from "../directory/store";
import { log } from "../log";
import { computePairKey } from "../pair-key";
import { checkTarget } from "../probe/url-guard";
import { loadKeyring, SecretsConfigError } from "../secrets/crypto";
import { readerOptions } from "../secrets/reader-view";
import { type HeadersPlace, pairHeadersPlace, sealRequestHeaders } from "../secrets/request-headers";
import { notePairSealed } from "../secrets/sealed-pairs";
import type { ComparisonState } from "../shapes/comparison";
import { type CompareOptions, resolveOptions } from "../shapes/options";
import { withPairSettings } from "../shapes/settings";
import type { CompareParams } from "../workflow/compare-workflow";
import type { SuiteRef } from "../workflow/suite-steps";
import { ApiError } from "./errors";
import { requestHash } from "./request-hash";
import { type CompareRequest, IDEMPOTENCY_KEY } from "./schemas";

/** Workflow instance ids allow 100 characters; the comparisonId's uuid half is unique and fits. */
export function workflowInstanceId(comparisonId: string): string {
  return comparisonId.slice(comparisonId.indexOf(":") + 1);
}

export type StartedComparison =
  | { outcome: "created"; pairKey: string; state: ComparisonState }
  | { outcome: "replayed"; pairKey: string; state: ComparisonState };

/** A comparison ready to start: options as readers see them, header values sealed. */
export interface SealedRun {
  leftUrl: string;
  rightUrl: string;
  options: CompareOptions;
  sealedHeaders: string | null;
  /** The identity that asked for it (src/auth); null when none is known. */
  createdBy?: string | null;
  /** Chosen in advance: a suite item's comparison is named when its run is recorded. */
  comparisonId?: string;
  /** The suite item this comparison reports its end to (src/workflow/suite-steps.ts). */
  suite?: SuiteRef;
}

type Idempotency = { key: string; requestHash: string } | undefined;

/** A comparison recorded (or found again) in its pair's object, with what its workflow is created with. */
interface PreparedComparison {
  outcome: "created" | "replayed";
  pairKey: string;
  state: ComparisonState;
  workflow: CompareWorkflowCreate;
}

export interface CompareWorkflowCreate {
  id: string;
  params: CompareParams;
}

/**
 * What a start does when the workflow cannot be created. `abandon` (a client's request, answered
 * with the error) fails the comparison at once; `keep` (a queued start, which the queue retries)
 * leaves it running for the retry to create the workflow, and the deadline watchdog as a last resort.
 */
export type OnCreateFailure = "abandon" | "keep";
/** The SSRF guard's verdict on both targets of a request, as the API's `blocked_target`. */
export function checkTargets(env: Env, run: { leftUrl: string; rightUrl: string }): void {
  const allowPrivate = env.ALLOW_PRIVATE_TARGETS === "true";
  for (const side of ["leftUrl", "rightUrl"] as const) {
    const verdict = checkTarget(run[side], { allowPrivate });
    if (!verdict.ok) throw new ApiError("blocked_target", `${side} is not allowed: ${verdict.reason}`, { field: side });
  }
}

/**
 * Seals the header values of `options` for `place` (the row and column they go to, and the URLs of
 * their sides); a Worker without its key refuses rather than keep them in clear.
 */
export async function sealOptions<T extends Pick<CompareOptions, "headers" | "left" | "right">>(
  env: Env,
  options: T,
  place: HeadersPlace,
) {
  try {
    return await sealRequestHeaders(env, options, place);
  } catch (error) {
    if (error instanceof SecretsConfigError) throw new ApiError("internal", `${error.message} Nothing was started.`);
    throw error;
  }
}

/** Starts (or, for a repeated Idempotency-Key, replays) a comparison of a validated request. */
export async function startComparison(
  env: Env,
  request: CompareRequest,
  idempotencyKey?: string,
  createdBy: string | null = null,
): Promise<StartedComparison> {
  checkTargets(env, request);
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ApiError("invalid_request", "Idempotency-Key must be 1 to 255 printable ASCII characters.");
  }
  const options = resolveOptions(request.options);
  const pairKey = await computePairKey(request.leftUrl, request.rightUrl);
  const sides = { left: request.leftUrl, right: request.rightUrl };
  const sealed = await sealOptions(env, options, pairHeadersPlace(pairKey, sides));
  const run = { leftUrl: request.leftUrl, rightUrl: request.rightUrl, ...sealed, createdBy };
  const idempotency =
    idempotencyKey === undefined
      ? undefined
      : { key: idempotencyKey, requestHash: await requestHash({ ...request, options }) };
  return launch(env, await prepare(env, run, idempotency), "abandon");
}

/**
 * Starts a queued comparison whose header values are already sealed: a watch's run, a suite's item.
 * Once only, however often it is delivered: a watch run by its Idempotency-Key, a suite item by
 * the comparisonId its run chose. A replay re-creates the workflow of a comparison left without one.
 */
export async function startSealedComparison(
  env: Env,
  run: SealedRun & ({ comparisonId: string } | { idempotencyKey: string }),
): Promise<StartedComparison> {
  checkTargets(env, run);
  const { idempotencyKey, ...rest } = { idempotencyKey: undefined, ...run };
  const idempotency =
    idempotencyKey === undefined
      ? undefined
      : {
          key: idempotencyKey,
          requestHash: await requestHash({ leftUrl: run.leftUrl, rightUrl: run.rightUrl, options: run.options }),
        };
  return launch(env, await prepare(env, rest, idempotency), "keep");
}

/** Fails a prepared comparison whose workflow could not be created: nothing else would ever end it. */
export async function abandonComparison(env: Env, prepared: { pairKey: string; state: ComparisonState }) {
  await env.ENV_PAIR.getByName(prepared.pairKey).failComparison(prepared.state.comparisonId, {
    code: "internal",
    message: "The comparison could not be started.",
  });
}

async function prepare(env: Env, run: SealedRun, idempotency: Idempotency): Promise<PreparedComparison> {
  const pairKey = await computePairKey(run.leftUrl, run.rightUrl);
  const stub = env.ENV_PAIR.getByName(pairKey);
  // The pair's saved settings are the defaults of every run, manual, watch or suite; what the run
  // sets wins (src/shapes/settings.ts). Settings hold no header values, so the sealed ones stay.
  const saved = await stub.getSettings();
  const options = withPairSettings(saved?.settings ?? null, run.options);
  // Listed before the object keeps it, so a key rotation reaches the object (src/secrets/sealed-pairs.ts).
  if (run.sealedHeaders) await notePairSealed(directoryDb(env.DB), await loadKeyring(env), pairKey, run.sealedHeaders);
  const { suite, ...input } = run;
  const started = await stub.startComparison({ ...input, options, idempotency });
  const { state } = started;
  if (started.outcome === "conflict") {
    throw new ApiError(
      "idempotency_conflict",
      "This Idempotency-Key was already used with a different request for this pair.",
      { comparisonId: state.comparisonId },
    );
  }
  const workflow = {
    id: workflowInstanceId(state.comparisonId),
    params: {
      comparisonId: state.comparisonId,
      pairKey,
      leftUrl: run.leftUrl,
      rightUrl: run.rightUrl,
      // Instance params are kept and shown by the platform: header names only, values sealed.
      options: readerOptions(options),
      sealedHeaders: run.sealedHeaders,
      // The pair's saved headers: sent under the run's own, name by name (src/secrets/request-headers.ts).
      settingsSealedHeaders: saved?.sealedHeaders ?? null,
      ...(suite ? { suite } : {}),
    },
  };
  return { outcome: started.outcome, pairKey, state, workflow };
}

async function launch(env: Env, prepared: PreparedComparison, onFailure: OnCreateFailure): Promise<StartedComparison> {
  const { outcome, pairKey, state } = prepared;
  if (outcome === "replayed") {
    // Only a queued start (onFailure "keep") can have left a running comparison without its workflow.
    if (onFailure === "keep" && state.status === "running") await createIfMissing(env, prepared.workflow);
    return { outcome, pairKey, state };
  }
  try {
    await env.COMPARE_WORKFLOW.create(prepared.workflow);
  } catch (error) {
    // Without a workflow nothing would finish it but the deadline watchdog: a client is answered
    // with the error, so fail it now; a queued start is retried, and the retry creates it.
    if (onFailure === "abandon") await abandonComparison(env, prepared);
    throw error;
  }
  return { outcome, pairKey, state };
}

/** Creates the workflow unless it exists; true when this call created it. */
export async function createIfMissing(env: Env, workflow: CompareWorkflowCreate): Promise<boolean> {
  try {
    await env.COMPARE_WORKFLOW.create(workflow);
    log("warn", "workflow.recreated", { comparisonId: workflow.params.comparisonId });
    return true;
  } catch (error) {
    if (String(error instanceof Error ? error.message : error).includes("already_exists")) return false;
    throw error;
  }
}
