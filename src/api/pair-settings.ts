/**
 * /api/pairs/:pairKey/settings: a pair's saved default options. PUT (admin) replaces them; GET
 * (read) shows them. Every comparison of the pair — manual, watch or suite — starts from them,
 * and a request's own options override them field by field (src/shapes/settings.ts).
 * Saved request headers are sealed like a comparison's (docs/secrets.md): readers see names only.
 * Per-side headers are bound to the URL their side named when they were saved (`sides`), so they
 * follow their host whatever order a later request names the two URLs in.
 */
import { Hono } from "hono";
import { type AppEnv, requireScope } from "../auth/scope";
import { directoryDb, getPair } from "../directory/store";
import { REDACTED } from "../probe/redact";
import { loadKeyring } from "../secrets/crypto";
import type { SideUrls } from "../secrets/header-set";
import { readerSettings } from "../secrets/reader-view";
import { pairSettingsPlace } from "../secrets/request-headers";
import { notePairSealed } from "../secrets/sealed-pairs";
import { resolveOptions } from "../shapes/options";
import { type PairSettings, pairSettingsSchema } from "../shapes/settings";
import { ApiError } from "./errors";
import { strictJsonBody } from "./json-body";
import { pairKeyParamSchema } from "./schemas";
import { sealOptions } from "./start-comparison";
import { limitBody, requireJson, validate } from "./validate";

/**
 * The pair's two URLs as `left` and `right` name them: the directory's order (what GET
 * /api/pairs/:pairKey shows), else its object's newest comparison's; null for a pair never compared.
 */
async function pairUrls(env: Env, pairKey: string): Promise<SideUrls | null> {
  const row = await getPair(directoryDb(env.DB), pairKey);
  if (row) return { left: row.leftUrl, right: row.rightUrl };
  const [newest] = await env.ENV_PAIR.getByName(pairKey).listComparisons(1);
  return newest ? { left: newest.leftUrl, right: newest.rightUrl } : null;
}

export const pairSettingsApi = new Hono<AppEnv>()
  .get("/:pairKey/settings", requireScope("read"), validate("param", pairKeyParamSchema), async (c) => {
    const { pairKey } = c.req.valid("param");
    const saved = await c.env.ENV_PAIR.getByName(pairKey).getSettings();
    return c.json({
      pairKey,
      settings: readerSettings(saved?.settings ?? {}),
      sides: saved?.sides ?? null,
      updatedAt: saved?.updatedAt ?? null,
    });
  })
  .put(
    "/:pairKey/settings",
    requireScope("admin"),
    requireJson,
    limitBody,
    strictJsonBody,
    validate("param", pairKeyParamSchema),
    validate("json", pairSettingsSchema),
    async (c) => {
      const { pairKey } = c.req.valid("param");
      const settings = c.req.valid("json") as PairSettings;
      const { headers, left, right } = settings;
      const values = [headers, left?.headers, right?.headers].flatMap((h) => Object.values(h ?? {}));
      // A value copied from a GET would be sent as the text "[redacted]": refuse it.
      if (values.includes(REDACTED)) {
        throw new ApiError("invalid_request", 'Header values must be real values, not "[redacted]".', {
          field: "headers",
        });
      }
      const perSide = Object.keys(left?.headers ?? {}).length + Object.keys(right?.headers ?? {}).length > 0;
      const urls = await pairUrls(c.env, pairKey);
      if (perSide && urls === null) {
        throw new ApiError(
          "invalid_request",
          "Per-side headers need the pair's URLs, and this pair was never compared: compare it once, then save them.",
          { field: left ? "left" : "right" },
        );
      }
      // Header values are sealed here, each side's bound to its URL; the settings keep names only.
      const place = pairSettingsPlace(pairKey, urls ?? { left: "", right: "" });
      const sealed = await sealOptions(c.env, resolveOptions({ headers, left, right }), place);
      const view: PairSettings = { ...settings };
      if (headers) view.headers = sealed.options.headers;
      if (left) view.left = sealed.options.left;
      if (right) view.right = sealed.options.right;
      const sides = perSide ? urls : null;
      // Listed before the object keeps it, so a key rotation reaches the object (src/secrets/sealed-pairs.ts).
      if (sealed.sealedHeaders) {
        await notePairSealed(directoryDb(c.env.DB), await loadKeyring(c.env), pairKey, sealed.sealedHeaders);
      }
      const saved = await c.env.ENV_PAIR.getByName(pairKey).putSettings(view, sealed.sealedHeaders, sides);
      return c.json({ pairKey, settings: saved.settings, sides: saved.sides, updatedAt: saved.updatedAt });
    },
  );
