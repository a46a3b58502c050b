/**
 * envdiff's one domain error: a typed code, a message a client may read, and details. The domain
 * (features, the pair's object) throws it and never knows which transport called; each entry point
 * turns it into its own answer in one place (src/api/errors.ts: an HTTP status; the workflow: a
 * step that stops or retries; the queue's consumer branches on typed outcomes instead).
 *
 * Workers RPC carries an Error's message across the stub but not its custom properties, so the
 * code travels as the message's prefix (`not_found: …`) and `errorCode()` reads it back on the
 * caller's side.
 */

export const DOMAIN_ERROR_CODES = [
  // What the caller asked for is not something envdiff does: the message says why.
  "invalid_request",
  // The SSRF guard refused a URL (a target, a discovery document, a webhook).
  "blocked_target",
  "not_found",
  // An Idempotency-Key used before with another request.
  "idempotency_conflict",
  // A comparison that has already ended cannot change (the pair's object).
  "invalid_transition",
  // ENVDIFF_SECRETS_KEY is missing or malformed: nothing that needs sealing can be done.
  "secrets_unavailable",
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  /** The message without its code prefix: what a client is shown. */
  readonly reason: string;
  readonly details: unknown;

  constructor(code: DomainErrorCode, reason: string, details?: unknown) {
    super(`${code}: ${reason}`);
    this.name = "DomainError";
    this.code = code;
    this.reason = reason;
    this.details = details;
  }
}

// Errors re-thrown across RPC or out of a workflow step may gain a "NonRetryableError: " style prefix.
const CODE_PREFIX = new RegExp(`^(?:\\w*Error: )*(${DOMAIN_ERROR_CODES.join("|")}): `);

/** The domain error code of anything thrown, local or across RPC; null for any other error. */
export function errorCode(error: unknown): DomainErrorCode | null {
  if (error instanceof DomainError) return error.code;
  const match = CODE_PREFIX.exec(messageOf(error, Number.POSITIVE_INFINITY));
  return match ? (match[1] as DomainErrorCode) : null;
}

/** An error's message for a log line or a failure record: its text, cut at `max` characters. */
export function messageOf(error: unknown, max = 300): string {
  const text = error instanceof Error ? error.message : typeof error === "string" ? error : String(error);
  return text.slice(0, max);
}
