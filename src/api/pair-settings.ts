/**
 * /api/pairs/:pairKey/settings: a pair's saved default options. PUT (admin) replaces them; GET
 * (read) shows them. Every comparison of the pair — manual, watch or suite — starts from them,
 * and a request's own options override them field by field (src/shapes/settings.ts).
 * Saved request headers are sealed like a comparison's (docs/secrets.md): readers see "[redacted]".
 */
import { Hono } from "hono";
import { type AppEnv, requireScope } from "../auth/scope";
import { REDACTED } from "../probe/redact";
import { readerSettings } from "../secrets/reader-view";
import { resolveOptions } from "../shapes/options";
import { type PairSettings, pairSettingsSchema } from "../shapes/settings";
import { ApiError } from "./errors";
import { strictJsonBody } from "./json-body";
import { pairKeyParamSchema } from "./schemas";
import { sealOptions } from "./start-comparison";
import { limitBody, requireJson, validate } from "./validate";

export const pairSettingsApi = new Hono<AppEnv>()
  .get("/:pairKey/settings", requireScope("read"), validate("param", pairKeyParamSchema), async (c) => {
    const { pairKey } = c.req.valid("param");
    const saved = await c.env.ENV_PAIR.getByName(pairKey).getSettings();
    return c.json({ pairKey, settings: readerSettings(saved?.settings ?? {}), updatedAt: saved?.updatedAt ?? null });
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
      // Header values are sealed here; the settings keep their "[redacted]" view (docs/secrets.md).
      const sealed = await sealOptions(c.env, resolveOptions({ headers, left, right }));
      const view: PairSettings = { ...settings };
      if (headers) view.headers = sealed.options.headers;
      if (left) view.left = sealed.options.left;
      if (right) view.right = sealed.options.right;
      const saved = await c.env.ENV_PAIR.getByName(pairKey).putSettings(view, sealed.sealedHeaders);
      return c.json({ pairKey, settings: saved.settings, updatedAt: saved.updatedAt });
    },
  );
