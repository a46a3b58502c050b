/**
 * The contract's error body, `{ error: { code, message, details? } }`, and every code it can hold.
 * The API maps each code to its HTTP status (src/api/errors.ts); the page and the CLI read the same
 * list, so a code is written once.
 */
import { z } from "zod";
import { jsonValueSchema } from "./json";

export const ERROR_CODES = [
  "invalid_request",
  "blocked_target",
  "unauthorized",
  "forbidden",
  "not_found",
  "payload_too_large",
  "unsupported_media_type",
  "idempotency_conflict",
  "rate_limited",
  "internal",
  // The Worker's AUTH_MODE cannot work (src/auth/config.ts): it refuses rather than serve open.
  "auth_not_configured",
  // D1's migrations were never applied (src/db/missing-tables.ts).
  "directory_unavailable",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorCodeSchema = z.enum(ERROR_CODES).meta({ id: "ErrorCode" });

export const errorResponseSchema = z
  .object({
    error: z.object({ code: errorCodeSchema, message: z.string(), details: jsonValueSchema.optional() }),
  })
  .meta({ id: "Error" });
export type ErrorBody = z.infer<typeof errorResponseSchema>;
