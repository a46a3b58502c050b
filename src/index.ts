/**
 * envdiff's Worker: the stateless Hono router under /api, the cron handler that runs
 * watches, plus the Durable Object and Workflow classes that wrangler binds by name.
 */
import { Hono } from "hono";
import type { AppEnv } from "./api/auth";
import { authenticate } from "./api/auth";
import { compareApi } from "./api/compare";
import { ApiError, toErrorResponse } from "./api/errors";
import { openApiDocument } from "./api/openapi";
import { pairSettingsApi } from "./api/pair-settings";
import { pairsApi } from "./api/pairs";
import { refuseCrossSiteWrites } from "./api/same-origin";
import { secretsApi } from "./api/secrets";
import { securityHeaders } from "./api/security-headers";
import { suitesApi } from "./api/suites";
import { tokensApi } from "./api/tokens";
import { whoamiApi } from "./api/whoami";
import { DEAD_LETTER_QUEUE, type StartMessage } from "./fanout/messages";
import { log } from "./log";
import { consumeDeadStarts, consumeStarts } from "./queue/consumer";
import { redispatchPendingRuns, sweepUnfinishedRuns } from "./suites/start-run";
import { upkeep } from "./watches/secret-upkeep";
import { enqueueDueWatches } from "./watches/tick";

export { EnvPairDO } from "./do/env-pair-do";
export { RateLimiterDO } from "./do/rate-limiter-do";
export { CompareWorkflow } from "./workflow/compare-workflow";

/** Routes anyone may call; every other route requires an identity (test/auth/routes.test.ts checks). */
export const PUBLIC_ROUTES = ["GET /api/health", "GET /api/openapi.json"] as const;

export const app = new Hono<AppEnv>()
  .use(async (c, next) => {
    const started = Date.now();
    await next();
    const comparisonId = c.res.headers.get("location")?.split("/").pop() ?? c.req.param("comparisonId") ?? null;
    log("info", "request", {
      method: c.req.method,
      path: new URL(c.req.url).pathname.slice(0, 200),
      status: c.res.status,
      ms: Date.now() - started,
      comparisonId,
    });
  })
  // No-sniff, no framing, no script: on every answer, errors and 404s included.
  .use(securityHeaders)
  // A write another site's page started is refused before anything else is read (same-origin.ts).
  .use("/api/*", refuseCrossSiteWrites)
  // Who is calling, before any route: requireScope on each route then decides.
  .use("/api/*", authenticate)
  .route("/api/compare", compareApi)
  .route("/api/pairs", pairsApi)
  .route("/api/tokens", tokensApi)
  .route("/api/whoami", whoamiApi)
  .route("/api/pairs", pairSettingsApi)
  .route("/api/suites", suitesApi)
  .route("/api/secrets", secretsApi)
  .get("/api/health", (c) => c.json({ ok: true }))
  .get("/api/openapi.json", (c) => c.json(openApiDocument(new URL(c.req.url).origin)))
  .notFound((c) => toErrorResponse(new ApiError("not_found", "No such route."), c))
  .onError(toErrorResponse);

export default {
  fetch: app.fetch,
  /**
   * The watches' cron (wrangler.toml [triggers]): hand the pair and suite watches that are due to
   * the start queue, send again the paths of suite runs whose sender died before sending them, and
   * sweep suite runs that stopped moving.
   */
  async scheduled(controller, env) {
    const now = controller.scheduledTime;
    await upkeep(env);
    await enqueueDueWatches(env, now);
    await redispatchPendingRuns(env, now);
    await sweepUnfinishedRuns(env, now);
  },
  /** The start queue's consumer and its dead-letter queue's (src/queue/consumer.ts, wrangler.toml). */
  async queue(batch, env) {
    if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadStarts(batch, env);
    else await consumeStarts(batch, env);
  },
} satisfies ExportedHandler<Env, StartMessage>;
