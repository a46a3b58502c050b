/**
 * envdiff's Worker: the stateless Hono router under /api, the cron handler that runs
 * watches, plus the Durable Object and Workflow classes that wrangler binds by name.
 */
import { Hono } from "hono";
import { compareApi } from "./api/compare";
import { ApiError, toErrorResponse } from "./api/errors";
import { openApiDocument } from "./api/openapi";
import { pairsApi } from "./api/pairs";
import { suitesApi } from "./api/suites";
import { runDueWatches } from "./directory/watches";
import { log } from "./log";
import { runDueSuiteWatches } from "./suites/watches";

export { RateLimiterDO } from "./api/rate-limiter-do";
export { EnvPairDO } from "./do/env-pair-do";
export { CompareWorkflow } from "./workflow/compare-workflow";

const app = new Hono<{ Bindings: Env }>()
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
  .route("/api/compare", compareApi)
  .route("/api/pairs", pairsApi)
  .route("/api/suites", suitesApi)
  .get("/api/health", (c) => c.json({ ok: true }))
  .get("/api/openapi.json", (c) => c.json(openApiDocument(new URL(c.req.url).origin)))
  .notFound((c) => toErrorResponse(new ApiError("not_found", "No such route."), c))
  .onError(toErrorResponse);

export default {
  fetch: app.fetch,
  /** The watches' cron (wrangler.toml [triggers]): start the comparisons that are due. */
  async scheduled(controller, env) {
    await runDueWatches(env, controller.scheduledTime);
    await runDueSuiteWatches(env, controller.scheduledTime);
  },
} satisfies ExportedHandler<Env>;
