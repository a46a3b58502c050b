/**
 * The documented check of a key rotation (docs/secrets.md § Rotating the key): how much is still
 * not sealed under the current key, in the current format, bound to its row, in D1 and in the
 * pair objects the registry lists. Counted with the very conditions the tick's passes select by
 * (stale.ts), so "nothing pending" means the tick has nothing left to do. D1 reads only: the
 * objects are known through src/secrets/sealed-pairs.ts, never visited here.
 */
import { sql } from "drizzle-orm";
import { pairs, suites } from "../db/directory-schema";
import { stalePairRows } from "../directory/secret-upkeep";
import type { DirectoryDb } from "../directory/store";
import type { RotationStatus } from "../shapes/rotation";
import { staleSuiteRows } from "../suites/secret-upkeep";
import { loadKeyring, type SecretsEnv } from "./crypto";
import { countStalePairObjects } from "./sealed-pairs";

export async function rotationStatus(env: SecretsEnv, db: DirectoryDb): Promise<RotationStatus> {
  const keyring = await loadKeyring(env);
  const count = sql<number>`count(*)`;
  const [watches, suiteRows, pairObjects] = await Promise.all([
    db.select({ n: count }).from(pairs).where(stalePairRows(keyring)).get(),
    db.select({ n: count }).from(suites).where(staleSuiteRows(keyring)).get(),
    countStalePairObjects(db, keyring),
  ]);
  const pending = { pairWatches: watches?.n ?? 0, suites: suiteRows?.n ?? 0, pairObjects };
  return {
    currentKeyId: keyring.currentId,
    previousKeyId: keyring.previous?.id ?? null,
    pending,
    safeToDeletePrevious: pending.pairWatches + pending.suites + pending.pairObjects === 0,
  };
}
