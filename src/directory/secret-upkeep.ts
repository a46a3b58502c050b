/**
 * The directory's secrets at rest: webhook signing secrets and watches' request headers, sealed
 * under ENVDIFF_SECRETS_KEY (src/secrets/crypto.ts), and the webhook secrets' seal and open.
 *
 * Values can be stale: webhook secrets written in clear before sealing existed (`whsec_…`), values
 * sealed under a key that has since been rotated out, values sealed before they were bound to their
 * row (`enc:v1:`), and options views that still show a header value. Every cron tick makes a
 * bounded batch of pairs current (`resealStaleSecrets`); the suites' pass and the pair objects' are
 * src/suites/secret-upkeep.ts and src/secrets/sealed-pairs.ts, all three run by `upkeep`
 * (src/directory/watches.ts). Until a row's turn comes, a delivery or a run still reads either form.
 */
import { and, eq, or, sql } from "drizzle-orm";
import { pairs } from "../db/directory-schema";
import {
  isSealed,
  type Keyring,
  loadKeyring,
  open,
  pairOwner,
  type SealOwner,
  type SecretsEnv,
  seal,
} from "../secrets/crypto";
import { pairHeadersPlace } from "../secrets/request-headers";
import { resealColumns } from "../secrets/row-reseal";
import { notCurrent, showsHeaderValues } from "../secrets/stale";
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
  /** Rows with a value no configured key opens (rotated out too early, or altered). */
  failed: string[];
}

/** The pairs rows a rotation (or the bound-values change) has left something to redo in. */
export function stalePairRows(keyring: Keyring) {
  return or(
    notCurrent(pairs.watchWebhookSecret, keyring),
    notCurrent(pairs.watchSealedHeaders, keyring),
    showsHeaderValues(pairs.watchOptionsJson),
  );
}

/** Makes up to RESEAL_PER_TICK stale pairs rows current. */
export async function resealStaleSecrets(env: SecretsEnv, db: DirectoryDb): Promise<ResealReport> {
  const keyring = await loadKeyring(env);
  const stale = await db
    .select({
      pairKey: pairs.pairKey,
      leftUrl: pairs.leftUrl,
      rightUrl: pairs.rightUrl,
      webhookSecret: pairs.watchWebhookSecret,
      sealedHeaders: pairs.watchSealedHeaders,
      optionsJson: pairs.watchOptionsJson,
    })
    .from(pairs)
    .where(stalePairRows(keyring))
    .orderBy(pairs.pairKey)
    .limit(RESEAL_PER_TICK);
  const report: ResealReport = { resealed: 0, failed: [] };
  for (const row of stale) {
    try {
      // A value sealed before sides were bound is bound to the URLs the directory names now.
      const place = pairHeadersPlace(row.pairKey, { left: row.leftUrl, right: row.rightUrl });
      const next = await resealColumns(keyring, row, pairOwner(row.pairKey), place);
      // Only if nobody changed the watch meanwhile: a PUT in between wrote current values already.
      await db
        .update(pairs)
        .set({
          watchWebhookSecret: next.webhookSecret,
          watchSealedHeaders: next.sealedHeaders,
          watchOptionsJson: next.optionsJson,
        })
        .where(
          and(
            eq(pairs.pairKey, row.pairKey),
            sql`${pairs.watchWebhookSecret} IS ${row.webhookSecret}`,
            sql`${pairs.watchSealedHeaders} IS ${row.sealedHeaders}`,
            sql`${pairs.watchOptionsJson} IS ${row.optionsJson}`,
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
