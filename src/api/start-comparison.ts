/**
 * Starting a comparison, shared by POST /api/compare and the watches' cron tick: check both
 * targets with the SSRF guard, record the comparison in the pair's object, then hand it to
 * CompareWorkflow. Failures are ApiErrors, for the API to render and the tick to log.
 * Suites (src/suites/start-run.ts) use the same path, one prepareComparison per path, and start
 * the workflows in batches.
 */
import { computePairKey } from "../pair-key";
import { checkTarget } from "../probe/url-guard";
import type { ComparisonState } from "../shapes/comparison";
import { resolveOptions } from "../shapes/options";
import type { CompareParams } from "../workflow/compare-workflow";
import { ApiError } from "./errors";
import { requestHash } from "./request-hash";
import type { CompareRequest } from "./schemas";

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Workflow instance ids allow 100 characters; the comparisonId's uuid half is unique and fits. */
export function workflowInstanceId(comparisonId: string): string {
  return comparisonId.slice(comparisonId.indexOf(":") + 1);
}

export type StartedComparison =
  | { outcome: "created"; pairKey: string; state: ComparisonState }
  | { outcome: "replayed"; pairKey: string; state: ComparisonState };

/** Starts (or, for a repeated Idempotency-Key, replays) a comparison of a validated request. */
export async function startComparison(
  env: Env,
  request: CompareRequest,
  idempotencyKey?: string,
): Promise<StartedComparison> {
  const prepared = await prepareComparison(env, request, idempotencyKey);
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

/** The SSRF guard's verdict on both targets of a request, as the API's `blocked_target`. */
export function checkTargets(env: Env, request: Pick<CompareRequest, "leftUrl" | "rightUrl">): void {
  const allowPrivate = env.ALLOW_PRIVATE_TARGETS === "true";
  for (const side of ["leftUrl", "rightUrl"] as const) {
    const verdict = checkTarget(request[side], { allowPrivate });
    if (!verdict.ok) throw new ApiError("blocked_target", `${side} is not allowed: ${verdict.reason}`, { field: side });
  }
}

/** A comparison recorded in its pair's object, with what its workflow is to be created with. */
export type PreparedComparison =
  | { outcome: "created"; pairKey: string; state: ComparisonState; workflow: CompareWorkflowCreate }
  | { outcome: "replayed"; pairKey: string; state: ComparisonState };

export interface CompareWorkflowCreate {
  id: string;
  params: CompareParams;
}

/**
 * Everything of startComparison but the workflow: checks, records the comparison (`running`) in
 * its pair's object and returns the workflow's create parameters, so that callers starting many
 * (suites) can hand them to COMPARE_WORKFLOW.createBatch. A caller that does not start the
 * workflow must call abandonComparison, or the comparison stays running until its deadline.
 */
export async function prepareComparison(
  env: Env,
  request: CompareRequest,
  idempotencyKey?: string,
): Promise<PreparedComparison> {
  checkTargets(env, request);
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ApiError("invalid_request", "Idempotency-Key must be 1 to 255 printable ASCII characters.");
  }

  const options = resolveOptions(request.options);
  const pairKey = await computePairKey(request.leftUrl, request.rightUrl);
  const stub = env.ENV_PAIR.getByName(pairKey);
  const started = await stub.startComparison({
    leftUrl: request.leftUrl,
    rightUrl: request.rightUrl,
    options,
    idempotency:
      idempotencyKey === undefined
        ? undefined
        : { key: idempotencyKey, requestHash: await requestHash({ ...request, options }) },
  });
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
      leftUrl: request.leftUrl,
      rightUrl: request.rightUrl,
      options,
    },
  };
  return { outcome: "created", pairKey, state, workflow };
}

/** Fails a prepared comparison whose workflow could not be created: nothing else would ever end it. */
export async function abandonComparison(env: Env, prepared: { pairKey: string; state: ComparisonState }) {
  await env.ENV_PAIR.getByName(prepared.pairKey).failComparison(prepared.state.comparisonId, {
    code: "internal",
    message: "The comparison could not be started.",
  });
}
