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
import type { IdempotencyInput } from "../do/env-pair-do";
import { DomainError } from "../errors";
import { hmacHex, hmacKeys } from "../secrets/derived-keys";
import { IDEMPOTENCY_KEY } from "../shapes/routes";
import { sealingOrRefuse } from "./sealing";

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
const HASH_INFO = "envdiff/idempotency-request-hash/v1";

/** A judged key, as the pair's object takes it (src/do/env-pair-do.ts) and suite_runs stores it. */
export type Idempotency = IdempotencyInput;

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
  const keys = await sealingOrRefuse(() => hmacKeys(env, HASH_INFO), "Nothing was started.");
  const requestHashes = await Promise.all(keys.map((k) => hmacHex(k, text)));
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
