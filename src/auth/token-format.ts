/**
 * envdiff API tokens as text: `envd_` + 32 random bytes in base64url (43 characters). The prefix
 * lets secret scanners recognise a leaked token; only the SHA-256 of the whole token is stored.
 * Pure and import-free, so scripts/token-create.mjs uses this very file under Node.
 */

export const TOKEN_PREFIX = "envd_";
const TOKEN_BYTES = 32;
const TOKEN = /^envd_[A-Za-z0-9_-]{43}$/;
// RFC 6750 b64token after the scheme; the scheme itself is case-insensitive (RFC 9110 § 11.1).
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(TOKEN_BYTES));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return TOKEN_PREFIX + btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The token an Authorization header carries, or null when it is not `Bearer envd_…` of the right shape. */
export function bearerToken(header: string | undefined | null): string | null {
  if (header == null || header.length > 200) return null;
  const token = BEARER.exec(header)?.[1];
  return token !== undefined && TOKEN.test(token) ? token : null;
}

/** What D1 keeps instead of the token: lowercase hex SHA-256. */
export async function tokenHash(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
