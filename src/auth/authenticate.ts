/**
 * Resolves who is calling from the credentials a request carries: an API token (one D1 read, and
 * at most one write a minute), an Access JWT (a signature check against cached keys), or nothing.
 * No HTTP here: the API's auth middleware (src/api/auth.ts) reads the headers and maps the outcome.
 */
import { d1Db } from "../db/d1";
import { verifyAccessJwt } from "./access";
import { parseAuthConfig } from "./config";
import { ANONYMOUS, type Identity } from "./identity";
import { bearerToken } from "./token-format";
import { findLiveToken, tokenIdentity } from "./tokens";

export type AuthOutcome =
  | { kind: "identified"; identity: Identity }
  /** No credential, or one that is not valid: the same answer either way (401). */
  | { kind: "refused" }
  /** AUTH_MODE cannot work: every protected route says what to configure (fails closed). */
  | { kind: "misconfigured"; problem: string };

/** What a request offers to prove who it is: the Authorization header and Cloudflare Access's JWT. */
export interface Credentials {
  authorization: string | undefined;
  accessJwt: string | undefined;
}

/** Who is calling, from the request's credentials and the Worker's AUTH_MODE. */
export async function identify(env: Env, credentials: Credentials): Promise<AuthOutcome> {
  const config = parseAuthConfig(env);
  if (!config.ok) return { kind: "misconfigured", problem: config.problem };
  if (config.none) return { kind: "identified", identity: ANONYMOUS };

  // A bearer credential, when offered, decides alone: a bad token is refused even if an Access
  // JWT rides along, so a client never silently acts as someone other than it asked to be.
  const { authorization, accessJwt: jwt } = credentials;
  if (config.token && authorization !== undefined) {
    const token = bearerToken(authorization);
    const row = token === null ? null : await findLiveToken(d1Db(env.DB), token);
    if (!row) return { kind: "refused" };
    return { kind: "identified", identity: tokenIdentity(row) };
  }
  if (config.access && jwt !== undefined) {
    const identity = await verifyAccessJwt(jwt, config.access);
    return identity ? { kind: "identified", identity } : { kind: "refused" };
  }
  return { kind: "refused" };
}
