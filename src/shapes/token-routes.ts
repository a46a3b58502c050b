/** Request and response schemas of /api/tokens (src/api/tokens.ts), validated and documented from here. */
import { z } from "zod";

/** What an identity may do; `admin` implies the others (src/auth/identity.ts). */
export const SCOPES = ["read", "compare", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

/** Token names are labels for people ("ci-deploy", "nightly check"): printable, one line. */
const TOKEN_NAME = /^[\x20-\x7e]{1,80}$/;
const TOKEN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const MAX_TOKEN_DAYS = 3650;

export const tokenNameSchema = z
  .string()
  .trim()
  .regex(TOKEN_NAME, "must be 1 to 80 printable ASCII characters")
  .meta({ example: "ci-deploy" });

export const tokenScopesSchema = z
  .array(z.enum(SCOPES))
  .min(1)
  .max(SCOPES.length)
  .meta({ description: "admin implies read and compare." });

export const createTokenRequestSchema = z
  .strictObject({
    name: tokenNameSchema,
    scopes: tokenScopesSchema,
    /** Days until it stops working; absent for a token that does not expire. */
    expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional(),
  })
  .meta({ id: "CreateTokenRequest" });

export const tokenInfoSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.enum(SCOPES)),
    createdBy: z.string().nullable(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable().meta({ description: "Recorded to the minute." }),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "TokenInfo" });

export const createdTokenSchema = tokenInfoSchema
  .extend({ token: z.string().meta({ description: "The token itself: shown this once, never again." }) })
  .meta({ id: "CreatedToken" });

export const tokenListSchema = z.object({ tokens: z.array(tokenInfoSchema) }).meta({ id: "TokenList" });

export const tokenIdParamSchema = z.object({
  id: z.string().max(36).regex(TOKEN_ID, "must be a token id (a uuid)"),
});

/** GET /api/whoami: who the request is signed in as, for the page. */
export const whoamiSchema = z
  .object({
    id: z.string().meta({
      description: "Who it is, as createdBy records it: an email, a service token's common name, or token:<token id>.",
    }),
    kind: z.enum(["access-user", "access-service", "token", "anonymous"]),
    scopes: z.array(z.enum(SCOPES)),
    name: z.string().optional().meta({ description: "An API token's name: a label, which other tokens may share." }),
  })
  .meta({ id: "Whoami" });
