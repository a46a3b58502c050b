/**
 * The registry of pair objects that hold sealed values (D1 table sealed_pairs), and the tick's pass
 * that reseals them: how a key rotation reaches every pair's saved headers and ring of comparisons
 * without visiting every object (issue 21, finding 4).
 *
 * Whoever stores a sealed value in an object notes the pair here first (the start service for a
 * comparison, src/directory/pair-settings.ts for saved headers): marked current when the value is
 * under the current key as v2, otherwise marked stale (key_id ''). Noting before storing means a
 * crash in between leaves a pair listed that holds nothing new, never the reverse. Each tick asks
 * up to OBJECTS_PER_TICK stale pairs' objects to reseal everything they hold
 * (EnvPairDO.resealSecrets), then marks them current, or drops them when they hold nothing, unless
 * a new stale value was noted meanwhile (the row's version moved).
 */
import { and, eq, ne, sql } from "drizzle-orm";
import { type D1Db, d1Db } from "../db/d1";
import { pairs, sealedPairs } from "../db/d1-schema";
import { isCurrent, type Keyring, loadKeyring, type SecretsEnv } from "../secrets/crypto";
import type { ResealReport } from "../secrets/row-reseal";

/** Pair objects resealed per tick: each costs one call to its object and one D1 write. */
export const OBJECTS_PER_TICK = 20;

/** Notes that `pairKey`'s object is about to hold `sealed`. */
export async function notePairSealed(env: SecretsEnv & { DB: D1Database }, pairKey: string, sealed: string) {
  const db = d1Db(env.DB);
  const keyring = await loadKeyring(env);
  const now = Date.now();
  if (isCurrent(keyring, sealed)) {
    // Listed once; a row already there keeps what it says (stale stays stale until the tick has been).
    await db
      .insert(sealedPairs)
      .values({ pairKey, keyId: keyring.currentId, version: 0, updatedAt: now })
      .onConflictDoNothing()
      .run();
    return;
  }
  await db
    .insert(sealedPairs)
    .values({ pairKey, keyId: "", version: 0, updatedAt: now })
    .onConflictDoUpdate({
      target: sealedPairs.pairKey,
      set: { keyId: "", version: sql`${sealedPairs.version} + 1`, updatedAt: now },
    })
    .run();
}

export interface StalePairObject {
  pairKey: string;
  version: number;
  /** The directory's URLs for the pair: how its object binds saved headers sealed before sides were. */
  urls: { left: string; right: string } | null;
}

/** Pair objects that may hold values not under the current key, in pair key order. */
export async function stalePairObjects(db: D1Db, keyring: Keyring, limit: number): Promise<StalePairObject[]> {
  const rows = await db
    .select({
      pairKey: sealedPairs.pairKey,
      version: sealedPairs.version,
      left: pairs.leftUrl,
      right: pairs.rightUrl,
    })
    .from(sealedPairs)
    .leftJoin(pairs, eq(pairs.pairKey, sealedPairs.pairKey))
    .where(ne(sealedPairs.keyId, keyring.currentId))
    .orderBy(sealedPairs.pairKey)
    .limit(limit);
  return rows.map(({ left, right, ...row }) => ({
    ...row,
    urls: left === null || right === null ? null : { left, right },
  }));
}

/** After the object resealed everything: marked current, or dropped when it holds nothing; false when noted again meanwhile. */
export async function settlePairObject(
  db: D1Db,
  keyring: Keyring,
  row: Pick<StalePairObject, "pairKey" | "version">,
  holdsSealed: boolean,
): Promise<boolean> {
  const same = and(eq(sealedPairs.pairKey, row.pairKey), eq(sealedPairs.version, row.version));
  const result = holdsSealed
    ? await db.update(sealedPairs).set({ keyId: keyring.currentId, updatedAt: Date.now() }).where(same).run()
    : await db.delete(sealedPairs).where(same).run();
  return result.meta.changes > 0;
}

/** How many pair objects may still hold a value not under the current key. */
export async function countStalePairObjects(db: D1Db, keyring: Keyring): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(sealedPairs)
    .where(ne(sealedPairs.keyId, keyring.currentId))
    .get();
  return row?.n ?? 0;
}

/** Reseals up to OBJECTS_PER_TICK listed pair objects and settles their rows. */
export async function resealPairObjects(env: Env, db: D1Db): Promise<ResealReport> {
  const keyring = await loadKeyring(env);
  const report: ResealReport = { resealed: 0, failed: [] };
  for (const row of await stalePairObjects(db, keyring, OBJECTS_PER_TICK)) {
    try {
      const done = await env.ENV_PAIR.getByName(row.pairKey).resealSecrets(row.pairKey, row.urls);
      // A value no key opens stays listed (and counted by the check) until someone replaces it.
      if (done.failed > 0) report.failed.push(row.pairKey);
      else await settlePairObject(db, keyring, row, done.holdsSealed);
      report.resealed += done.resealed;
    } catch {
      report.failed.push(row.pairKey);
    }
  }
  return report;
}
