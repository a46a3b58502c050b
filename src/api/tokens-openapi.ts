/** /api/tokens and /api/whoami in the OpenAPI document (src/api/tokens.ts, src/api/whoami.ts). */
import type { ZodOpenApiPathsObject } from "zod-openapi";
import {
  createdTokenSchema,
  createTokenRequestSchema,
  tokenIdParamSchema,
  tokenListSchema,
  whoamiSchema,
} from "../shapes/token-routes";
import { errors, json, operation } from "./openapi-kit";

export const tokenOperations: ZodOpenApiPathsObject = {
  "/api/tokens": {
    post: operation("createToken", "admin", {
      summary: "Create an API token; the token is in this answer only",
      requestBody: json(createTokenRequestSchema),
      responses: {
        "201": { description: "The token and its details", ...json(createdTokenSchema) },
        ...errors("invalid_request", "payload_too_large", "unsupported_media_type"),
      },
    }),
    get: operation("listTokens", "admin", {
      summary: "Every API token, newest first, without secrets",
      responses: { "200": { description: "The tokens", ...json(tokenListSchema) } },
    }),
  },
  "/api/tokens/{id}": {
    delete: operation("revokeToken", "admin", {
      summary: "Revoke a token: refused from the next request on",
      requestParams: { path: tokenIdParamSchema },
      responses: {
        "204": { description: "Revoked (revoking again changes nothing)" },
        ...errors("invalid_request", "not_found"),
      },
    }),
  },
  "/api/whoami": {
    get: operation("whoami", "any", {
      summary: "Who this request is signed in as, and its scopes",
      responses: { "200": { description: "The identity", ...json(whoamiSchema) } },
    }),
  },
};
