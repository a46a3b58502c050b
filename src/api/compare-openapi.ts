/** /api/compare in the OpenAPI document: start a comparison, read one. */
import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import {
  compareAcceptedSchema,
  compareRequestSchema,
  compareViewQuerySchema,
  comparisonIdParamSchema,
  comparisonStateSchema,
  comparisonStateSummarySchema,
  idempotencyHeaderSchema,
} from "../shapes/routes";
import { errors, json, operation, responseHeaders, START_ERRORS } from "./openapi-kit";

export const compareOperations: ZodOpenApiPathsObject = {
  "/api/compare": {
    post: operation("startComparison", "compare", {
      summary: "Start a comparison of two URLs",
      requestParams: { header: idempotencyHeaderSchema },
      requestBody: { required: true, ...json(compareRequestSchema) },
      responses: {
        "202": {
          description: "Started (or the replay of the request that started it); poll the Location",
          headers: z.object({
            Location: responseHeaders.location,
            "Idempotent-Replayed": responseHeaders.idempotentReplayed.optional(),
          }),
          ...json(compareAcceptedSchema),
        },
        ...errors(...START_ERRORS),
      },
    }),
  },
  "/api/compare/{comparisonId}": {
    get: operation("getComparison", "read", {
      summary: "Read a comparison: status, envelopes, differences and explanation",
      description: "Poll with `view=summary` and If-None-Match; read the full view once it is no longer running.",
      requestParams: {
        path: comparisonIdParamSchema,
        query: compareViewQuerySchema,
        header: z.object({
          "if-none-match": z.string().optional().meta({ description: "The ETag of an earlier answer." }),
        }),
      },
      responses: {
        "200": {
          description: "The comparison; in the summary view, an outline of each probe instead of its envelope",
          headers: z.object({ ETag: responseHeaders.etag }),
          ...json(z.union([comparisonStateSchema, comparisonStateSummarySchema])),
        },
        "304": {
          description: "Not modified since the ETag sent as If-None-Match",
          headers: z.object({ ETag: responseHeaders.etag }),
        },
        ...errors("invalid_request", "not_found"),
      },
    }),
  },
};
