/**
 * /api/tokens: envdiff API tokens for CI and scripts (scope admin). POST returns the token once;
 * GET lists them without secrets; DELETE revokes one, effective from the next request.
 * Bootstrap without any token: `npm run token:create` (scripts/token-create.mjs).
 */
import { Hono } from "hono";
import { createToken, listTokens, revokeToken } from "../auth/tokens";
import { d1Db } from "../db/d1";
import { log } from "../log";
import { createTokenRequestSchema, tokenIdParamSchema } from "../shapes/token-routes";
import { type AppEnv, createdBy, requireScope } from "./auth";
import { ApiError } from "./errors";
import { strictJsonBody } from "./json-body";
import { limitBody, requireJson, validate } from "./validate";

const DAY_MS = 24 * 60 * 60 * 1000;
/** One deployment serves one team: a few dozen tokens at most, so one page lists them all. */
const LIST_LIMIT = 500;

export const tokensApi = new Hono<AppEnv>()
  .post(
    "/",
    requireScope("admin"),
    requireJson,
    limitBody,
    strictJsonBody,
    validate("json", createTokenRequestSchema),
    async (c) => {
      const { name, scopes, expiresInDays } = c.req.valid("json");
      const now = Date.now();
      const expiresAt = expiresInDays === undefined ? null : now + expiresInDays * DAY_MS;
      const { token, info } = await createToken(
        d1Db(c.env.DB),
        { name, scopes, createdBy: createdBy(c), expiresAt },
        now,
      );
      log("info", "token.created", { tokenId: info.id, by: info.createdBy });
      return c.json({ ...info, token }, 201, { "Cache-Control": "no-store" });
    },
  )
  .get("/", requireScope("admin"), async (c) => {
    return c.json({ tokens: await listTokens(d1Db(c.env.DB), LIST_LIMIT) });
  })
  .delete("/:id", requireScope("admin"), validate("param", tokenIdParamSchema), async (c) => {
    const { id } = c.req.valid("param");
    if (!(await revokeToken(d1Db(c.env.DB), id))) throw new ApiError("not_found", `No token ${id}.`);
    log("info", "token.revoked", { tokenId: id, by: createdBy(c) });
    return c.body(null, 204);
  });
