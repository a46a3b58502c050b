/**
 * A pair's saved settings (GET/PUT /api/pairs/:pairKey/settings): the defaults every comparison of
 * the pair starts from, kept in the pair's object. Saved request headers are sealed like a
 * comparison's (docs/secrets.md) and readers see their names only. Per-side headers are bound to
 * the URL their side named when they were saved (`sides`), so they follow their host whatever order
 * a later request names the two URLs in (src/secrets/header-set.ts).
 */
import { notePairSealed } from "../compare/sealed-pairs";
import { sealOptions } from "../compare/start";
import { d1Db } from "../db/d1";
import type { SavedSettings } from "../do/env-pair-do";
import { DomainError } from "../errors";
import { PLACEHOLDER, readerSettings } from "../secrets/reader-view";
import { pairSettingsPlace, type SideUrls } from "../secrets/request-headers";
import { resolveOptions } from "../shapes/options";
import type { PairSettings, PairSettingsResponse } from "../shapes/settings";
import { getPair } from "./store";

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

/** Replaces the pair's settings with validated `settings`, header values sealed. */
export async function savePairSettings(
  env: Env,
  pairKey: string,
  settings: PairSettings,
): Promise<PairSettingsResponse> {
  const { headers, left, right } = settings;
  const values = [headers, left?.headers, right?.headers].flatMap((h) => Object.values(h ?? {}));
  // A value copied from a GET would be sent as the text "[redacted]": refuse it.
  if (values.includes(PLACEHOLDER)) {
    throw new DomainError("invalid_request", `Header values must be real values, not "${PLACEHOLDER}".`, {
      field: "headers",
    });
  }
  const perSide = Object.keys(left?.headers ?? {}).length + Object.keys(right?.headers ?? {}).length > 0;
  const urls = perSide ? await pairUrls(env, pairKey) : null;
  if (perSide && urls === null) {
    throw new DomainError(
      "invalid_request",
      "Per-side headers need the pair's URLs, and this pair was never compared: compare it once, then save them.",
      { field: left ? "left" : "right" },
    );
  }
  // Header values are sealed here, each side's bound to its URL; the settings keep names only.
  const place = pairSettingsPlace(pairKey, urls ?? { left: "", right: "" });
  const sealed = await sealOptions(env, resolveOptions({ headers, left, right }), place, "Nothing was saved.");
  const view: PairSettings = { ...settings };
  if (headers) view.headers = sealed.options.headers;
  if (left) view.left = sealed.options.left;
  if (right) view.right = sealed.options.right;
  // Listed before the object keeps it, so a key rotation reaches the object (src/compare/sealed-pairs.ts).
  if (sealed.sealedHeaders) await notePairSealed(env, pairKey, sealed.sealedHeaders);
  const saved = await env.ENV_PAIR.getByName(pairKey).putSettings(view, sealed.sealedHeaders, urls);
  return response(pairKey, saved);
}
