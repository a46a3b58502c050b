/**
 * Watches' secrets at rest, of pairs and suites alike: webhook signing secrets and a pair watch's
 * request headers, sealed under ENVDIFF_SECRETS_KEY (src/secrets/crypto.ts).
 *
 * Two kinds of value can be stale: webhook secrets written in clear before sealing existed
 * (`whsec_…`), and values sealed under a key that has since been rotated out. Every cron tick
 * reseals a bounded batch of them under the current key (`resealStaleSecrets`), so plaintext is
 * gone after the first tick after deploy and a rotation completes within a tick or two; until then
 * a delivery still reads either form (`openWebhookSecret`).
 */
import { and, eq, isNotNull, notLike, or, sql } from "drizzle-orm";
import { type D1Db, d1Db } from "../db/d1";
import { watches } from "../db/d1-schema";
import { messageOf } from "../errors";
import { log } from "../log";
import { currentPrefix, isSealed, loadKeyring, open, reseal, type SecretsEnv, seal } from "../secrets/crypto";

/** Rows resealed per tick at most: D1 work stays small and the rest follow on the next ticks. */
export const RESEAL_PER_TICK = 50;

export async function sealWebhookSecret(env: SecretsEnv, secret: string): Promise<string> {
  return seal(await loadKeyring(env), "webhook-secret", secret);
}

/** The signing secret in clear: opened, or as it is when the row predates sealing. */
export async function openWebhookSecret(env: SecretsEnv, stored: string): Promise<string> {
  return isSealed(stored) ? open(await loadKeyring(env), "webhook-secret", stored) : stored;
}

export interface ResealReport {
  resealed: number;
  /** Values no configured key opens (rotated out too early, or altered). */
  failed: string[];
}

/** Reseals up to RESEAL_PER_TICK rows holding plaintext or an old key's values. */
export async function resealStaleSecrets(env: SecretsEnv, db: D1Db): Promise<ResealReport> {
  const keyring = await loadKeyring(env);
  const current = `${currentPrefix(keyring)}%`;
  const stale = await db
    .select({
      id: watches.id,
      targetId: watches.targetId,
      secret: watches.webhookSecret,
      headers: watches.sealedHeaders,
    })
    .from(watches)
    .where(
      or(
        and(isNotNull(watches.webhookSecret), notLike(watches.webhookSecret, current)),
        and(isNotNull(watches.sealedHeaders), notLike(watches.sealedHeaders, current)),
      ),
    )
    .orderBy(watches.id)
    .limit(RESEAL_PER_TICK);
  const report: ResealReport = { resealed: 0, failed: [] };
  for (const row of stale) {
    try {
      const secret =
        row.secret === null
          ? null
          : isSealed(row.secret)
            ? await reseal(keyring, "webhook-secret", row.secret)
            : await seal(keyring, "webhook-secret", row.secret);
      const headers = row.headers === null ? null : await reseal(keyring, "request-headers", row.headers);
      // Only if nobody changed the watch meanwhile: a PUT in between wrote current values already.
      await db
        .update(watches)
        .set({ webhookSecret: secret, sealedHeaders: headers })
        .where(
          and(
            eq(watches.id, row.id),
            sql`${watches.webhookSecret} IS ${row.secret}`,
            sql`${watches.sealedHeaders} IS ${row.headers}`,
          ),
        )
        .run();
      report.resealed++;
    } catch {
      report.failed.push(row.targetId);
    }
  }
  return report;
}
/** Reseals stale secrets; never stops the tick (a missing key is logged as the configuration error it is). */
export async function upkeep(env: Env, db: D1Db = d1Db(env.DB)): Promise<void> {
  try {
    const report = await resealStaleSecrets(env, db);
    if (report.resealed > 0 || report.failed.length > 0) {
      log(report.failed.length > 0 ? "warn" : "info", "secrets.resealed", {
        resealed: report.resealed,
        failed: report.failed.length,
        firstFailedTarget: report.failed[0] ?? null,
      });
    }
  } catch (error) {
    log("error", "secrets.reseal_failed", {
      message: messageOf(error),
    });
  }
}
