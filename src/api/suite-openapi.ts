/** The /api/suites part of GET /api/openapi.json, from the same schemas the routes validate with. */
import { z } from "zod";
import { suiteAcceptedSchema, suiteDetailSchema } from "../shapes/suite";
import type { ApiErrorCode } from "./errors";
import { watchRequestSchema } from "./schemas";
import {
  suiteIdParamSchema,
  suiteListQuerySchema,
  suiteListSchema,
  suiteRequestSchema,
  suiteWatchResponseSchema,
} from "./suite-schemas";

type JsonContent = { content: { "application/json": { schema: z.ZodType } } };

/** openapi.ts's own helpers, passed in so this module does not import it back. */
interface Helpers {
  json: (schema: z.ZodType) => JsonContent;
  errors: (...codes: ApiErrorCode[]) => Record<string, JsonContent & { description: string }>;
}

const idempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .optional()
    .meta({ description: "Replays the original answer for 24 hours when the same request is sent again." }),
});

export function suiteOpenApiPaths({ json, errors }: Helpers) {
  const accepted = { description: "Started (or replayed: Idempotent-Replayed: true)", ...json(suiteAcceptedSchema) };
  return {
    "/api/suites": {
      post: {
        summary: "Compare many paths of two base URLs: create a suite and start its first run",
        requestParams: { header: idempotencyHeader },
        requestBody: json(suiteRequestSchema),
        responses: {
          "202": accepted,
          ...errors(
            "invalid_request",
            "blocked_target",
            "payload_too_large",
            "unsupported_media_type",
            "idempotency_conflict",
            "rate_limited",
            "internal",
          ),
        },
      },
      get: {
        summary: "Suites, most recently run first",
        requestParams: { query: suiteListQuerySchema },
        responses: {
          "200": { description: "A page of suites", ...json(suiteListSchema) },
          ...errors("invalid_request"),
        },
      },
    },
    "/api/suites/{suiteId}": {
      get: {
        summary: "A suite with its newest run: per path status, severity and history, totals and verdict",
        requestParams: { path: suiteIdParamSchema },
        responses: {
          "200": { description: "The suite", ...json(suiteDetailSchema) },
          ...errors("invalid_request", "not_found"),
        },
      },
    },
    "/api/suites/{suiteId}/runs": {
      post: {
        summary: "Run the suite again with its stored paths and options",
        requestParams: { path: suiteIdParamSchema, header: idempotencyHeader },
        responses: {
          "202": accepted,
          ...errors("invalid_request", "blocked_target", "not_found", "idempotency_conflict", "rate_limited"),
        },
      },
    },
    "/api/suites/{suiteId}/watch": {
      put: {
        summary: "Run the suite every intervalMinutes; one signed webhook per run with drift",
        requestParams: { path: suiteIdParamSchema },
        requestBody: json(watchRequestSchema),
        responses: {
          "200": {
            description: "The watch; webhookSecret only when a new URL was set",
            ...json(suiteWatchResponseSchema),
          },
          ...errors("invalid_request", "blocked_target", "not_found"),
        },
      },
      delete: {
        summary: "Stop watching the suite",
        requestParams: { path: suiteIdParamSchema },
        responses: { "204": { description: "No watch any more" }, ...errors("invalid_request", "not_found") },
      },
    },
  };
}
