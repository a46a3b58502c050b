/** /api/suites in the OpenAPI document (src/api/suites.ts, src/api/suite-watch.ts). */
import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { idempotencyHeaderSchema } from "../shapes/routes";
import { suiteAcceptedSchema, suiteDetailSchema, suiteRunSchema } from "../shapes/suite";
import {
  suiteIdParamSchema,
  suiteListQuerySchema,
  suiteListSchema,
  suitePatchSchema,
  suiteRequestSchema,
  suiteRunParamSchema,
  suiteWatchRequestSchema,
  suiteWatchResponseSchema,
} from "../shapes/suite-routes";
import { errors, json, operation, responseHeaders, START_ERRORS } from "./openapi-kit";

const accepted = {
  description: "Started, or replayed (Idempotent-Replayed: true)",
  headers: z.object({ "Idempotent-Replayed": responseHeaders.idempotentReplayed.optional() }),
  ...json(suiteAcceptedSchema),
};

export const suiteOperations: ZodOpenApiPathsObject = {
  "/api/suites": {
    post: operation("createSuite", "compare", {
      summary: "Compare many paths of two base URLs: create a suite and start its first run",
      requestParams: { header: idempotencyHeaderSchema },
      requestBody: json(suiteRequestSchema),
      responses: {
        "202": accepted,
        ...errors(...START_ERRORS),
      },
    }),
    get: operation("listSuites", "read", {
      summary: "Suites, most recently run first",
      requestParams: { query: suiteListQuerySchema },
      responses: {
        "200": { description: "A page of suites", ...json(suiteListSchema) },
        ...errors("invalid_request"),
      },
    }),
  },
  "/api/suites/{suiteId}": {
    get: operation("getSuite", "read", {
      summary: "A suite with its newest run: per path status, severity and history, totals and verdict",
      requestParams: { path: suiteIdParamSchema },
      responses: {
        "200": { description: "The suite", ...json(suiteDetailSchema) },
        ...errors("invalid_request", "not_found"),
      },
    }),
    patch: operation("editSuite", "admin", {
      summary: "Edit a suite: its name, paths (listed or discovered again) or options",
      description:
        "Any of `name`, `paths`, `discover` and `options`; an omitted field keeps its value, and the bases stay. " +
        "Checked as a new suite is (paths under the bases, discovery, the SSRF guard, the suite budget), and " +
        "charged nothing: no run starts. `options` replace the suite's whole; a header value (or a secret body) " +
        'given as "[redacted]" keeps the saved one. The suite keeps its runs, their numbers and its watch; its next ' +
        "run (by the API or the watch) uses the new definition, and a run in flight finishes with the one it started with.",
      requestParams: { path: suiteIdParamSchema },
      requestBody: json(suitePatchSchema),
      responses: {
        "200": { description: "The suite as edited, with its newest run", ...json(suiteDetailSchema) },
        ...errors(
          "invalid_request",
          "blocked_target",
          "not_found",
          "payload_too_large",
          "unsupported_media_type",
          "rate_limited",
        ),
      },
    }),
  },
  "/api/suites/{suiteId}/runs/{number}": {
    get: operation("getSuiteRun", "read", {
      summary: "One run of a suite by its number in the suite (1 for its first run); the newest 50 are kept",
      requestParams: { path: suiteRunParamSchema },
      responses: {
        "200": { description: "The run, with the paths of the definition it ran with", ...json(suiteRunSchema) },
        ...errors("invalid_request", "not_found"),
      },
    }),
  },
  "/api/suites/{suiteId}/runs": {
    post: operation("runSuite", "compare", {
      summary: "Run the suite again with its stored paths and options",
      description: "The body is empty or `{}`, sent as `application/json` like every write.",
      requestParams: { path: suiteIdParamSchema, header: idempotencyHeaderSchema },
      requestBody: { required: false, ...json(z.strictObject({}).meta({ id: "EmptyRequest" })) },
      responses: {
        "202": accepted,
        ...errors(
          "invalid_request",
          "blocked_target",
          "not_found",
          "payload_too_large",
          "unsupported_media_type",
          "idempotency_conflict",
          "rate_limited",
        ),
      },
    }),
  },
  "/api/suites/{suiteId}/watch": {
    put: operation("putSuiteWatch", "admin", {
      summary: "Run the suite every intervalMinutes; one signed webhook per run with drift",
      requestParams: { path: suiteIdParamSchema },
      requestBody: json(suiteWatchRequestSchema),
      responses: {
        "200": {
          description: "The watch; webhookSecret only when a new URL was set",
          ...json(suiteWatchResponseSchema),
        },
        ...errors("invalid_request", "blocked_target", "not_found", "payload_too_large", "unsupported_media_type"),
      },
    }),
    delete: operation("deleteSuiteWatch", "admin", {
      summary: "Stop watching the suite",
      requestParams: { path: suiteIdParamSchema },
      responses: { "204": { description: "No watch any more" }, ...errors("invalid_request", "not_found") },
    }),
  },
};
