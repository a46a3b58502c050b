/**
 * A pair's saved settings (GET/PUT /api/pairs/:pairKey/settings): the defaults every comparison of
 * the pair starts from, kept in the pair's object. Saved request headers are sealed like a
 * comparison's (docs/secrets.md) and readers see their names only. Per-side headers are bound to
 * the URL their side named when they were first saved (`sides`), so they follow their host whatever
 * order a later request names the two URLs in (src/secrets/header-set.ts).
 *
 * A client only ever reads names, so a save may give the placeholder "[redacted]" for a header the
 * pair already has: it keeps that header's saved value. That is how a read, changed and written back
 * (the page's "Ignore this", a script editing ignore paths) leaves saved credentials as they were.
 * A placeholder for a header that has no saved value is refused: it would be sent as that text
 * (src/secrets/saved-values.ts, which suite edits share).
 */
import { notePairSealed } from "../compare/sealed-pairs";
import { sealOptions } from "../compare/start";
import { d1Db } from "../db/d1";
import type { SavedSettings } from "../do/env-pair-do";
import { DomainError } from "../errors";
import { readerSettings } from "../secrets/reader-view";
import { openHeaderMaps, pairSettingsPlace, type SideUrls } from "../secrets/request-headers";
import { hasPlaceholders, withSavedValues } from "../secrets/saved-values";
import { resolveOptions } from "../shapes/options";
import type { PairSettings, PairSettingsResponse } from "../shapes/settings";
import { getPair } from "./store";

const NO_URLS: SideUrls = { left: "", right: "" };

/**
 * The pair's two URLs as `left` and `right` name them: the directory's order (what GET
 * /api/pairs/:pairKey shows), else its object's newest comparison's; null for a pair never compared.
 */
async function pairUrls(env: Env, pairKey: string): Promise<SideUrls | null> {
  const row = await getPair(d1Db(env.DB), pairKey);
  if (row) return { left: row.leftUrl, right: row.rightUrl };
  const [newest] = await env.ENV_PAIR.getByName(pairKey).listComparisons(1);
  return newest ? { left: newest.leftUrl, right: newest.rightUrl } : null;
}

function response(pairKey: string, saved: SavedSettings | null): PairSettingsResponse {
  return {
    pairKey,
    settings: readerSettings(saved?.settings ?? {}),
    sides: saved?.sides ?? null,
    updatedAt: saved?.updatedAt ?? null,
  };
}

export async function readPairSettings(env: Env, pairKey: string): Promise<PairSettingsResponse> {
  return response(pairKey, await env.ENV_PAIR.getByName(pairKey).getSettings());
}

/** Replaces the pair's settings with validated `settings`; header values sealed, placeholders kept from the saved ones. */
export async function savePairSettings(
  env: Env,
  pairKey: string,
  settings: PairSettings,
): Promise<PairSettingsResponse> {
  const stub = env.ENV_PAIR.getByName(pairKey);
  const perSide = Object.keys(settings.left?.headers ?? {}).length + Object.keys(settings.right?.headers ?? {}).length;
  const needsSaved = hasPlaceholders(settings);
  const saved = perSide > 0 || needsSaved ? await stub.getSettings() : null;
  // `left` and `right` keep meaning what a read showed them as (`sides`); a first save takes the pair's URLs.
  const urls = saved?.sides ?? (perSide > 0 ? await pairUrls(env, pairKey) : null);
  if (perSide > 0 && urls === null) {
    throw new DomainError(
      "invalid_request",
      "Per-side headers need the pair's URLs, and this pair was never compared: compare it once, then save them.",
      { field: settings.left ? "left" : "right" },
    );
  }
  const { headers, left, right } = needsSaved ? await withSavedSettings(env, pairKey, settings, saved, urls) : settings;
  // Header values are sealed here, each side's bound to its URL; the settings keep names only.
  const place = pairSettingsPlace(pairKey, urls ?? NO_URLS);
  const sealed = await sealOptions(env, resolveOptions({ headers, left, right }), place, "Nothing was saved.");
  const view: PairSettings = { ...settings };
  if (headers) view.headers = sealed.options.headers;
  if (left) view.left = sealed.options.left;
  if (right) view.right = sealed.options.right;
  // Listed before the object keeps it, so a key rotation reaches the object (src/compare/sealed-pairs.ts).
  if (sealed.sealedHeaders) await notePairSealed(env, pairKey, sealed.sealedHeaders);
  const sides = perSide > 0 ? urls : null;
  return response(pairKey, await stub.putSettings(view, sealed.sealedHeaders, sides));
}

/** `settings` with each placeholder replaced by the pair's saved value of that header (saved-values.ts). */
async function withSavedSettings(
  env: Env,
  pairKey: string,
  settings: PairSettings,
  saved: SavedSettings | null,
  urls: SideUrls | null,
): Promise<PairSettings> {
  const values = saved?.sealedHeaders
    ? await openHeaderMaps(env, saved.sealedHeaders, pairSettingsPlace(pairKey, saved.sides ?? urls ?? NO_URLS))
    : { headers: {}, left: {}, right: {} };
  return withSavedValues(settings, values, "pair");
}
