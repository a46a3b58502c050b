/**
 * Calling the Worker with an auth mode other than the tests' `none`, and making credentials:
 * API tokens straight in D1 (as `npm run token:create` does) and Access JWTs signed by a key pair
 * made here, whose JWKS is served at the team's certs address (see serveJwks).
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { vi } from "vitest";
import type { Scope } from "../../src/auth/identity";
import { createToken } from "../../src/auth/tokens";
import { d1Db } from "../../src/db/d1";
import worker from "../../src/index";

export type AuthVars = Partial<
  Pick<
    Env,
    | "AUTH_MODE"
    | "ACCESS_TEAM_DOMAIN"
    | "ACCESS_AUD"
    | "ACCESS_ADMIN_EMAILS"
    | "RATE_LIMIT_PER_MINUTE"
    | "SUITE_PROBES_PER_MINUTE"
  >
>;

/** One request through the Worker's fetch handler with `vars` over the tests' env. */
export async function call(path: string, init: RequestInit = {}, vars: AuthVars = { AUTH_MODE: "token" }) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`http://envdiff.test${path}`, init), { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A live token with these scopes, made the way the bootstrap script makes one. */
export async function makeToken(scopes: Scope[], options: { expiresAt?: number | null; name?: string } = {}) {
  const name = options.name ?? `test-${scopes.join("-")}-${crypto.randomUUID().slice(0, 8)}`;
  const { token, info } = await createToken(d1Db(env.DB), {
    name,
    scopes,
    createdBy: null,
    expiresAt: options.expiresAt ?? null,
  });
  return { token, id: info.id, name };
}

/** An Access team: its RSA key pair, its JWKS and the vars that point the Worker at it. */
export async function makeTeam(teamDomain: string, audience = "aud-envdiff-test") {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: `kid-${teamDomain}`, alg: "RS256", use: "sig" };
  const vars: AuthVars = {
    AUTH_MODE: "access",
    ACCESS_TEAM_DOMAIN: teamDomain,
    ACCESS_AUD: audience,
    ACCESS_ADMIN_EMAILS: "boss@example.com",
  };
  /** A JWT as Access issues it; `claims` and `header` override or add to the defaults. */
  const sign = (claims: Record<string, unknown> = {}, key: CryptoKey = privateKey, kid = jwk.kid) => {
    const now = Math.floor(Date.now() / 1000);
    const defaults = {
      email: "dev@example.com",
      iss: `https://${teamDomain}`,
      aud: audience,
      iat: now,
      exp: now + 300,
    };
    return new SignJWT({ ...defaults, ...claims }).setProtectedHeader({ alg: "RS256", kid: kid ?? "" }).sign(key);
  };
  return { teamDomain, audience, jwks: { keys: [jwk] }, vars, sign, privateKey };
}

/**
 * Serves `jwks` at https://<team>/cdn-cgi/access/certs. The Worker's code runs unchanged: jose's
 * createRemoteJWKSet calls the global fetch, which is the very outbound fetch intercepted here
 * (the tests and the Worker share one isolate); any other address goes to the real fetch.
 */
export function serveJwks(teamDomain: string, jwks: { keys: JWK[] }) {
  const certs = `https://${teamDomain}/cdn-cgi/access/certs`;
  const realFetch = globalThis.fetch;
  return vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url === certs) return Promise.resolve(Response.json(jwks));
    return realFetch(input, init);
  });
}
