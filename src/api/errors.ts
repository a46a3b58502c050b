/**
 * The API's errors, turned into the contract's JSON in one place (`toErrorResponse`, used by
 * app.onError). A domain failure (src/errors.ts) is mapped to its HTTP status in one exhaustive
 * switch; refusals that only HTTP has (sign-in, body size and type, the rate limit, validation) are
 * ApiErrors thrown by the API's own middleware. Public messages are deliberate; anything unexpected
 * is logged in full and answered with a generic `internal`.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { D1_MIGRATE_HINT, isMissingTable } from "../db/missing-tables";
import { DomainError, errorCode } from "../errors";
import { log } from "../log";
import type { ErrorCode } from "../shapes/errors";

export const API_ERRORS = {
  invalid_request: 400,
  blocked_target: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_conflict: 422,
  rate_limited: 429,
  internal: 500,
  auth_not_configured: 503,
  directory_unavailable: 503,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

export type ApiErrorCode = ErrorCode;

/** A refusal of the HTTP layer itself; the domain throws DomainError instead. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(code: ApiErrorCode, message: string, details?: unknown, headers: Record<string, string> = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export function errorBody(code: ApiErrorCode, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

const GENERIC = "Something went wrong on our side. Try again; if it persists, report it.";

interface Answer {
  code: ApiErrorCode;
  message: string;
  details?: unknown;
  headers?: Record<string, string>;
}

/** Maps anything a handler throws to the contract's error JSON. */
export function toErrorResponse(error: unknown, c: Context): Response {
  const known = classify(error);
  if (known.code === "internal") {
    log("error", "request.failed", {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? (error.stack ?? null) : null,
    });
  }
  return c.json(errorBody(known.code, known.message, known.details), API_ERRORS[known.code], known.headers);
}

/** A domain failure as an HTTP answer: one case per code, so a new code cannot go unmapped. */
function fromDomain(error: DomainError): Answer {
  switch (error.code) {
    case "invalid_request":
    case "blocked_target":
    case "not_found":
    case "idempotency_conflict":
      return { code: error.code, message: error.reason, details: error.details };
    case "secrets_unavailable":
      // An operator's configuration, not the client's request: a 500 that says what is missing.
      return { code: "internal", message: error.reason };
    case "invalid_transition":
      return { code: "internal", message: GENERIC };
    default: {
      const unmapped: never = error.code;
      throw new Error(`unmapped domain error ${String(unmapped)}`);
    }
  }
}

function classify(error: unknown): Answer {
  if (error instanceof ApiError) return error;
  if (error instanceof DomainError) return fromDomain(error);
  if (isMissingTable(error)) return { code: "directory_unavailable", message: D1_MIGRATE_HINT };
  // A domain error that crossed RPC (the pair's object) keeps only its code.
  if (errorCode(error) === "not_found") return { code: "not_found", message: "No such comparison." };
  if (error instanceof HTTPException) {
    // Hono's own refusals: its JSON validator on a body that is not JSON, and the like.
    if (error.status === 413) return { code: "payload_too_large", message: "The request body is too large." };
    if (error.status === 415) return { code: "unsupported_media_type", message: error.message };
    if (error.status === 404) return { code: "not_found", message: "Not found." };
    if (error.status < 500) {
      return { code: "invalid_request", message: error.message || "The request is not valid." };
    }
  }
  return { code: "internal", message: GENERIC };
}
