/**
 * Starting a comparison, shared by POST /api/compare and the watches' cron tick: check both
 * targets with the SSRF guard, record the comparison in the pair's object, then hand it to
 * CompareWorkflow. Failures are ApiErrors, for the API to render and the tick to log.
 */
import { computePairKey } from "../pair-key";
import { checkTarget } from "../probe/url-guard";
import type { ComparisonState } from "../shapes/comparison";
import { resolveOptions } from "../shapes/options";
import { withPairSettings } from "../shapes/settings";
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
  const allowPrivate = env.ALLOW_PRIVATE_TARGETS === "true";
  for (const side of ["leftUrl", "rightUrl"] as const) {
    const verdict = checkTarget(request[side], { allowPrivate });
    if (!verdict.ok) throw new ApiError("blocked_target", `${side} is not allowed: ${verdict.reason}`, { field: side });
  }
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ApiError("invalid_request", "Idempotency-Key must be 1 to 255 printable ASCII characters.");
  }

  const pairKey = await computePairKey(request.leftUrl, request.rightUrl);
  const stub = env.ENV_PAIR.getByName(pairKey);
  // The pair's saved settings are the defaults; what the request sets wins (src/shapes/settings.ts).
  const saved = await stub.getSettings();
  const options = withPairSettings(saved?.settings ?? null, resolveOptions(request.options));
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

  try {
    await env.COMPARE_WORKFLOW.create({
      id: workflowInstanceId(state.comparisonId),
      params: {
        comparisonId: state.comparisonId,
        pairKey,
        leftUrl: request.leftUrl,
        rightUrl: request.rightUrl,
        options,
      },
    });
  } catch (error) {
    // Without a workflow nothing would ever finish it: fail it now rather than leave it running.
    await stub.failComparison(state.comparisonId, {
      code: "internal",
      message: "The comparison could not be started.",
    });
    throw error;
  }
  return { outcome: "created", pairKey, state };
}
