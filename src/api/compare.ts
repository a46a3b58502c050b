/**
 * /api/compare: start a comparison (POST) and read one (GET). Starting (startComparison)
 * checks both targets with the SSRF guard, records the comparison in the pair's object,
 * then hands it to CompareWorkflow. Reading answers an ETag, so a poller that sends
 * If-None-Match gets 304 until something changed, and `?view=summary` leaves the envelopes out.
 */

import { Hono } from "hono";
import { etag } from "hono/etag";
import { startComparison } from "../compare/start";
import { parseComparisonId } from "../pair-key";
import { compareRequestSchema, compareViewQuerySchema, comparisonIdParamSchema } from "../shapes/routes";
import { pendingSuiteComparison } from "../suites/pending-comparison";
import { type AppEnv, createdBy, requireScope } from "./auth";
import { comparisonSummary } from "./comparison-summary";
import { ApiError } from "./errors";
import { strictJsonBody } from "./json-body";
import { rateLimit } from "./rate-limit";
import { limitOptionsBody, requireJson, validate } from "./validate";

// Shared with the watches' cron tick, which starts comparisons the same way.

export const compareApi = new Hono<AppEnv>()
  // Order matters: who is calling first, then the rate limit refuses before anything is read, then type,
  // size, encoding and shape.
  .post(
    "/",
    requireScope("compare"),
    rateLimit,
    requireJson,
    limitOptionsBody,
    strictJsonBody,
    validate("json", compareRequestSchema),
    async (c) => {
      const started = await startComparison(c.env, c.req.valid("json"), c.req.header("idempotency-key"), createdBy(c));
      const { state } = started;
      // Everything in the 202 body is in the stored comparison, so a replay rebuilds it byte for byte.
      const accepted = {
        comparisonId: state.comparisonId,
        pairKey: started.pairKey,
        status: "running" as const,
        createdAt: state.createdAt,
      };
      const headers: Record<string, string> = { Location: `/api/compare/${state.comparisonId}` };
      if (started.outcome === "replayed") headers["Idempotent-Replayed"] = "true";
      return c.json(accepted, 202, headers);
    },
  )
  .get(
    "/:comparisonId",
    requireScope("read"),
    etag(),
    validate("param", comparisonIdParamSchema),
    validate("query", compareViewQuerySchema),
    async (c) => {
      const { comparisonId } = c.req.valid("param");
      const { view } = c.req.valid("query");
      const parsed = parseComparisonId(comparisonId);
      if (!parsed) throw new ApiError("invalid_request", "Invalid comparisonId.");
      const state =
        (await c.env.ENV_PAIR.getByName(parsed.pairKey).getComparison(comparisonId)) ??
        // A suite's path whose comparison the start queue has not started yet.
        (await pendingSuiteComparison(c.env, comparisonId));
      if (!state) throw new ApiError("not_found", `No comparison ${comparisonId}: it never existed or left the ring.`);
      // Revalidate every time: the ETag makes that a 304 with no body while nothing changed.
      c.header("Cache-Control", "no-cache");
      return c.json(view === "summary" ? comparisonSummary(state) : state);
    },
  );
