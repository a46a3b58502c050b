/**
 * The API's sign-in (contract § Who may call it): `authenticate` resolves who is calling once per
 * request (src/auth/authenticate.ts decides, from the request's credentials), and every route but
 * /api/health and /api/openapi.json declares the scope it needs with `requireScope`, placed first in
 * its middleware list; test/auth/routes.test.ts walks the router so a route added later cannot skip it.
 */
import type { Context, MiddlewareHandler } from "hono";
import { type AuthOutcome, identify } from "../auth/authenticate";
import { grants, type Identity, type Scope } from "../auth/identity";
import { log } from "../log";
import { ApiError } from "./errors";

export { grants, type Identity, SCOPES, type Scope } from "../auth/identity";

/** Hono environment of every envdiff sub-app: the Worker's bindings plus the request's identity. */
export type AppEnv = { Bindings: Env; Variables: { identity?: Identity; auth?: AuthOutcome } };

// Every refusal for a missing or bad credential reads the same, so it never tells whether a token exists.
const UNAUTHORIZED = "Sign in: send an API token (Authorization: Bearer envd_…) or come through Cloudflare Access.";

/** Refuses the request unless its identity holds `scope`: 401 without a valid identity, 403 without the scope. */
export function requireScope(scope: Scope | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const outcome = await resolveAuth(c);
    if (outcome.kind === "misconfigured") {
      log("error", "auth.misconfigured", { problem: outcome.problem });
      throw new ApiError("auth_not_configured", outcome.problem);
    }
    if (outcome.kind === "refused") {
      throw new ApiError("unauthorized", UNAUTHORIZED, undefined, { "WWW-Authenticate": 'Bearer realm="envdiff"' });
    }
    if (scope !== null && !grants(outcome.identity, scope)) {
      throw new ApiError("forbidden", `This needs the ${scope} scope, which ${outcome.identity.id} does not have.`, {
        scope,
      });
    }
    await next();
  };
}

/** Refuses the request without a valid identity (401), whatever its scopes: GET /api/whoami. */
export const requireIdentity: MiddlewareHandler<AppEnv> = requireScope(null);

/**
 * Whether the request's identity holds `scope`. In AUTH_MODE=none the identity is anonymous with
 * every scope, so this is true there; without an identity it is false.
 */
export function hasScope(c: Context<AppEnv>, scope: Scope): boolean {
  return grants(c.get("identity"), scope);
}

/** The identity recorded as `createdBy`, or null where none is known. */
export function createdBy(c: Context<AppEnv>): string | null {
  const identity = c.get("identity");
  return identity && identity.kind !== "anonymous" ? identity.id : null;
}

/**
 * Who sets a watch, and the origin the request reached: the page is served by this same Worker, so
 * a chat message links to the page there (docs/directory.md § Chat messages).
 */
export function watchSetBy(c: Context<AppEnv>): { updatedBy: string | null; pageOrigin: string } {
  return { updatedBy: createdBy(c), pageOrigin: new URL(c.req.url).origin };
}

/** The request's auth outcome, resolved on first use and kept on the context. */
export async function resolveAuth(c: Context<AppEnv>): Promise<AuthOutcome> {
  let outcome = c.get("auth");
  if (!outcome) {
    outcome = await identify(c.env, {
      authorization: c.req.header("authorization"),
      accessJwt: c.req.header("cf-access-jwt-assertion"),
    });
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
