/**
 * GET /api/secrets/rotation (admin): whether the previous secrets key may be deleted, counted over
 * D1 and every pair object that holds a sealed value (src/secrets/rotation.ts). It shows key ids
 * and counts only, never a value.
 */
import { Hono } from "hono";
import { type AppEnv, requireScope } from "../auth/scope";
import { directoryDb } from "../directory/store";
import { SecretsConfigError } from "../secrets/crypto";
import { rotationStatus } from "../secrets/rotation";
import { ApiError } from "./errors";

export const secretsApi = new Hono<AppEnv>().get("/rotation", requireScope("admin"), async (c) => {
  try {
    return c.json(await rotationStatus(c.env, directoryDb(c.env.DB)));
  } catch (error) {
    if (error instanceof SecretsConfigError) throw new ApiError("internal", error.message);
    throw error;
  }
});
