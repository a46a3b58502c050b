/**
 * /api/suites: many paths of two base URLs compared in one run (docs/suites.md). POST creates a
 * suite and runs it, POST /:suiteId/runs runs it again, GET reads a suite with its newest run,
 * PUT/DELETE /:suiteId/watch schedule it on the cron tick. A suite call counts once against the
 * rate limit, and each run is charged its probes against the caller's suite budget (suite-budget.ts).
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type AppEnv, createdBy, hasScope, requireScope } from "../auth/scope";
import type { SuiteRow, SuiteRunRow } from "../db/directory-schema";
import { directoryDb } from "../directory/store";
import { suiteHeadersPlace } from "../secrets/request-headers";
import type { SuiteAccepted } from "../shapes/suite";
import { earlierRun, type Idempotency, idempotencyOf, isDuplicateKey } from "../suites/idempotency";
import { planSuite } from "../suites/plan";
import { type RunRequest, rerunRequest, startRun } from "../suites/start-run";
import { getRun, getSuite, listSuites } from "../suites/store";
import { runView, toSuiteDetail, toSuiteSummary } from "../suites/view";
import { ApiError } from "./errors";
import { strictJsonBody } from "./json-body";
import { rateLimit } from "./rate-limit";
import { sealOptions } from "./start-comparison";
import { spendSuiteBudget, suiteRunProbes } from "./suite-budget";
import { MAX_SUITE_BODY_BYTES, suiteIdParamSchema, suiteListQuerySchema, suiteRequestSchema } from "./suite-schemas";
import { suiteWatchApi } from "./suite-watch";
import { emptyJsonBody, limitBody, requireJson, validate } from "./validate";

const limitSuiteBody = bodyLimit({
  maxSize: MAX_SUITE_BODY_BYTES,
  onError: () => {
    throw new ApiError("payload_too_large", `The request body is larger than ${MAX_SUITE_BODY_BYTES / 1024} KiB.`);
  },
});

const unknownSuite = (suiteId: string) => new ApiError("not_found", `No suite ${suiteId}.`);

function accepted(run: Pick<SuiteRunRow, "suiteId" | "id" | "itemCount" | "createdAt">): SuiteAccepted {
  return {
    suiteId: run.suiteId,
    runId: run.id,
    status: "running",
    paths: run.itemCount,
    createdAt: new Date(run.createdAt).toISOString(),
  };
}

/** Starts the run; a racing request with the same Idempotency-Key that won is replayed instead. */
async function runOrReplay(env: Env, request: RunRequest): Promise<{ body: SuiteAccepted; replayed: boolean }> {
  try {
    const started = await startRun(env, request);
    const body = accepted({ suiteId: request.suiteId, id: started.runId, itemCount: request.paths.length, ...started });
    return { body, replayed: false };
  } catch (error) {
    const winner = isDuplicateKey(error) ? await earlierRun(directoryDb(env.DB), request.idempotency) : null;
    if (!winner) throw error;
    return { body: accepted(winner), replayed: true };
  }
}

function respond(
  c: { json: (body: unknown, status: 202, headers: Record<string, string>) => Response },
  result: { body: SuiteAccepted; replayed: boolean },
) {
  const headers: Record<string, string> = { Location: `/api/suites/${result.body.suiteId}` };
  if (result.replayed) headers["Idempotent-Replayed"] = "true";
  return c.json(result.body, 202, headers);
}

function encodeCursor(row: SuiteRow): string {
  return btoa(JSON.stringify([row.lastRunAt, row.id]))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

function decodeCursor(text: string): { at: number; id: string } | null {
  try {
    const [at, id] = JSON.parse(atob(text.replaceAll("-", "+").replaceAll("_", "/"))) as unknown[];
    return Number.isSafeInteger(at) && typeof id === "string" ? { at: at as number, id } : null;
  } catch {
    return null;
  }
}

export const suitesApi = new Hono<AppEnv>()
  // Order matters, as on /api/compare: scope, then the rate limit before anything is read.
  .post(
    "/",
    requireScope("compare"),
    rateLimit,
    requireJson,
    limitSuiteBody,
    strictJsonBody,
    validate("json", suiteRequestSchema),
    async (c) => {
      const body = c.req.valid("json");
      const db = directoryDb(c.env.DB);
      const idempotency: Idempotency | null = await idempotencyOf(
        c.req.header("idempotency-key"),
        "POST /api/suites",
        body,
      );
      const earlier = await earlierRun(db, idempotency);
      if (earlier) return respond(c, { body: accepted(earlier), replayed: true });

      const plan = await planSuite(c.env, body);
      // What the run may send is charged before anything is stored: the rate limit counted only the call.
      await spendSuiteBudget(c, suiteRunProbes(plan.paths.length, plan.options));
      const suiteId = crypto.randomUUID();
      // Header values are sealed before anything is stored, bound to this suite and each side to its
      // base; the suite keeps them sealed for re-runs, and each path gets them rebound to its own pair.
      const sealed = await sealOptions(c.env, plan.options, suiteHeadersPlace(suiteId, plan));
      const result = await runOrReplay(c.env, {
        suiteId,
        ...plan,
        ...sealed,
        trigger: "api",
        idempotency,
        newSuite: {
          id: suiteId,
          name: body.name ?? null,
          leftBase: plan.leftBase,
          rightBase: plan.rightBase,
          pathsJson: JSON.stringify(plan.paths),
          discoverJson: body.discover ? JSON.stringify(body.discover) : null,
          optionsJson: JSON.stringify(sealed.options),
          sealedHeaders: sealed.sealedHeaders,
          createdAt: Date.now(),
          createdBy: createdBy(c),
        },
      });
      return respond(c, result);
    },
  )
  .get("/", requireScope("read"), validate("query", suiteListQuerySchema), async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const before = cursor === undefined ? null : decodeCursor(cursor);
    if (cursor !== undefined && !before)
      throw new ApiError("invalid_request", "Invalid cursor: pass a nextCursor back.");
    const rows = await listSuites(directoryDb(c.env.DB), limit + 1, before);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json({
      suites: page.map((row) => toSuiteSummary(row, { fullWebhookUrl: hasScope(c, "admin") })),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    });
  })
  .get("/:suiteId", requireScope("read"), validate("param", suiteIdParamSchema), async (c) => {
    const { suiteId } = c.req.valid("param");
    const db = directoryDb(c.env.DB);
    const suite = await getSuite(db, suiteId);
    if (!suite) throw unknownSuite(suiteId);
    const run = suite.lastRunId === null ? null : await getRun(db, suite.lastRunId);
    const view = { fullWebhookUrl: hasScope(c, "admin") };
    return c.json(toSuiteDetail(suite, run ? await runView(db, suite, run) : null, view));
  })
  .post(
    "/:suiteId/runs",
    requireScope("compare"),
    rateLimit,
    requireJson,
    limitBody,
    emptyJsonBody,
    validate("param", suiteIdParamSchema),
    async (c) => {
      const { suiteId } = c.req.valid("param");
      const db = directoryDb(c.env.DB);
      const idempotency = await idempotencyOf(c.req.header("idempotency-key"), `POST /api/suites/${suiteId}/runs`, {});
      const suite = await getSuite(db, suiteId);
      if (!suite) throw unknownSuite(suiteId);
      const earlier = await earlierRun(db, idempotency);
      if (earlier) return respond(c, { body: accepted(earlier), replayed: true });
      const request = rerunRequest(suite, "api", idempotency);
      await spendSuiteBudget(c, suiteRunProbes(request.paths.length, request.options));
      const result = await runOrReplay(c.env, request);
      return respond(c, result);
    },
  )
  .route("/", suiteWatchApi);
