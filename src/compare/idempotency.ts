/**
 * Idempotency-Key, one module for every route that takes it (POST /api/compare, POST /api/suites,
 * POST /api/suites/:suiteId/runs) and for the starts the system repeats itself (a pair watch's comparison):
 * within 24 hours the same key with the same request replays the original answer; with another
 * request it is 422 `idempotency_conflict`. The pair's object and D1's suite_runs hold the keys,
 * each behind a unique index, so two racing requests create one thing.
 *
 * A client's key is scoped by its identity and route: another identity's same key is another key,
 * so it can neither replay the owner's answer nor block the owner's request. The stored request
 * hash is an HMAC under a key derived from ENVDIFF_SECRETS_KEY (src/secrets/derived-keys.ts), so
 * whoever reads the stores cannot confirm a guessed header value by hashing it.
 */
import { canonicalJson } from "../digest";
import { DomainError } from "../errors";
import { SecretsConfigError } from "../secrets/crypto";
import { hmacHex, hmacKeys } from "../secrets/derived-keys";
import { IDEMPOTENCY_KEY } from "../shapes/routes";

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
const HASH_INFO = "envdiff/idempotency-request-hash/v1";

export interface Idempotency {
  /** The key as stored: a client's under its identity and route, a system start's as it is. */
  key: string;
  /** The request's hash under the current key: what is stored with the key. */
  requestHash: string;
  /** Its hash under every configured key: a stored hash among them is the same request (rotation). */
  requestHashes: readonly string[];
  /** Keys stored before this (ms) have expired: their holder is released and the request is new. */
  since: number;
}

/** Who sent a key: the identity (null when none is known) and the route, which scope it together. */
export interface KeyScope {
  identity: string | null;
  route: string;
}

function scopedKey(scope: KeyScope, header: string): string {
  const who = scope.identity === null ? "anonymous" : `identity:${scope.identity}`;
  return `${who}\n${scope.route}\n${header}`;
}

/** The Idempotency-Key of a client's request, or null without the header; 400 on a malformed key. */
export async function idempotencyOf(
  env: Env,
  header: string | undefined,
  scope: KeyScope,
  request: unknown,
): Promise<Idempotency | null> {
  if (header === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw new DomainError("invalid_request", "Idempotency-Key must be 1 to 255 printable ASCII characters.");
  }
  return keyed(env, scopedKey(scope, header), request);
}

/**
 * The idempotency of a start envdiff repeats itself (a pair watch's comparison due at one time): its key is
 * its own (`watch:<due time>`, never a client's, which always holds two newlines).
 */
export function systemIdempotency(env: Env, key: string, request: unknown): Promise<Idempotency> {
  return keyed(env, key, request);
}

async function keyed(env: Env, key: string, request: unknown): Promise<Idempotency> {
  const text = canonicalJson(request);
  let requestHashes: string[];
  try {
    requestHashes = await Promise.all((await hmacKeys(env, HASH_INFO)).map((k) => hmacHex(k, text)));
  } catch (error) {
    if (error instanceof SecretsConfigError) {
      throw new DomainError("secrets_unavailable", `${error.message} Nothing was started.`);
    }
    throw error;
  }
  const [requestHash = ""] = requestHashes;
  return { key, requestHash, requestHashes, since: Date.now() - IDEMPOTENCY_WINDOW_MS };
}

/** Whether a stored request hash is this request's. */
export function sameRequest(stored: string | null, idempotency: Idempotency): boolean {
  return stored !== null && idempotency.requestHashes.includes(stored);
}

/** The refusal of a key used before with another request; `details` names what it holds. */
export function idempotencyConflict(details: Record<string, unknown>): DomainError {
  return new DomainError(
    "idempotency_conflict",
    "This Idempotency-Key was already used with a different request.",
    details,
  );
}
