/**
 * Scopes and identities (contract § Who may call it). Every route but /api/health and
 * /api/openapi.json declares the scope it needs with `requireScope`, placed first in its
 * middleware list, so a route added later cannot forget the check without the route-list test noticing.
 *
 * FOUNDATION STUB: the identity is resolved by the auth middleware (issue 11, in progress).
 */
import type { Context, MiddlewareHandler } from "hono";

export const SCOPES = ["read", "compare", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

/** Who made a request: a person or service behind Access, an API token, or nobody (AUTH_MODE=none). */
export interface Identity {
  /** Shown as `createdBy`: an email, an Access service token's common name, or `token:<name>`. */
  id: string;
  kind: "access-user" | "access-service" | "token" | "anonymous";
  scopes: readonly Scope[];
}

/** Hono environment of every envdiff sub-app: the Worker's bindings plus the request's identity. */
export type AppEnv = { Bindings: Env; Variables: { identity?: Identity } };

/** Refuses the request unless its identity holds `scope` (`admin` implies the others). */
export function requireScope(_scope: Scope): MiddlewareHandler<AppEnv> {
  return async (_c, next) => {
    await next();
  };
}

/**
 * Whether the request's identity holds `scope`. In AUTH_MODE=none the auth middleware sets an
 * anonymous identity holding every scope, so this is true there.
 */
export function hasScope(c: Context<AppEnv>, scope: Scope): boolean {
  const identity = c.get("identity");
  if (!identity) return true; // FOUNDATION STUB: until the auth middleware sets one
  return identity.scopes.includes(scope) || identity.scopes.includes("admin");
}

/** The identity recorded as `createdBy`, or null where none is known. */
export function createdBy(c: Context<AppEnv>): string | null {
  const identity = c.get("identity");
  return identity && identity.kind !== "anonymous" ? identity.id : null;
}
