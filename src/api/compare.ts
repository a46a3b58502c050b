/**
 * /api/compare: start a comparison (POST) and read one (GET). Starting checks both
 * targets with the SSRF guard, records the comparison in the pair's object, then hands
 * it to CompareWorkflow.
 */
import { Hono } from "hono";
import { computePairKey, parseComparisonId } from "../pair-key";
import { checkTarget } from "../probe/url-guard";
import { resolveOptions } from "../shapes/options";
import { ApiError } from "./errors";
import { requestHash } from "./request-hash";
import { compareRequestSchema, comparisonIdParamSchema } from "./schemas";
import { limitBody, requireJson, validate } from "./validate";

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Workflow instance ids allow 100 characters; the comparisonId's uuid half is unique and fits. */
export function workflowInstanceId(comparisonId: string): string {
  return comparisonId.slice(comparisonId.indexOf(":") + 1);
}

export const compareApi = new Hono<{ Bindings: Env }>()
  .post("/", requireJson, limitBody, validate("json", compareRequestSchema), async (c) => {
    const request = c.req.valid("json");
    const allowPrivate = c.env.ALLOW_PRIVATE_TARGETS === "true";
    for (const side of ["leftUrl", "rightUrl"] as const) {
      const verdict = checkTarget(request[side], { allowPrivate });
      if (!verdict.ok)
        throw new ApiError("blocked_target", `${side} is not allowed: ${verdict.reason}`, { field: side });
    }

    const key = c.req.header("idempotency-key");
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new ApiError("invalid_request", "Idempotency-Key must be 1 to 255 printable ASCII characters.");
    }
    const options = resolveOptions(request.options);
    const pairKey = await computePairKey(request.leftUrl, request.rightUrl);
    const stub = c.env.ENV_PAIR.getByName(pairKey);
    const started = await stub.startComparison({
      leftUrl: request.leftUrl,
      rightUrl: request.rightUrl,
      options,
      idempotency: key === undefined ? undefined : { key, requestHash: await requestHash({ ...request, options }) },
    });
    const { state } = started;
    const location = `/api/compare/${state.comparisonId}`;
    if (started.outcome === "conflict") {
      throw new ApiError(
        "idempotency_conflict",
        "This Idempotency-Key was already used with a different request for this pair.",
        { comparisonId: state.comparisonId },
      );
    }
    if (started.outcome === "replayed") return c.json(state, 200, { Location: location });

    try {
      await c.env.COMPARE_WORKFLOW.create({
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
    const accepted = {
      comparisonId: state.comparisonId,
      pairKey,
      status: "running" as const,
      createdAt: state.createdAt,
    };
    return c.json(accepted, 202, { Location: location });
  })
  .get("/:comparisonId", validate("param", comparisonIdParamSchema), async (c) => {
    const { comparisonId } = c.req.valid("param");
    const parsed = parseComparisonId(comparisonId);
    if (!parsed) throw new ApiError("invalid_request", "Invalid comparisonId.");
    const state = await c.env.ENV_PAIR.getByName(parsed.pairKey).getComparison(comparisonId);
    if (!state) throw new ApiError("not_found", `No comparison ${comparisonId}: it never existed or left the ring.`);
    return c.json(state);
  });
