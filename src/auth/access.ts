/**
 * Cloudflare Access: verifies the `Cf-Access-Jwt-Assertion` JWT that Access adds to every request
 * it lets through, and turns it into an identity. Nothing else Access sends (such as
 * Cf-Access-Authenticated-User-Email) is trusted: any client can set a header, only Access can sign.
 */
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";
import { log } from "../log";
import type { AccessSettings } from "./config";
import type { Identity } from "./identity";

/** Seconds of clock difference allowed on exp/nbf/iat between Access and this Worker. */
export const ACCESS_CLOCK_TOLERANCE_S = 30;

// One key set per team domain for the isolate's life: jose caches the keys (refetching on an
// unknown kid, at most every 30 s), so most requests verify without a network round trip.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySet(teamDomain: string) {
  let set = keySets.get(teamDomain);
  if (!set) {
    set = createRemoteJWKSet(new URL(`https://${teamDomain}/cdn-cgi/access/certs`));
    keySets.set(teamDomain, set);
  }
  return set;
}

/** The identity a verified token's claims describe: a person (email) or a service token (common_name). */
export function accessIdentity(claims: JWTPayload, settings: AccessSettings): Identity | null {
  const email = typeof claims.email === "string" ? claims.email.trim() : "";
  if (email !== "") {
    const admin = settings.adminEmails.has(email.toLowerCase());
    return { id: email, kind: "access-user", scopes: admin ? ["read", "compare", "admin"] : ["read", "compare"] };
  }
  const commonName = typeof claims.common_name === "string" ? claims.common_name.trim() : "";
  if (commonName !== "") return { id: commonName, kind: "access-service", scopes: ["read", "compare"] };
  return null;
}

/**
 * The identity of a valid Access JWT, or null for anything else: a bad signature, a key that is not
 * the team's, `alg: none` or HS256, a wrong audience or issuer, an expired or not-yet-valid token.
 */
export async function verifyAccessJwt(jwt: string, settings: AccessSettings): Promise<Identity | null> {
  try {
    const { payload } = await jwtVerify(jwt, keySet(settings.teamDomain), {
      algorithms: ["RS256"],
      audience: settings.audience,
      issuer: `https://${settings.teamDomain}`,
      clockTolerance: ACCESS_CLOCK_TOLERANCE_S,
      requiredClaims: ["exp"],
    });
    return accessIdentity(payload, settings);
  } catch (error) {
    // Why it failed goes to the log only: the client gets the same 401 whatever was wrong.
    const code = error instanceof Error && "code" in error ? String(error.code) : "unknown";
    log("info", "auth.access_refused", { code });
    return null;
  }
}
