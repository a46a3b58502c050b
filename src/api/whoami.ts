/**
 * GET /api/whoami: who the request is signed in as and what it may do. The page reads it to show
 * who is signed in and to hide what the scopes forbid; scripts use it to check a token.
 */
import { Hono } from "hono";
import { type AppEnv, requireIdentity } from "./auth";
import { ApiError } from "./errors";

export const whoamiApi = new Hono<AppEnv>().get("/", requireIdentity, (c) => {
  const identity = c.get("identity");
  if (!identity) throw new ApiError("internal", "No identity after sign-in.");
  const name = identity.name === undefined ? {} : { name: identity.name };
  return c.json({ id: identity.id, kind: identity.kind, scopes: [...identity.scopes], ...name });
});
