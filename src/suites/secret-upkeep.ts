/**
 * The suites' part of the tick's upkeep of secrets at rest (src/directory/secret-upkeep.ts says
 * what can be stale): a suite's sealed headers, bound to the suite and each side to its base, its
 * watch's webhook secret, and its options view reduced to header names. A bounded batch per tick.
 */
import { and, eq, or, sql } from "drizzle-orm";
import { suites } from "../db/directory-schema";
import { RESEAL_PER_TICK, type ResealReport } from "../directory/secret-upkeep";
import type { DirectoryDb } from "../directory/store";
import { type Keyring, loadKeyring, type SecretsEnv, suiteOwner } from "../secrets/crypto";
import { suiteHeadersPlace } from "../secrets/request-headers";
import { resealColumns } from "../secrets/row-reseal";
import { notCurrent, showsHeaderValues } from "../secrets/stale";

/** The suites rows a rotation (or the bound-values change) has left something to redo in. */
export function staleSuiteRows(keyring: Keyring) {
  return or(
    notCurrent(suites.watchWebhookSecret, keyring),
    notCurrent(suites.sealedHeaders, keyring),
    showsHeaderValues(suites.optionsJson),
  );
}

/** Makes up to RESEAL_PER_TICK stale suites rows current. */
export async function resealStaleSuites(env: SecretsEnv, db: DirectoryDb): Promise<ResealReport> {
  const keyring = await loadKeyring(env);
  const stale = await db
    .select({
      id: suites.id,
      leftBase: suites.leftBase,
      rightBase: suites.rightBase,
      webhookSecret: suites.watchWebhookSecret,
      sealedHeaders: suites.sealedHeaders,
      optionsJson: suites.optionsJson,
    })
    .from(suites)
    .where(staleSuiteRows(keyring))
    .orderBy(suites.id)
    .limit(RESEAL_PER_TICK);
  const report: ResealReport = { resealed: 0, failed: [] };
  for (const row of stale) {
    try {
      const next = await resealColumns(keyring, row, suiteOwner(row.id), suiteHeadersPlace(row.id, row));
      await db
        .update(suites)
        .set({
          watchWebhookSecret: next.webhookSecret,
          sealedHeaders: next.sealedHeaders,
          optionsJson: next.optionsJson ?? row.optionsJson,
        })
        .where(
          and(
            eq(suites.id, row.id),
            sql`${suites.watchWebhookSecret} IS ${row.webhookSecret}`,
            sql`${suites.sealedHeaders} IS ${row.sealedHeaders}`,
            eq(suites.optionsJson, row.optionsJson),
          ),
        )
        .run();
      report.resealed++;
    } catch {
      report.failed.push(row.id);
    }
  }
  return report;
}
