/**
 * The documented check of a key rotation (docs/secrets.md § Rotating the key): how much is still
 * not sealed under the current key, in the current format, bound to its row, in D1 (watches,
 * suites) and in the pair objects the sealed_pairs registry lists. Counted with the very conditions
 * the tick's passes select by (secret-upkeep.ts), so "nothing pending" means the tick has nothing
 * left to do. D1 reads only: the objects are known through src/compare/sealed-pairs.ts, never
 * visited here.
 */
import { sql } from "drizzle-orm";
import { countStalePairObjects } from "../compare/sealed-pairs";
import { sealingOrRefuse } from "../compare/sealing";
import type { D1Db } from "../db/d1";
import { suiteDefinitions, watches } from "../db/d1-schema";
import { loadKeyring, type SecretsEnv } from "../secrets/crypto";
import type { RotationStatus } from "../shapes/rotation";
import { staleSuiteRows, staleWatchRows } from "./secret-upkeep";

export async function rotationStatus(env: SecretsEnv, db: D1Db): Promise<RotationStatus> {
  const keyring = await sealingOrRefuse(() => loadKeyring(env), "Nothing was counted.");
  const count = sql<number>`count(*)`;
  const [watchRows, suiteRows, pairObjects] = await Promise.all([
    db.select({ n: count }).from(watches).where(staleWatchRows(keyring)).get(),
    db.select({ n: count }).from(suiteDefinitions).where(staleSuiteRows(keyring)).get(),
    countStalePairObjects(db, keyring),
  ]);
  const pending = { watches: watchRows?.n ?? 0, suites: suiteRows?.n ?? 0, pairObjects };
  return {
    currentKeyId: keyring.currentId,
    previousKeyId: keyring.previous?.id ?? null,
    pending,
    safeToDeletePrevious: pending.watches + pending.suites + pending.pairObjects === 0,
  };
}
