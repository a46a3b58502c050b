/**
 * /api/pairs/:pairKey/settings: a pair's saved default options. PUT (admin) replaces them; GET
 * (read) shows them. Every comparison of the pair — manual, watch or suite — starts from them,
 * and a request's own options override them field by field (src/shapes/settings.ts). Saved request
 * headers are sealed, readers see names only, and per-side ones follow their URL; a PUT may give
 * "[redacted]" to keep a saved header's value (src/directory/pair-settings.ts).
 */
import { Hono } from "hono";
import { readPairSettings, savePairSettings } from "../directory/pair-settings";
import { pairKeyParamSchema } from "../shapes/routes";
import { type PairSettings, pairSettingsSchema } from "../shapes/settings";
import { type AppEnv, requireScope } from "./auth";
import { strictJsonBody } from "./json-body";
import { limitBody, requireJson, validate } from "./validate";

export const pairSettingsApi = new Hono<AppEnv>()
  .get("/:pairKey/settings", requireScope("read"), validate("param", pairKeyParamSchema), async (c) => {
    return c.json(await readPairSettings(c.env, c.req.valid("param").pairKey));
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
      return c.json(await savePairSettings(c.env, pairKey, c.req.valid("json") as PairSettings));
    },
  );
