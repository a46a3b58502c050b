/**
 * API tokens end to end: created by an admin through POST /api/tokens, used as a bearer token,
 * listed without secrets, revoked and expired (refused by the very next request), refused when
 * malformed (fuzzed), and last use recorded at most once a minute per token.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bearerToken, tokenHash } from "../../src/auth/token-format";
import { findLiveToken, LAST_USE_RESOLUTION_MS } from "../../src/auth/tokens";
import { d1Db } from "../../src/db/d1";
import { apiTokens } from "../../src/db/d1-schema";
import { bearer, call, makeToken } from "./support";

type ErrorBody = { error: { code: string; message: string } };
const json = (body: unknown) => ({ "content-type": "application/json", body: JSON.stringify(body) });

async function createThroughApi(adminToken: string, body: unknown) {
  const { body: text, ...headers } = json(body);
  return call("/api/tokens", { method: "POST", headers: { ...headers, ...bearer(adminToken) }, body: text });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("API tokens", () => {
  it("an admin creates a token that is shown once, works at once, and is stored only as a hash", async () => {
    const admin = await makeToken(["admin"]);
    const res = await createThroughApi(admin.token, { name: "ci-deploy", scopes: ["read"], expiresInDays: 30 });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const created = await res.json<{
      id: string;
      token: string;
      createdBy: string;
      scopes: string[];
      expiresAt: string;
    }>();
    expect(created.token).toMatch(/^envd_[A-Za-z0-9_-]{43}$/);
    expect(created.createdBy).toBe(`token:${admin.id}`);
    expect(created.scopes).toEqual(["read"]);
    expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const row = await d1Db(env.DB).select().from(apiTokens).where(eq(apiTokens.id, created.id)).get();
    expect(row?.tokenHash).toBe(await tokenHash(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);

    const me = await call("/api/whoami", { headers: bearer(created.token) });
    expect(await me.json()).toEqual({ id: `token:${created.id}`, name: "ci-deploy", kind: "token", scopes: ["read"] });
    const list = await call("/api/tokens", { headers: bearer(admin.token) });
    const listed = (await list.json<{ tokens: Record<string, unknown>[] }>()).tokens;
    expect(listed.find((t) => t.id === created.id)).toMatchObject({
      name: "ci-deploy",
      createdBy: `token:${admin.id}`,
    });
    expect(JSON.stringify(listed)).not.toMatch(/envd_/);
  });

  it("a token without the admin scope cannot make tokens (403 forbidden)", async () => {
    const reader = await makeToken(["read", "compare"]);
    const res = await createThroughApi(reader.token, { name: "sneaky", scopes: ["admin"] });
    expect(res.status).toBe(403);
    expect((await res.json<ErrorBody>()).error.code).toBe("forbidden");
  });

  it("rejects a token request with unknown scopes, no name or extra fields", async () => {
    const admin = await makeToken(["admin"]);
    for (const body of [{ name: "x", scopes: ["root"] }, { scopes: ["read"] }, { name: "x", scopes: [], extra: 1 }]) {
      const res = await createThroughApi(admin.token, body);
      expect(res.status).toBe(400);
      expect((await res.json<ErrorBody>()).error.code).toBe("invalid_request");
    }
  });

  it("a revoked token is refused by the very next request, with the same answer as an unknown one", async () => {
    const admin = await makeToken(["admin"]);
    const user = await makeToken(["read"]);
    expect((await call("/api/pairs", { headers: bearer(user.token) })).status).toBe(200);
    const revoked = await call(`/api/tokens/${user.id}`, { method: "DELETE", headers: bearer(admin.token) });
    expect(revoked.status).toBe(204);

    const after = await call("/api/pairs", { headers: bearer(user.token) });
    const unknown = await call("/api/pairs", { headers: bearer(`envd_${"A".repeat(43)}`) });
    expect(after.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await after.json()).toEqual(await unknown.json());
    expect(after.headers.get("www-authenticate")).toBe(unknown.headers.get("www-authenticate"));

    const again = await call(`/api/tokens/${user.id}`, { method: "DELETE", headers: bearer(admin.token) });
    expect(again.status).toBe(204);
    const missing = await call(`/api/tokens/${crypto.randomUUID()}`, {
      method: "DELETE",
      headers: bearer(admin.token),
    });
    expect(missing.status).toBe(404);
  });

  it("an expired token is refused", async () => {
    const expired = await makeToken(["read"], { expiresAt: Date.now() - 1 });
    const res = await call("/api/pairs", { headers: bearer(expired.token) });
    expect(res.status).toBe(401);
    expect((await res.json<ErrorBody>()).error.code).toBe("unauthorized");
  });

  it("reads a bearer token only in the Bearer scheme, in any letter case", () => {
    const token = `envd_${"a".repeat(43)}`;
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBe(token);
    expect(bearerToken(`BEARER   ${token} `)).toBe(token);
    expect(bearerToken(`Basic ${token}`)).toBeNull();
    expect(bearerToken(`Bearer ${token.slice(0, -1)}`)).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it("records last use at most once a minute per token, however many requests it makes", async () => {
    const user = await makeToken(["read"]);
    const db = d1Db(env.DB);
    const lastUsed = async () =>
      (await db.select().from(apiTokens).where(eq(apiTokens.id, user.id)).get())?.lastUsedAt ?? null;
    let written = 0;
    const start = Date.now();
    for (let i = 0; i < 30; i++) {
      const before = await lastUsed();
      expect(await findLiveToken(db, user.token, start + i * 5_000)).not.toBeNull();
      if ((await lastUsed()) !== before) written++;
    }
    // 30 uses over 150 seconds: the first, then one each time a minute has passed.
    expect(written).toBe(3);
    expect(await lastUsed()).toBe(start + 2 * LAST_USE_RESOLUTION_MS);
  });

  it("refuses over 100 malformed or near-miss Authorization headers with the same 401, never a 500", async () => {
    const { token } = await makeToken(["admin"]);
    const malformed = fuzzHeaders(token);
    expect(malformed.length).toBeGreaterThanOrEqual(100);
    const answers = new Set<string>();
    for (const header of malformed) {
      const res = await call("/api/pairs", { headers: { authorization: header } });
      expect(res.status, header).toBe(401);
      answers.add(await res.text());
    }
    expect(answers.size).toBe(1);
  });
});

/** Authorization headers that must all fail: near misses of a real token, other schemes, garbage. */
function fuzzHeaders(token: string): string[] {
  const secret = token.slice("envd_".length);
  const headers = [
    "",
    "Bearer",
    "Bearer ",
    token,
    `Basic ${btoa(`user:${token}`)}`,
    `Token ${token}`,
    `Bearer  envd_`,
    `Bearer envd_${secret.slice(1)}`,
    `Bearer envd_${secret}A`,
    `Bearer ENVD_${secret}`,
    `Bearer envd-${secret}`,
    `Bearer ${secret}`,
    `Bearer ${token},${token}`,
    `Bearer ${token} ${token}`,
    `Bearer\t${token}`,
    `Bearer ${token}%00`,
    `Bearer ${encodeURIComponent(`${token}/`)}`,
    `Bearer ${token.replace("_", "%5F")}`,
    `Bearer "${token}"`,
    `Bearer ${btoa(token)}`,
    `Bearer ${"A".repeat(5000)}`,
    `Bearer envd_${"=".repeat(43)}`,
    `Bearer envd_${".".repeat(43)}`,
    "Bearer null",
    "Bearer undefined",
    "Bearer [object Object]",
    "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.",
  ];
  // Every single-character change of the secret: a valid shape, a wrong token.
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (let i = 0; headers.length < 100; i += 3) {
    const position = i % secret.length;
    const current = secret[position] ?? "A";
    const replacement = alphabet[(alphabet.indexOf(current) + 1 + i) % alphabet.length] ?? "B";
    const changed =
      secret.slice(0, position) + (replacement === current ? "Z" : replacement) + secret.slice(position + 1);
    if (changed !== secret) headers.push(`Bearer envd_${changed}`);
  }
  // Characters that do not belong in a token, at the end of a real one.
  for (const bad of [
    "!",
    "@",
    "#",
    "$",
    "*",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ";",
    ":",
    "'",
    "<",
    ">",
    "?",
    "\\",
    "|",
    "~",
  ]) {
    headers.push(`Bearer ${token}${bad}`);
  }
  return headers;
}
