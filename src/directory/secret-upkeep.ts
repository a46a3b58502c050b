/**
 * The directory's secrets at rest: webhook signing secrets and watches' request headers, sealed
 * under ENVDIFF_SECRETS_KEY (src/secrets/crypto.ts).
 *
 * Two kinds of value can be stale: webhook secrets written in clear before sealing existed
 * (`whsec_…`), and values sealed under a key that has since been rotated out. Every cron tick
 * reseals a bounded batch of them under the current key (`resealStaleSecrets`), so plaintext is
 * gone after the first tick after deploy and a rotation completes within a tick or two; until then
 * a delivery still reads either form (`openWebhookSecret`).
 */
import { and, eq, isNotNull, notLike, or, sql } from "drizzle-orm";
import { pairs } from "../db/directory-schema";
import {
  currentPrefix,
  isSealed,
  loadKeyring,
  open,
  pairOwner,
  reseal,
  type SealOwner,
  type SecretsEnv,
  seal,
} from "../secrets/crypto";
import { pairHeadersPlace, resealRequestHeaders } from "../secrets/request-headers";
import type { DirectoryDb } from "./store";

/** Rows resealed per tick at most: D1 work stays small and the rest follow on the next ticks. */
export const RESEAL_PER_TICK = 50;

/** A watch's signing secret sealed for its row: `pair:<pairKey>` or `suite:<suiteId>`. */
export async function sealWebhookSecret(env: SecretsEnv, secret: string, owner: SealOwner): Promise<string> {
  return seal(await loadKeyring(env), { purpose: "webhook-secret", owner }, secret);
}

/** The signing secret in clear: opened (only in the row it was sealed for), or as it is when the row predates sealing. */
export async function openWebhookSecret(env: SecretsEnv, stored: string, owner: SealOwner): Promise<string> {
  return isSealed(stored) ? open(await loadKeyring(env), { purpose: "webhook-secret", owner }, stored) : stored;
}

export interface ResealReport {
  resealed: number;
  /** Values no configured key opens (rotated out too early, or altered). */
  failed: string[];
}

/** Reseals up to RESEAL_PER_TICK rows holding plaintext or an old key's values. */
export async function resealStaleSecrets(env: SecretsEnv, db: DirectoryDb): Promise<ResealReport> {
  const keyring = await loadKeyring(env);
  const current = `${currentPrefix(keyring)}%`;
  const stale = await db
    .select({
      pairKey: pairs.pairKey,
      leftUrl: pairs.leftUrl,
      rightUrl: pairs.rightUrl,
      secret: pairs.watchWebhookSecret,
      headers: pairs.watchSealedHeaders,
    })
    .from(pairs)
    .where(
      or(
        and(isNotNull(pairs.watchWebhookSecret), notLike(pairs.watchWebhookSecret, current)),
        and(isNotNull(pairs.watchSealedHeaders), notLike(pairs.watchSealedHeaders, current)),
      ),
    )
    .orderBy(pairs.pairKey)
    .limit(RESEAL_PER_TICK);
  const report: ResealReport = { resealed: 0, failed: [] };
  for (const row of stale) {
    try {
      const webhook = { purpose: "webhook-secret", owner: pairOwner(row.pairKey) } as const;
      const secret =
        row.secret === null
          ? null
          : isSealed(row.secret)
            ? await reseal(keyring, webhook, row.secret)
            : await seal(keyring, webhook, row.secret);
      // A value sealed before sides were bound is bound to the URLs the directory names now.
      const place = pairHeadersPlace(row.pairKey, { left: row.leftUrl, right: row.rightUrl });
      const headers = row.headers === null ? null : await resealRequestHeaders(keyring, row.headers, place);
      // Only if nobody changed the watch meanwhile: a PUT in between wrote current values already.
      await db
        .update(pairs)
        .set({ watchWebhookSecret: secret, watchSealedHeaders: headers })
        .where(
          and(
            eq(pairs.pairKey, row.pairKey),
            sql`${pairs.watchWebhookSecret} IS ${row.secret}`,
            sql`${pairs.watchSealedHeaders} IS ${row.headers}`,
          ),
        )
        .run();
      report.resealed++;
    } catch {
      report.failed.push(row.pairKey);
    }
  }
  return report;
}
