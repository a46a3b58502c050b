/**
 * The suite runs that hold idempotency keys (suite_runs.idempotency_key, one unique index): a
 * POST /api/suites or POST /api/suites/:suiteId/runs with a key replays the run it created, and a
 * suite watch's run is recorded under its own key. What a key means, how long it holds and what a
 * conflict says are the one idempotency module's (src/compare/idempotency.ts).
 */
import { type Idempotency, idempotencyConflict, sameRequest } from "../compare/idempotency";
import type { D1Db } from "../db/d1";
import type { SuiteRunRow } from "../db/d1-schema";
import { releaseIdempotencyKey, runByIdempotencyKey } from "./store";

/** The run an earlier request with this key created (to replay), after checking the requests match. */
export async function earlierRun(db: D1Db, idempotency: Idempotency | null): Promise<SuiteRunRow | null> {
  if (!idempotency) return null;
  const earlier = await runByIdempotencyKey(db, idempotency.key);
  if (!earlier) return null;
  if (earlier.createdAt <= idempotency.since) {
    await releaseIdempotencyKey(db, earlier.id);
    return null;
  }
  if (!sameRequest(earlier.requestHash, idempotency)) {
    throw idempotencyConflict({ suiteId: earlier.suiteId, number: earlier.number, runId: earlier.id });
  }
  return earlier;
}

/** Whether a D1 error is the idempotency key's unique index refusing a second run. */
export function isDuplicateKey(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes("UNIQUE") && message.includes("idempotency_key");
}
