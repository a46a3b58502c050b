/**
 * /api/suites: many paths of two base URLs compared in one run (docs/suites.md). POST creates a
 * suite and runs it, PATCH /:suiteId edits it, POST /:suiteId/runs runs it again, GET reads a suite
 * with its newest run, GET /:suiteId/runs/:number one run by its number in the suite (from 1),
 * PUT/DELETE /:suiteId/watch schedule it on the cron tick. A suite call counts once against the
 * rate limit, and each run is charged its probes against the caller's suite budget (suite-budget.ts).
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { idempotencyOf } from "../compare/idempotency";
import { sealOptions } from "../compare/start";
import { blockedTarget } from "../compare/targets";
import { decodeCursor, encodeCursor } from "../cursor";
import { d1Db } from "../db/d1";
import type { SuiteRunRow } from "../db/d1-schema";
import { suiteHeadersPlace } from "../secrets/request-headers";
import type { SuiteAccepted, SuiteDetail } from "../shapes/suite";
import {
  MAX_SUITE_BODY_BYTES,
  suiteIdParamSchema,
  suiteListQuerySchema,
  suitePatchSchema,
  suiteRequestSchema,
  suiteRunParamSchema,
} from "../shapes/suite-routes";
import { planEdit, saveEdit } from "../suites/edit";
import { planSuite } from "../suites/plan";
import { earlierRun } from "../suites/run-keys";
import { type ClientRun, rerunRequest, startClientRun } from "../suites/start-run";
import {
  definitionColumns,
  getRun,
  getRunByNumber,
  getSuite,
  getWatchedSuite,
  listSuites,
  SUITE_RUNS_KEPT,
} from "../suites/store";
import { runView, toSuiteDetail, toSuiteSummary } from "../suites/suite-shape";
import { type AppEnv, createdBy, hasScope, requireScope } from "./auth";
import { ApiError } from "./errors";
import { strictJsonBody } from "./json-body";
import { rateLimit } from "./rate-limit";
import { checkSuiteRunFits, spendSuiteBudget, suiteRunProbes } from "./suite-budget";
import { suiteWatchApi } from "./suite-watch";
import { emptyJsonBody, limitBody, requireJson, validate } from "./validate";

const limitSuiteBody = bodyLimit({
  maxSize: MAX_SUITE_BODY_BYTES,
  onError: () => {
    throw new ApiError("payload_too_large", `The request body is larger than ${MAX_SUITE_BODY_BYTES / 1024} KiB.`);
  },
});

const unknownSuite = (suiteId: string) => new ApiError("not_found", `No suite ${suiteId}.`);

function accepted(run: Pick<SuiteRunRow, "suiteId" | "id" | "number" | "itemCount" | "createdAt">): SuiteAccepted {
  return {
    suiteId: run.suiteId,
    number: run.number,
    runId: run.id,
    status: "running",
    paths: run.itemCount,
    createdAt: new Date(run.createdAt).toISOString(),
  };
}

/** The 202 of a run started or replayed; a refused target is the client's 400. */
function respond(
  c: { json: (body: unknown, status: 202, headers: Record<string, string>) => Response },
  result: ClientRun,
) {
  if (result.outcome === "refused") throw blockedTarget(result.refusal);
  const headers: Record<string, string> = { Location: `/api/suites/${result.run.suiteId}` };
  if (result.outcome === "replayed") headers["Idempotent-Replayed"] = "true";
  return c.json(accepted(result.run), 202, headers);
}

/** A suite with its watch and newest run, as GET /api/suites/:suiteId (and an edit) answers it. */
async function suiteDetail(c: Context<AppEnv>, suiteId: string): Promise<SuiteDetail> {
  const db = d1Db(c.env.DB);
  const watched = await getWatchedSuite(db, suiteId);
  if (!watched) throw unknownSuite(suiteId);
  const { suite } = watched;
  const run = suite.lastRunId === null ? null : await getRun(db, suite.lastRunId);
  const view = { fullWebhookUrl: hasScope(c, "admin") };
  return toSuiteDetail(watched, run ? await runView(db, suite, run) : null, view);
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
      const db = d1Db(c.env.DB);
      const idempotency = await idempotencyOf(
        c.env,
        c.req.header("idempotency-key"),
        { identity: createdBy(c), route: "POST /api/suites" },
        body,
      );
      const earlier = await earlierRun(db, idempotency);
      if (earlier) return respond(c, { outcome: "replayed", run: earlier });

      const plan = await planSuite(c.env, body);
      // What the run may send is charged before anything is stored: the rate limit counted only the call.
      await spendSuiteBudget(c, suiteRunProbes(plan.paths.length, plan.options));
      const suiteId = crypto.randomUUID();
      const definitionId = crypto.randomUUID();
      const createdAt = Date.now();
      // Header values are sealed before anything is stored, bound to this suite and each side to its
      // base; the suite keeps them sealed for re-runs, and each item gets them rebound to its own pair.
      const sealed = await sealOptions(c.env, plan.options, suiteHeadersPlace(suiteId, plan));
      const result = await startClientRun(
        c.env,
        {
          suiteId,
          definitionId,
          ...plan,
          ...sealed,
          trigger: "api",
          idempotency,
          newSuite: {
            row: {
              id: suiteId,
              name: body.name ?? null,
              leftBase: plan.leftBase,
              rightBase: plan.rightBase,
              createdAt,
              createdBy: createdBy(c),
            },
            definition: {
              id: definitionId,
              suiteId,
              ...definitionColumns(plan.paths, body.discover ?? null, sealed),
              createdAt,
              createdBy: createdBy(c),
            },
          },
        },
        idempotency,
      );
      return respond(c, result);
    },
  )
  .get("/", requireScope("read"), validate("query", suiteListQuerySchema), async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const before = cursor === undefined ? null : decodeCursor(cursor);
    if (cursor !== undefined && !before)
      throw new ApiError("invalid_request", "Invalid cursor: pass a nextCursor back.");
    const rows = await listSuites(d1Db(c.env.DB), limit + 1, before);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json({
      suites: page.map((row) => toSuiteSummary(row, { fullWebhookUrl: hasScope(c, "admin") })),
      nextCursor:
        rows.length > limit && last ? encodeCursor({ at: last.suite.lastRunAt ?? 0, id: last.suite.id }) : null,
    });
  })
  .get("/:suiteId", requireScope("read"), validate("param", suiteIdParamSchema), async (c) => {
    return c.json(await suiteDetail(c, c.req.valid("param").suiteId));
  })
  .patch(
    "/:suiteId",
    // Admin, like the watch that runs it unattended; rate-limited, since discovery fetches a document.
    requireScope("admin"),
    rateLimit,
    requireJson,
    limitSuiteBody,
    strictJsonBody,
    validate("param", suiteIdParamSchema),
    validate("json", suitePatchSchema),
    async (c) => {
      const { suiteId } = c.req.valid("param");
      const suite = await getSuite(d1Db(c.env.DB), suiteId);
      if (!suite) throw unknownSuite(suiteId);
      const plan = await planEdit(c.env, suite, c.req.valid("json"));
      // Charged nothing (no run starts), but a suite no run of which fits the budget is refused as at creation.
      checkSuiteRunFits(c, suiteRunProbes(plan.paths.length, plan.options));
      if (!(await saveEdit(c.env, suite, plan, createdBy(c)))) throw unknownSuite(suiteId);
      return c.json(await suiteDetail(c, suiteId));
    },
  )
  .get("/:suiteId/runs/:number", requireScope("read"), validate("param", suiteRunParamSchema), async (c) => {
    const { suiteId, number } = c.req.valid("param");
    const db = d1Db(c.env.DB);
    const suite = await getSuite(db, suiteId);
    if (!suite) throw unknownSuite(suiteId);
    const run = await getRunByNumber(db, suiteId, number);
    if (!run) {
      throw new ApiError(
        "not_found",
        `Suite ${suiteId} has no run ${number}: runs are numbered from 1, and only the newest ${SUITE_RUNS_KEPT} are kept.`,
      );
    }
    return c.json(await runView(db, suite, run));
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
      const db = d1Db(c.env.DB);
      const idempotency = await idempotencyOf(
        c.env,
        c.req.header("idempotency-key"),
        { identity: createdBy(c), route: `POST /api/suites/${suiteId}/runs` },
        {},
      );
      const suite = await getSuite(db, suiteId);
      if (!suite) throw unknownSuite(suiteId);
      // A replay starts nothing, so it is not charged.
      const earlier = await earlierRun(db, idempotency);
      if (earlier) return respond(c, { outcome: "replayed", run: earlier });
      const request = rerunRequest(suite, "api", idempotency);
      await spendSuiteBudget(c, suiteRunProbes(request.paths.length, request.options));
      return respond(c, await startClientRun(c.env, request, idempotency));
    },
  )
  .route("/", suiteWatchApi);
