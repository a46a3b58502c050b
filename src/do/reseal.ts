/**
 * A pair object's part of a key rotation (EnvPairDO.resealSecrets, called by the cron tick through
 * src/compare/sealed-pairs.ts): every sealed value it holds, its saved headers and its ring's
 * comparisons' headers, written again under the current key, bound to the pair (v2) with each side
 * bound to its URL; and every stored options view that still shows a header value (a row from when
 * a list of names decided what to hide) reduced to names.
 *
 * Opening and sealing are asynchronous, so all of it is worked out first and written after in one
 * synchronous transaction, each row only if it still holds what was read: a comparison that left
 * the ring or settings replaced meanwhile are left alone.
 */
import { and, eq, isNotNull, like, notLike, or, sql } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import type * as schema from "../db/schema";
import { comparisons, pairSettings } from "../db/schema";
import { currentPrefix, isCurrent, type Keyring } from "../secrets/crypto";
import type { SideUrls } from "../secrets/header-set";
import { hasClearValues, readerOptions, readerSettings } from "../secrets/reader-view";
import { pairHeadersPlace, pairSettingsPlace, resealRequestHeaders } from "../secrets/request-headers";
import type { CompareOptions } from "../shapes/options";
import type { PairSettings } from "../shapes/settings";

type Db = DrizzleSqliteDODatabase<typeof schema>;

export interface ResealReport {
  /** Values or views written again. */
  resealed: number;
  /** Values no configured key opens (rotated out too early, or altered): left as they are. */
  failed: number;
  /** Whether the object still holds any sealed value: the registry keeps it listed only then. */
  holdsSealed: boolean;
}

interface Change<T> {
  before: T;
  after: T;
}

/** The URLs saved headers sealed before sides were bound are read with: the directory's, else the newest comparison's. */
function fallbackUrls(db: Db, urls: SideUrls | null): SideUrls | null {
  if (urls) return urls;
  const newest = db
    .select({ left: comparisons.leftUrl, right: comparisons.rightUrl })
    .from(comparisons)
    .orderBy(sql`${comparisons.seq} DESC`)
    .limit(1)
    .get();
  return newest ?? null;
}

export async function resealObject(
  db: Db,
  keyring: Keyring,
  pairKey: string,
  urls: SideUrls | null,
): Promise<ResealReport> {
  const report: ResealReport = { resealed: 0, failed: 0, holdsSealed: false };
  const current = `${currentPrefix(keyring)}%`;

  // The ring: comparisons whose sealed headers are stale, or whose options still show a value.
  const rows = db
    .select({
      id: comparisons.id,
      leftUrl: comparisons.leftUrl,
      rightUrl: comparisons.rightUrl,
      optionsJson: comparisons.optionsJson,
      sealedHeaders: comparisons.sealedHeaders,
    })
    .from(comparisons)
    .where(
      or(
        and(isNotNull(comparisons.sealedHeaders), notLike(comparisons.sealedHeaders, current)),
        like(comparisons.optionsJson, '%"headers":{"%'),
      ),
    )
    .all();
  const ring: { id: string; sealed: Change<string | null>; options: Change<string> }[] = [];
  for (const row of rows) {
    const options = JSON.parse(row.optionsJson) as CompareOptions;
    const view = hasClearValues(options) ? JSON.stringify(readerOptions(options)) : row.optionsJson;
    let sealed = row.sealedHeaders;
    if (sealed !== null && !isCurrent(keyring, sealed)) {
      try {
        // A comparison's sides are its own URLs, in its own order: exact for values sealed before sides were bound.
        sealed = await resealRequestHeaders(
          keyring,
          sealed,
          pairHeadersPlace(pairKey, { left: row.leftUrl, right: row.rightUrl }),
        );
      } catch {
        report.failed++;
      }
    }
    if (sealed !== row.sealedHeaders || view !== row.optionsJson) {
      ring.push({
        id: row.id,
        sealed: { before: row.sealedHeaders, after: sealed },
        options: { before: row.optionsJson, after: view },
      });
    }
  }

  // The saved settings: their sealed headers and their view.
  const saved = db.select().from(pairSettings).where(eq(pairSettings.id, 1)).get();
  let settings: { sealed: Change<string | null>; view: Change<string>; sides: Change<string | null> } | null = null;
  if (saved) {
    const parsed = JSON.parse(saved.settingsJson) as PairSettings;
    const view = hasClearValues(parsed) ? JSON.stringify(readerSettings(parsed)) : saved.settingsJson;
    let sealed = saved.sealedHeaders;
    let sides = saved.sidesJson;
    if (sealed !== null && !isCurrent(keyring, sealed)) {
      // Saved before sides were bound: bound now to the URLs the directory names, as the page shows them.
      const bound = sides === null ? fallbackUrls(db, urls) : (JSON.parse(sides) as SideUrls);
      try {
        sealed = await resealRequestHeaders(
          keyring,
          sealed,
          pairSettingsPlace(pairKey, bound ?? { left: "", right: "" }),
        );
        if (sides === null && bound !== null && (parsed.left || parsed.right)) sides = JSON.stringify(bound);
      } catch {
        report.failed++;
      }
    }
    if (sealed !== saved.sealedHeaders || view !== saved.settingsJson || sides !== saved.sidesJson) {
      settings = {
        sealed: { before: saved.sealedHeaders, after: sealed },
        view: { before: saved.settingsJson, after: view },
        sides: { before: saved.sidesJson, after: sides },
      };
    }
  }

  db.transaction((tx) => {
    for (const change of ring) {
      const done = tx
        .update(comparisons)
        .set({ sealedHeaders: change.sealed.after, optionsJson: change.options.after })
        .where(
          and(
            eq(comparisons.id, change.id),
            sql`${comparisons.sealedHeaders} IS ${change.sealed.before}`,
            eq(comparisons.optionsJson, change.options.before),
          ),
        )
        .returning({ id: comparisons.id })
        .all();
      report.resealed += done.length;
    }
    if (settings) {
      const done = tx
        .update(pairSettings)
        .set({
          sealedHeaders: settings.sealed.after,
          settingsJson: settings.view.after,
          sidesJson: settings.sides.after,
        })
        .where(
          and(
            eq(pairSettings.id, 1),
            sql`${pairSettings.sealedHeaders} IS ${settings.sealed.before}`,
            eq(pairSettings.settingsJson, settings.view.before),
          ),
        )
        .returning({ id: pairSettings.id })
        .all();
      report.resealed += done.length;
    }
  });

  const holding = db.get<{ n: number }>(
    sql`SELECT (SELECT count(*) FROM comparisons WHERE sealed_headers IS NOT NULL)
      + (SELECT count(*) FROM pair_settings WHERE sealed_headers IS NOT NULL) AS n`,
  );
  report.holdsSealed = (holding?.n ?? 0) > 0;
  return report;
}
