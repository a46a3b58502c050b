/**
 * Starting a comparison, shared by POST /api/compare, the watches' start queue and suites: check
 * both targets with the SSRF guard, record the comparison in the pair's object, then hand it to
 * CompareWorkflow. Failures are ApiErrors, for the API to render and the tick to log.
 * Header values are sealed here, before they reach the object, D1 or the Workflow params.
 * Suites (src/suites/start-run.ts) use the same path, one prepareSealedComparison per path, and
 * start the workflows in batches.
 */
import { computePairKey } from "../pair-key";
import { checkTarget } from "../probe/url-guard";
import { SecretsConfigError } from "../secrets/crypto";
import { sealRequestHeaders } from "../secrets/request-headers";
import type { ComparisonState } from "../shapes/comparison";
import { type CompareOptions, resolveOptions } from "../shapes/options";
import { withPairSettings } from "../shapes/settings";
import type { CompareParams } from "../workflow/compare-workflow";
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
}

type Idempotency = { key: string; requestHash: string } | undefined;

/** A comparison recorded in its pair's object, with what its workflow is to be created with. */
export type PreparedComparison =
  | { outcome: "created"; pairKey: string; state: ComparisonState; workflow: CompareWorkflowCreate }
  | { outcome: "replayed"; pairKey: string; state: ComparisonState };

export interface CompareWorkflowCreate {
  id: string;
  params: CompareParams;
}

/** The SSRF guard's verdict on both targets of a request, as the API's `blocked_target`. */
export function checkTargets(env: Env, run: { leftUrl: string; rightUrl: string }): void {
  const allowPrivate = env.ALLOW_PRIVATE_TARGETS === "true";
  for (const side of ["leftUrl", "rightUrl"] as const) {
    const verdict = checkTarget(run[side], { allowPrivate });
    if (!verdict.ok) throw new ApiError("blocked_target", `${side} is not allowed: ${verdict.reason}`, { field: side });
  }
}

/** Seals the header values of `options`; a Worker without its key refuses rather than keep them in clear. */
export async function sealOptions(env: Env, options: CompareOptions) {
  try {
    return await sealRequestHeaders(env, options);
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
  const sealed = await sealOptions(env, options);
  const run = { leftUrl: request.leftUrl, rightUrl: request.rightUrl, ...sealed, createdBy };
  const idempotency =
    idempotencyKey === undefined
      ? undefined
      : { key: idempotencyKey, requestHash: await requestHash({ ...request, options }) };
  return launch(env, await prepare(env, run, idempotency));
}

/**
 * Starts a comparison whose header values are already sealed: a watch's run. Its Idempotency-Key
 * (one per watch run) makes a redelivered start replay instead of starting twice.
 */
export async function startSealedComparison(
  env: Env,
  run: SealedRun,
  idempotencyKey?: string,
): Promise<StartedComparison> {
  checkTargets(env, run);
  const idempotency =
    idempotencyKey === undefined
      ? undefined
      : {
          key: idempotencyKey,
          requestHash: await requestHash({ leftUrl: run.leftUrl, rightUrl: run.rightUrl, options: run.options }),
        };
  return launch(env, await prepare(env, run, idempotency));
}

/**
 * Everything of startSealedComparison but the workflow: checks, records the comparison (`running`)
 * in its pair's object and returns the workflow's create parameters, so that callers starting many
 * (suites) can hand them to COMPARE_WORKFLOW.createBatch. A caller that does not start the
 * workflow must call abandonComparison, or the comparison stays running until its deadline.
 */
export async function prepareSealedComparison(env: Env, run: SealedRun): Promise<PreparedComparison> {
  checkTargets(env, run);
  return prepare(env, run, undefined);
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
  const started = await stub.startComparison({ ...run, options, idempotency });
  const { state } = started;
  if (started.outcome === "conflict") {
    throw new ApiError(
      "idempotency_conflict",
      "This Idempotency-Key was already used with a different request for this pair.",
      { comparisonId: state.comparisonId },
    );
  }
  if (started.outcome === "replayed") return { outcome: "replayed", pairKey, state };
  const workflow = {
    id: workflowInstanceId(state.comparisonId),
    params: {
      comparisonId: state.comparisonId,
      pairKey,
      leftUrl: run.leftUrl,
      rightUrl: run.rightUrl,
      // Instance params are kept and shown by the platform: redacted options, sealed values only.
      options,
      sealedHeaders: run.sealedHeaders,
      // The pair's saved headers: sent under the run's own, name by name (src/secrets/request-headers.ts).
      settingsSealedHeaders: saved?.sealedHeaders ?? null,
    },
  };
  return { outcome: "created", pairKey, state, workflow };
}

async function launch(env: Env, prepared: PreparedComparison): Promise<StartedComparison> {
  if (prepared.outcome === "replayed") return prepared;
  try {
    await env.COMPARE_WORKFLOW.create(prepared.workflow);
  } catch (error) {
    // Without a workflow nothing would ever finish it: fail it now rather than leave it running.
    await abandonComparison(env, prepared);
    throw error;
  }
  return { outcome: "created", pairKey: prepared.pairKey, state: prepared.state };
}
