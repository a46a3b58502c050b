/**
 * The API tokens' queries in D1 (table api_tokens): create, list, revoke, and the lookup every
 * token-authenticated request makes. No cache sits in front of the lookup, so a revoked or expired
 * token is refused by the very next request.
 */
import { and, desc, eq, isNull, lte, or } from "drizzle-orm";
import type { D1Db } from "../db/d1";
import { type ApiTokenRow, apiTokens } from "../db/d1-schema";
import { type Identity, SCOPES, type Scope } from "./identity";
import { newToken, tokenHash } from "./token-format";

/** Last use is recorded when the stored time is older than this: at most one write a minute per token. */
export const LAST_USE_RESOLUTION_MS = 60_000;

export interface TokenInfo {
  id: string;
  name: string;
  scopes: Scope[];
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function parseScopes(text: string): Scope[] {
  return SCOPES.filter((scope) => text.split(",").includes(scope));
}

/** Who a token is: its id, which is unique; its name rides along as a label (names may repeat). */
export function tokenIdentity(row: Pick<ApiTokenRow, "id" | "name" | "scopes">): Identity {
  return { id: `token:${row.id}`, name: row.name, kind: "token", scopes: parseScopes(row.scopes) };
}

export function toTokenInfo(row: ApiTokenRow): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    scopes: parseScopes(row.scopes),
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt) ?? "",
    expiresAt: iso(row.expiresAt),
    lastUsedAt: iso(row.lastUsedAt),
    revokedAt: iso(row.revokedAt),
  };
}

export interface NewTokenInput {
  name: string;
  scopes: readonly Scope[];
  createdBy: string | null;
  expiresAt: number | null;
}

/** Creates a token; the returned `token` is the only time it exists outside the caller's hands. */
export async function createToken(db: D1Db, input: NewTokenInput, now = Date.now()) {
  const token = newToken();
  const [row] = await db
    .insert(apiTokens)
    .values({
      id: crypto.randomUUID(),
      name: input.name,
      tokenHash: await tokenHash(token),
      scopes: SCOPES.filter((scope) => input.scopes.includes(scope)).join(","),
      createdBy: input.createdBy,
      createdAt: now,
      expiresAt: input.expiresAt,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return { token, info: toTokenInfo(row) };
}

/** Every token, newest first, revoked ones included (they show when and that they were revoked). */
export async function listTokens(db: D1Db, limit: number): Promise<TokenInfo[]> {
  const rows = await db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt)).limit(limit);
  return rows.map(toTokenInfo);
}

/** Revokes a token; revoking it again keeps the first time. False when there is no such token. */
export async function revokeToken(db: D1Db, id: string, now = Date.now()): Promise<boolean> {
  const row = await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.id, id)).get();
  if (!row) return false;
  await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .run();
  return true;
}

/**
 * The live token with this value, or null (unknown, revoked or expired: the caller cannot tell
 * which). Records its last use when the stored time is a minute old or more; the UPDATE repeats
 * that condition, so concurrent requests of one token still write once.
 */
export async function findLiveToken(db: D1Db, token: string, now = Date.now()): Promise<ApiTokenRow | null> {
  const row = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, await tokenHash(token)))
    .get();
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return null;
  const stale = now - LAST_USE_RESOLUTION_MS;
  if (row.lastUsedAt === null || row.lastUsedAt <= stale) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lte(apiTokens.lastUsedAt, stale))))
      .run();
  }
  return row;
}
