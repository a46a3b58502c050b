/**
 * Cloudflare Access: the Worker verifies Cf-Access-Jwt-Assertion against the team's JWKS, fetched
 * from https://<team>/cdn-cgi/access/certs as in production (the test serves a key pair it made).
 * Every forgery the issue lists is refused with the same 401; a person and a service token get in.
 */
import { base64url, exportJWK, generateKeyPair, SignJWT } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, makeTeam, serveJwks } from "./support";

// One team per file: the Worker keeps a team's key set for the isolate's life, as in production.
const TEAM = "envdiff-access-test.cloudflareaccess.com";
let team: Awaited<ReturnType<typeof makeTeam>>;

beforeAll(async () => {
  team = await makeTeam(TEAM);
});
beforeEach(() => {
  serveJwks(TEAM, team.jwks);
});

const asAccess = (jwt: string, path = "/api/whoami") =>
  call(path, { headers: { "cf-access-jwt-assertion": jwt } }, team.vars);

async function expectRefused(jwt: string) {
  const res = await asAccess(jwt);
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
  expect((await res.json<{ error: { code: string } }>()).error.code).toBe("unauthorized");
}

describe("Cloudflare Access JWT", () => {
  it("lets a person in as their email, with read and compare", async () => {
    const res = await asAccess(await team.sign({ email: "dev@example.com" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: "dev@example.com", kind: "access-user", scopes: ["read", "compare"] });
  });

  it("gives admin to the emails in ACCESS_ADMIN_EMAILS, whatever their letter case", async () => {
    const res = await asAccess(await team.sign({ email: "Boss@Example.com" }));
    expect(await res.json()).toMatchObject({ id: "Boss@Example.com", scopes: ["read", "compare", "admin"] });
  });

  it("lets an Access service token in as its common_name", async () => {
    const res = await asAccess(await team.sign({ email: undefined, common_name: "ci.example.access" }));
    expect(await res.json()).toEqual({ id: "ci.example.access", kind: "access-service", scopes: ["read", "compare"] });
  });

  it("a person without admin gets 403 on an admin route", async () => {
    const res = await asAccess(await team.sign(), "/api/tokens");
    expect(res.status).toBe(403);
  });

  it("refuses alg none", async () => {
    const header = base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }));
    const now = Math.floor(Date.now() / 1000);
    const claims = { email: "boss@example.com", aud: team.audience, iss: `https://${TEAM}`, iat: now, exp: now + 300 };
    await expectRefused(`${header}.${base64url.encode(JSON.stringify(claims))}.`);
  });

  it("refuses HS256 signed with the team's public key as the secret", async () => {
    const publicJwk = team.jwks.keys[0];
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const forged = await new SignJWT({ email: "boss@example.com" })
      .setProtectedHeader({ alg: "HS256", kid: publicJwk?.kid ?? "" })
      .setIssuer(`https://${TEAM}`)
      .setAudience(team.audience)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(secret);
    await expectRefused(forged);
  });

  it("refuses a wrong audience", async () => {
    await expectRefused(await team.sign({ aud: "another-application" }));
  });

  it("refuses a wrong issuer", async () => {
    await expectRefused(await team.sign({ iss: "https://someone-else.cloudflareaccess.com" }));
  });

  it("refuses an expired token, beyond the small clock tolerance", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await team.sign({ iat: now - 600, exp: now - 120 }));
  });

  it("refuses a token that is not valid yet", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await team.sign({ nbf: now + 600 }));
  });

  it("refuses a token signed by a key that is not the team's, even with the team's kid", async () => {
    const stranger = await generateKeyPair("RS256");
    await expectRefused(await team.sign({}, stranger.privateKey));
    await expectRefused(await team.sign({}, stranger.privateKey, "kid-of-nobody"));
  });

  it("refuses a valid token that names nobody (neither email nor common_name)", async () => {
    await expectRefused(await team.sign({ email: undefined }));
  });

  it("never trusts Cf-Access-Authenticated-User-Email on its own", async () => {
    const res = await call(
      "/api/whoami",
      { headers: { "cf-access-authenticated-user-email": "boss@example.com" } },
      team.vars,
    );
    expect(res.status).toBe(401);
  });

  it("refuses garbage in the header", async () => {
    for (const jwt of ["", "x", "a.b.c", `${"e".repeat(3000)}.${"e".repeat(3000)}.x`]) await expectRefused(jwt);
  });

  it("with access and token both on, a token still works and a bad token is not rescued by a good JWT", async () => {
    const both = { ...team.vars, AUTH_MODE: "access,token" };
    const jwt = await team.sign();
    const res = await call(
      "/api/whoami",
      { headers: { "cf-access-jwt-assertion": jwt, authorization: `Bearer envd_${"B".repeat(43)}` } },
      both,
    );
    expect(res.status).toBe(401);
    const viaJwt = await call("/api/whoami", { headers: { "cf-access-jwt-assertion": jwt } }, both);
    expect(viaJwt.status).toBe(200);
  });

  it("exports a JWKS with only public parts (the test's own sanity)", async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    expect((await exportJWK(privateKey)).d).toBeDefined();
    expect(team.jwks.keys[0]?.d).toBeUndefined();
  });
});
