/**
 * Secrets at rest and the cron tick's upkeep of them: the one path that makes every sealed value
 * envdiff keeps current (docs/secrets.md § Rotating the key). It also seals and opens watches'
 * webhook signing secrets, each bound to its watch's target (`pair:<pairKey>`, `suite:<suiteId>`).
 *
 * A value can be stale in four ways: a webhook secret written in clear before sealing existed
 * (`whsec_…`), a value sealed under a key that has since been rotated out, a value sealed before
 * values were bound to their row (`enc:v1:`), or an options view that still shows a header value (a
 * row written when a list of names decided what was hidden). Every tick works off a bounded batch
 * of each, in three passes:
 * - `watches`: each watch's webhook secret, and a pair watch's headers and options view;
 * - `suites`: each suite definition's headers and secret body (bound to the suite, each side to its
 *   base) and options view: the suite's current one and those its runs in flight still read;
 * - `pair-objects`: the pair objects the sealed_pairs registry lists (src/compare/sealed-pairs.ts):
 *   their saved headers and their ring's comparisons' headers (src/do/reseal.ts).
 * So a rotation completes within a few ticks; until a row's turn comes, a delivery or a run still
 * reads either form. GET /api/secrets/rotation counts what is left with the same conditions
 * (src/watches/rotation.ts).
 */
import { and, eq, or, sql } from "drizzle-orm";
import { resealPairObjects } from "../compare/sealed-pairs";
import { type D1Db, d1Db } from "../db/d1";
import { pairs, suiteDefinitions, suites, watches } from "../db/d1-schema";
import { messageOf } from "../errors";
import { log } from "../log";
import { isSealed, type Keyring, loadKeyring, open, type SealOwner, type SecretsEnv, seal } from "../secrets/crypto";
import { type HeadersPlace, suiteHeadersPlace } from "../secrets/request-headers";
import { type ResealReport, resealColumns } from "../secrets/row-reseal";
import { notCurrent, showsHeaderValues } from "../secrets/stale";
import type { WatchTarget } from "./store";

/** Rows resealed per tick and pass at most: D1 work stays small and the rest follow on the next ticks. */
export const RESEAL_PER_TICK = 50;

/** The row a watch's sealed values are bound to: its target, `pair:<pairKey>` or `suite:<suiteId>`. */
export const watchOwner = (target: WatchTarget): SealOwner => `${target.kind}:${target.id}`;

/** A watch's signing secret, sealed for its target. */
export async function sealWebhookSecret(env: SecretsEnv, secret: string, target: WatchTarget): Promise<string> {
  return seal(await loadKeyring(env), { purpose: "webhook-secret", owner: watchOwner(target) }, secret);
}

/** The signing secret in clear: opened (only for the target it was sealed for), or as it is when the row predates sealing. */
export async function openWebhookSecret(env: SecretsEnv, stored: string, target: WatchTarget): Promise<string> {
  if (!isSealed(stored)) return stored;
  return open(await loadKeyring(env), { purpose: "webhook-secret", owner: watchOwner(target) }, stored);
}

/** The watches rows a rotation (or the bound-values change) has left something to redo in. */
export function staleWatchRows(keyring: Keyring) {
  return or(
    notCurrent(watches.webhookSecret, keyring),
    notCurrent(watches.sealedHeaders, keyring),
    showsHeaderValues(watches.optionsJson),
  );
}

/** The suite definitions a rotation (or the bound-values change) has left something to redo in. */
export function staleSuiteRows(keyring: Keyring) {
  return or(notCurrent(suiteDefinitions.sealedHeaders, keyring), showsHeaderValues(suiteDefinitions.optionsJson));
}

/** Makes up to RESEAL_PER_TICK stale watches current, of pairs and suites alike. */
export async function resealStaleWatches(env: SecretsEnv, db: D1Db): Promise<ResealReport> {
  const keyring = await loadKeyring(env);
  const stale = await db
    .select({
      id: watches.id,
      kind: watches.targetKind,
      targetId: watches.targetId,
      webhookSecret: watches.webhookSecret,
      sealedHeaders: watches.sealedHeaders,
      optionsJson: watches.optionsJson,
      // A pair watch's headers sealed before sides were bound are bound to the URLs the directory names now.
      leftUrl: pairs.leftUrl,
      rightUrl: pairs.rightUrl,
    })
    .from(watches)
    .leftJoin(pairs, and(eq(watches.targetKind, "pair"), eq(pairs.pairKey, watches.targetId)))
    .where(staleWatchRows(keyring))
    .orderBy(watches.id)
    .limit(RESEAL_PER_TICK);
  const report: ResealReport = { resealed: 0, failed: [] };
  for (const row of stale) {
    try {
      const target = { kind: row.kind, id: row.targetId };
      // Only a pair's watch has headers of its own, in a comparison's column (its runs send them as
      // that comparison's); a suite's watch runs with the suite's (the suites pass).
      const sides = { left: row.leftUrl ?? "", right: row.rightUrl ?? "" };
      const place: HeadersPlace = { binding: { purpose: "request-headers", owner: watchOwner(target) }, sides };
      const next = await resealColumns(keyring, row, watchOwner(target), place);
      // Only if nobody changed the watch meanwhile: a PUT in between wrote current values already.
      await db
        .update(watches)
        .set({ webhookSecret: next.webhookSecret, sealedHeaders: next.sealedHeaders, optionsJson: next.optionsJson })
        .where(
          and(
            eq(watches.id, row.id),
            sql`${watches.webhookSecret} IS ${row.webhookSecret}`,
            sql`${watches.sealedHeaders} IS ${row.sealedHeaders}`,
            sql`${watches.optionsJson} IS ${row.optionsJson}`,
          ),
        )
        .run();
      report.resealed++;
    } catch {
      report.failed.push(`${row.kind}:${row.targetId}`);
    }
  }
  return report;
}

/**
 * Makes up to RESEAL_PER_TICK stale suite definitions current: their sealed values (headers and a
 * secret body, still bound to the suite, whichever of its definitions holds them) and options view.
 */
export async function resealStaleSuites(env: SecretsEnv, db: D1Db): Promise<ResealReport> {
  const keyring = await loadKeyring(env);
  const stale = await db
    .select({
      id: suiteDefinitions.id,
      suiteId: suiteDefinitions.suiteId,
      leftBase: suites.leftBase,
      rightBase: suites.rightBase,
      sealedHeaders: suiteDefinitions.sealedHeaders,
      optionsJson: suiteDefinitions.optionsJson,
    })
    .from(suiteDefinitions)
    .innerJoin(suites, eq(suites.id, suiteDefinitions.suiteId))
    .where(staleSuiteRows(keyring))
    .orderBy(suiteDefinitions.id)
    .limit(RESEAL_PER_TICK);
  const report: ResealReport = { resealed: 0, failed: [] };
  for (const row of stale) {
    try {
      const place = suiteHeadersPlace(row.suiteId, row);
      const next = await resealColumns(keyring, { ...row, webhookSecret: null }, place.binding.owner, place);
      // The same values under the current key: a definition's content never changes otherwise.
      await db
        .update(suiteDefinitions)
        .set({ sealedHeaders: next.sealedHeaders, optionsJson: next.optionsJson ?? row.optionsJson })
        .where(
          and(
            eq(suiteDefinitions.id, row.id),
            sql`${suiteDefinitions.sealedHeaders} IS ${row.sealedHeaders}`,
            eq(suiteDefinitions.optionsJson, row.optionsJson),
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

const PASSES: [string, (env: Env, db: D1Db) => Promise<ResealReport>][] = [
  ["watches", resealStaleWatches],
  ["suites", resealStaleSuites],
  ["pair-objects", resealPairObjects],
];

/** The tick's upkeep: every pass, each on its own; never stops the tick (a missing key is logged as the configuration error it is). */
export async function upkeep(env: Env, db: D1Db = d1Db(env.DB)): Promise<void> {
  for (const [pass, run] of PASSES) {
    try {
      const report = await run(env, db);
      if (report.resealed > 0 || report.failed.length > 0) {
        log(report.failed.length > 0 ? "warn" : "info", "secrets.resealed", {
          pass,
          resealed: report.resealed,
          failed: report.failed.length,
          firstFailed: report.failed[0] ?? null,
        });
      }
    } catch (error) {
      log("error", "secrets.reseal_failed", { pass, message: messageOf(error) });
    }
  }
}
