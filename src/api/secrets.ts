/**
 * GET /api/secrets/rotation (admin): whether the previous secrets key may be deleted, counted over
 * D1 and every pair object that holds a sealed value (src/watches/rotation.ts). It shows key ids
 * and counts only, never a value.
 */
import { Hono } from "hono";
import { d1Db } from "../db/d1";
import { rotationStatus } from "../watches/rotation";
import { type AppEnv, requireScope } from "./auth";

export const secretsApi = new Hono<AppEnv>().get("/rotation", requireScope("admin"), async (c) =>
  c.json(await rotationStatus(c.env, d1Db(c.env.DB))),
);
