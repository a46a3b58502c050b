/**
 * The pieces every operation of the OpenAPI document is built from: JSON bodies, the contract's
 * error responses, the response headers clients rely on, and `operation()`, which gives each
 * operation its security (from the scope the route requires) and the errors every route can answer.
 * A new route describes itself with these in its own `*-openapi.ts` and is listed once in openapi.ts.
 */
import { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiResponsesObject } from "zod-openapi";
import { errorResponseSchema } from "../shapes/errors";
import type { Scope } from "./auth";
import { API_ERRORS, type ApiErrorCode } from "./errors";

export const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });

/** Response headers, each declared once as a component and referenced where answered. */
export const responseHeaders = {
  location: z.string().meta({
    description: "Where to read what was created, e.g. /api/compare/{comparisonId}.",
    header: { id: "Location" },
  }),
  retryAfter: z
    .string()
    .regex(/^\d+$/)
    .meta({ description: "Seconds to wait before trying again.", header: { id: "RetryAfter" } }),
  etag: z.string().meta({
    description: "Send it back as If-None-Match: the answer is 304 with no body while nothing changed.",
    header: { id: "ETag" },
  }),
  idempotentReplayed: z.literal("true").meta({
    description: "Present when this is the replayed answer to an earlier request with the same Idempotency-Key.",
    header: { id: "IdempotentReplayed" },
  }),
  wwwAuthenticate: z.string().meta({ description: "Bearer", header: { id: "WWWAuthenticate" } }),
};

const ERROR_HEADERS: Partial<Record<ApiErrorCode, z.ZodObject>> = {
  rate_limited: z.object({ "Retry-After": responseHeaders.retryAfter }),
  unauthorized: z.object({ "WWW-Authenticate": responseHeaders.wwwAuthenticate }),
};

/** The contract's error responses for `codes`, grouped by HTTP status. */
export function errors(...codes: ApiErrorCode[]): ZodOpenApiResponsesObject {
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of codes) byStatus.set(API_ERRORS[code], [...(byStatus.get(API_ERRORS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => {
      const headers = list.map((code) => ERROR_HEADERS[code]).find((h) => h !== undefined);
      return [
        String(status),
        { description: list.join(" | "), ...(headers ? { headers } : {}), ...json(errorResponseSchema) },
      ];
    }),
  );
}

/** What starting work (a comparison, a suite or its run) can be refused with, besides scope and 500. */
export const START_ERRORS: readonly ApiErrorCode[] = [
  "invalid_request",
  "blocked_target",
  "payload_too_large",
  "unsupported_media_type",
  "idempotency_conflict",
  "rate_limited",
];

/** Security schemes (contract § Who may call it); each operation lists the scope it needs as the role. */
export const securitySchemes = {
  apiToken: {
    type: "http",
    scheme: "bearer",
    description: "An envdiff API token (npm run token:create), sent as Authorization: Bearer <token>.",
  },
  cloudflareAccess: {
    type: "apiKey",
    in: "header",
    name: "Cf-Access-Jwt-Assertion",
    description: "The JWT Cloudflare Access adds in front of the Worker (a user or a service token).",
  },
} as const;

type Operation = Omit<ZodOpenApiOperationObject, "operationId" | "responses"> & {
  responses: ZodOpenApiResponsesObject;
};

/**
 * One operation: `scope` null means public (health, this document). Every operation may answer
 * 500; scoped ones also 401 and 403.
 */
export function operation(operationId: string, scope: Scope | "any" | null, op: Operation): ZodOpenApiOperationObject {
  if (scope === null) {
    return { ...op, operationId, security: [], responses: { ...op.responses, ...errors("internal") } };
  }
  return {
    ...op,
    operationId,
    description: [
      op.description,
      scope === "any" ? "Any signed-in identity." : `Scope: \`${scope}\` (\`admin\` implies every scope).`,
    ]
      .filter(Boolean)
      .join("\n\n"),
    security:
      scope === "any"
        ? [{ apiToken: [] }, { cloudflareAccess: [] }]
        : [{ apiToken: [scope] }, { cloudflareAccess: [scope] }],
    // 503 auth_not_configured: AUTH_MODE cannot work, and the message says what to set (fails closed).
    responses: { ...op.responses, ...errors("unauthorized", "forbidden", "auth_not_configured", "internal") },
  };
}
