/** The OpenAPI operations of /api/tokens and /api/whoami (src/api/tokens.ts, src/api/whoami.ts). */
import type { z } from "zod";
import { errorResponseSchema } from "./schemas";
import {
  createdTokenSchema,
  createTokenRequestSchema,
  tokenIdParamSchema,
  tokenListSchema,
  whoamiSchema,
} from "./token-schemas";

const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });
const error = (description: string) => ({ description, ...json(errorResponseSchema) });

export const tokenPaths = {
  "/api/tokens": {
    post: {
      summary: "Create an API token; the token is in this answer only",
      requestBody: json(createTokenRequestSchema),
      responses: {
        "201": { description: "The token and its details", ...json(createdTokenSchema) },
        "400": error("invalid_request"),
        "413": error("payload_too_large"),
        "415": error("unsupported_media_type"),
      },
    },
    get: {
      summary: "Every API token, newest first, without secrets",
      responses: { "200": { description: "The tokens", ...json(tokenListSchema) } },
    },
  },
  "/api/tokens/{id}": {
    delete: {
      summary: "Revoke a token: refused from the next request on",
      requestParams: { path: tokenIdParamSchema },
      responses: {
        "204": { description: "Revoked (revoking again changes nothing)" },
        "400": error("invalid_request"),
        "404": error("not_found"),
      },
    },
  },
  "/api/whoami": {
    get: {
      summary: "Who this request is signed in as, and its scopes",
      responses: { "200": { description: "The identity", ...json(whoamiSchema) } },
    },
  },
};
