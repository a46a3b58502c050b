/**
 * Resolves who is calling, once per request: the auth middleware (src/index.ts) runs it for every
 * /api request and requireScope reads the result, or runs it itself when a sub-app is used alone.
 * A request without credentials costs nothing here; a token costs one D1 read (and at most one
 * write a minute); an Access JWT costs a signature check against cached keys.
 */
import type { Context, MiddlewareHandler } from "hono";
import { directoryDb } from "../directory/store";
import { verifyAccessJwt } from "./access";
import { parseAuthConfig } from "./config";
import { ANONYMOUS, type Identity } from "./identity";
import type { AppEnv } from "./scope";
import { bearerToken } from "./token-format";
import { findLiveToken, tokenIdentity } from "./tokens";

export type AuthOutcome =
  | { kind: "identified"; identity: Identity }
  /** No credential, or one that is not valid: the same answer either way (401). */
  | { kind: "refused" }
  /** AUTH_MODE cannot work: every protected route says what to configure (fails closed). */
  | { kind: "misconfigured"; problem: string };

async function identify(c: Context<AppEnv>): Promise<AuthOutcome> {
  const config = parseAuthConfig(c.env);
  if (!config.ok) return { kind: "misconfigured", problem: config.problem };
  if (config.none) return { kind: "identified", identity: ANONYMOUS };

  // A bearer credential, when offered, decides alone: a bad token is refused even if an Access
  // JWT rides along, so a client never silently acts as someone other than it asked to be.
  const authorization = c.req.header("authorization");
  if (config.token && authorization !== undefined) {
    const token = bearerToken(authorization);
    const row = token === null ? null : await findLiveToken(directoryDb(c.env.DB), token);
    if (!row) return { kind: "refused" };
    return { kind: "identified", identity: tokenIdentity(row) };
  }
  const jwt = c.req.header("cf-access-jwt-assertion");
  if (config.access && jwt !== undefined) {
    const identity = await verifyAccessJwt(jwt, config.access);
    return identity ? { kind: "identified", identity } : { kind: "refused" };
  }
  return { kind: "refused" };
}

/** The request's auth outcome, resolved on first use and kept on the context. */
export async function resolveAuth(c: Context<AppEnv>): Promise<AuthOutcome> {
  let outcome = c.get("auth");
  if (!outcome) {
    outcome = await identify(c);
    c.set("auth", outcome);
    if (outcome.kind === "identified") c.set("identity", outcome.identity);
  }
  return outcome;
}

/** The auth middleware: resolves the identity so routes, the rate limit and createdBy can read it. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  await resolveAuth(c);
  await next();
};
