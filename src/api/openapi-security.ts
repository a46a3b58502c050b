/**
 * The OpenAPI document's sign-in part: the two ways in (an API token as a bearer token, the
 * Cloudflare Access JWT header), and on every operation but the public ones its security, the
 * scope it needs and the 401/403 answers. Applied over the paths, so an operation added later gets
 * them without anyone remembering to (test/auth/openapi.test.ts checks against the router).
 */
import { errorResponseSchema } from "./schemas";

export const securitySchemes = {
  bearer: {
    type: "http",
    scheme: "bearer",
    description: "An envdiff API token (envd_…): POST /api/tokens or `npm run token:create`.",
  },
  access: {
    type: "apiKey",
    in: "header",
    name: "Cf-Access-Jwt-Assertion",
    description: "Added by Cloudflare Access in front of envdiff; verified against the team's keys.",
  },
} as const;

/** Public operations: anyone may call them. */
const PUBLIC = new Set(["get /api/health", "get /api/openapi.json"]);

/** The scope each operation needs (contract § HTTP API); `admin` implies the others. */
const SCOPE: Record<string, string> = {
  "post /api/compare": "compare",
  "post /api/suites": "compare",
  "put /api/pairs/{pairKey}/watch": "admin",
  "delete /api/pairs/{pairKey}/watch": "admin",
  "put /api/pairs/{pairKey}/settings": "admin",
  "post /api/tokens": "admin",
  "get /api/tokens": "admin",
  "delete /api/tokens/{id}": "admin",
  "get /api/whoami": "any",
};

/** Any GET not listed needs `read`; anything else not listed, `admin` (the safe side). */
export function scopeOf(method: string, path: string): string {
  return SCOPE[`${method} ${path}`] ?? (method === "get" ? "read" : "admin");
}

const errorJson = (description: string) => ({
  description,
  content: { "application/json": { schema: errorResponseSchema } },
});

type Operation = { description?: string; responses?: Record<string, unknown>; security?: unknown };

/** The paths with security, scope and the sign-in refusals added to every protected operation. */
export function withSecurity<Paths extends Record<string, Record<string, Operation>>>(paths: Paths): Paths {
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (PUBLIC.has(`${method} ${path}`)) continue;
      const scope = scopeOf(method, path);
      const needs = scope === "any" ? "Needs any signed-in identity." : `Needs the \`${scope}\` scope.`;
      operation.description = operation.description ? `${operation.description}\n\n${needs}` : needs;
      operation.security = [{ bearer: [] }, { access: [] }];
      operation.responses = {
        ...operation.responses,
        "401": errorJson("unauthorized: no valid identity (WWW-Authenticate: Bearer)"),
        "403": errorJson(`forbidden: the identity lacks the ${scope === "any" ? "route's" : scope} scope`),
        "503": errorJson("auth_not_configured: AUTH_MODE cannot work; the message says what to set"),
      };
    }
  }
  return paths;
}
