/**
 * /api/compare: start a comparison (POST) and read one (GET). Starting (startComparison)
 * checks both targets with the SSRF guard, records the comparison in the pair's object,
 * then hands it to CompareWorkflow.
 */
import { Hono } from "hono";
import { type AppEnv, createdBy, requireScope } from "../auth/scope";
import { parseComparisonId } from "../pair-key";
import { ApiError } from "./errors";
import { strictJsonBody } from "./json-body";
import { rateLimit } from "./rate-limit";
import { compareRequestSchema, comparisonIdParamSchema } from "./schemas";
import { startComparison } from "./start-comparison";
import { limitBody, requireJson, validate } from "./validate";

// Shared with the watches' cron tick, which starts comparisons the same way.

export const compareApi = new Hono<AppEnv>()
  // Order matters: who is calling first, then the rate limit refuses before anything is read, then type, size, encoding and shape.
  .post(
    "/",
    requireScope("compare"),
    rateLimit,
    requireJson,
    limitBody,
    strictJsonBody,
    validate("json", compareRequestSchema),
    async (c) => {
      const started = await startComparison(c.env, c.req.valid("json"), c.req.header("idempotency-key"), createdBy(c));
      const { state } = started;
      const location = `/api/compare/${state.comparisonId}`;
      if (started.outcome === "replayed") return c.json(state, 200, { Location: location });
      const accepted = {
        comparisonId: state.comparisonId,
        pairKey: started.pairKey,
        status: "running" as const,
        createdAt: state.createdAt,
      };
      return c.json(accepted, 202, { Location: location });
    },
  )
  .get("/:comparisonId", requireScope("read"), validate("param", comparisonIdParamSchema), async (c) => {
    const { comparisonId } = c.req.valid("param");
    const parsed = parseComparisonId(comparisonId);
    if (!parsed) throw new ApiError("invalid_request", "Invalid comparisonId.");
    const state = await c.env.ENV_PAIR.getByName(parsed.pairKey).getComparison(comparisonId);
    if (!state) throw new ApiError("not_found", `No comparison ${comparisonId}: it never existed or left the ring.`);
    return c.json(state);
  });
