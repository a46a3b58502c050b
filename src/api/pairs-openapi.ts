/** /api/pairs in the OpenAPI document: the directory, a pair, its events, comparisons and watch. */
import type { ZodOpenApiPathsObject } from "zod-openapi";
import {
  eventsQuerySchema,
  listQuerySchema,
  pairComparisonsSchema,
  pairDetailSchema,
  pairEventsSchema,
  pairKeyParamSchema,
  pairListQuerySchema,
  pairListSchema,
  watchRequestSchema,
  watchResponseSchema,
} from "../shapes/routes";
import { errors, json, operation } from "./openapi-kit";

export const pairOperations: ZodOpenApiPathsObject = {
  "/api/pairs": {
    get: operation("listPairs", "read", {
      summary: "Every pair compared, most recently compared first (keyset pagination)",
      requestParams: { query: pairListQuerySchema },
      responses: {
        "200": { description: "A page of the pair directory", ...json(pairListSchema) },
        ...errors("invalid_request"),
      },
    }),
  },
  "/api/pairs/{pairKey}": {
    get: operation("getPair", "read", {
      summary: "A pair's latest outcome, its watch and its newest drift events",
      requestParams: { path: pairKeyParamSchema },
      responses: {
        "200": { description: "The pair", ...json(pairDetailSchema) },
        ...errors("invalid_request", "not_found"),
      },
    }),
  },
  "/api/pairs/{pairKey}/events": {
    get: operation("listPairEvents", "read", {
      summary: "A pair's drift events (new high-severity differences, resolved ones), newest first",
      requestParams: { path: pairKeyParamSchema, query: eventsQuerySchema },
      responses: {
        "200": { description: "The events", ...json(pairEventsSchema) },
        ...errors("invalid_request", "not_found"),
      },
    }),
  },
  "/api/pairs/{pairKey}/comparisons": {
    get: operation("listPairComparisons", "read", {
      summary: "A pair's comparisons, newest first",
      requestParams: { path: pairKeyParamSchema, query: listQuerySchema },
      responses: {
        "200": { description: "The pair's timeline", ...json(pairComparisonsSchema) },
        ...errors("invalid_request", "not_found"),
      },
    }),
  },
  "/api/pairs/{pairKey}/watch": {
    put: operation("putPairWatch", "admin", {
      summary: "Compare the pair every intervalMinutes, optionally POSTing drift events to a signed webhook",
      requestParams: { path: pairKeyParamSchema },
      requestBody: { required: true, ...json(watchRequestSchema) },
      responses: {
        "200": {
          description: "The watch; webhookSecret only when a new webhook URL was set",
          ...json(watchResponseSchema),
        },
        ...errors("invalid_request", "blocked_target", "not_found", "payload_too_large", "unsupported_media_type"),
      },
    }),
    delete: operation("deletePairWatch", "admin", {
      summary: "Stop watching the pair",
      requestParams: { path: pairKeyParamSchema },
      responses: {
        "204": { description: "No watch any more" },
        ...errors("invalid_request", "not_found"),
      },
    }),
  },
};
