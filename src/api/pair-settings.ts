/**
 * /api/pairs/:pairKey/settings: a pair's saved default options. PUT (admin) replaces them; GET
 * (read) shows them. Every comparison of the pair — manual, watch or suite — starts from them,
 * and a request's own options override them field by field (src/shapes/settings.ts).
 * Request headers are never saved here: they carry credentials (see the secrets feature).
 */
import { Hono } from "hono";
import { type AppEnv, requireScope } from "../auth/scope";
import { type PairSettings, pairSettingsSchema } from "../shapes/settings";
import { pairKeyParamSchema } from "./schemas";
import { limitBody, requireJson, validate } from "./validate";

export const pairSettingsApi = new Hono<AppEnv>()
  .get("/:pairKey/settings", requireScope("read"), validate("param", pairKeyParamSchema), async (c) => {
    const { pairKey } = c.req.valid("param");
    const saved = await c.env.ENV_PAIR.getByName(pairKey).getSettings();
    return c.json({ pairKey, settings: saved?.settings ?? {}, updatedAt: saved?.updatedAt ?? null });
  })
  .put(
    "/:pairKey/settings",
    requireScope("admin"),
    requireJson,
    limitBody,
    validate("param", pairKeyParamSchema),
    validate("json", pairSettingsSchema),
    async (c) => {
      const { pairKey } = c.req.valid("param");
      const settings = c.req.valid("json") as PairSettings;
      const saved = await c.env.ENV_PAIR.getByName(pairKey).putSettings(settings);
      return c.json({ pairKey, ...saved });
    },
  );
