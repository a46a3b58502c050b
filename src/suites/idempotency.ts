/**
 * Idempotency-Key on POST /api/suites and POST /api/suites/:suiteId/runs, as on POST /api/compare:
 * within 24 hours the same key with the same body replays the original answer (status and body),
 * with another body it is 422 idempotency_conflict. Keys are scoped by route (and suite), and held
 * by the run they created; a unique index makes two racing requests create one run.
 */
import { ApiError } from "../api/errors";
import { requestHash } from "../compare/request-hash";
import type { D1Db } from "../db/d1";
import type { SuiteRunRow } from "../db/d1-schema";
import { releaseIdempotencyKey, runByIdempotencyKey } from "./store";

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface Idempotency {
  key: string;
  requestHash: string;
}

/** The scoped key and the request's hash, or null without a header; 400 on a malformed key. */
export async function idempotencyOf(header: string | undefined, scope: string, body: unknown) {
  if (header === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw new ApiError("invalid_request", "Idempotency-Key must be 1 to 255 printable ASCII characters.");
  }
  return { key: `${scope}\n${header}`, requestHash: await requestHash(body) };
}

/** The run an earlier request with this key created (to replay), after checking the bodies match. */
export async function earlierRun(db: D1Db, idempotency: Idempotency | null): Promise<SuiteRunRow | null> {
  if (!idempotency) return null;
  const earlier = await runByIdempotencyKey(db, idempotency.key);
  if (!earlier) return null;
  if (earlier.createdAt <= Date.now() - IDEMPOTENCY_WINDOW_MS) {
    await releaseIdempotencyKey(db, earlier.id);
    return null;
  }
  if (earlier.requestHash !== idempotency.requestHash) {
    throw new ApiError("idempotency_conflict", "This Idempotency-Key was already used with a different request.", {
      suiteId: earlier.suiteId,
      runId: earlier.id,
    });
  }
  return earlier;
}

/** Whether a D1 error is the idempotency key's unique index refusing a second run. */
export function isDuplicateKey(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes("UNIQUE") && message.includes("idempotency_key");
}
