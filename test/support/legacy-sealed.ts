/**
 * Values as envdiff sealed them before they were bound to their row (`enc:v1:…`, GCM additional
 * data = the purpose alone), for tests of the migration window: they must still open, and every
 * reseal must write them again bound to their row (issue 21, finding 9).
 */
import type { Keyring } from "../../src/secrets/crypto";

const base64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

/** `plaintext` sealed the v1 way, under the keyring's current key. */
export async function sealV1(
  keyring: Keyring,
  purpose: "request-headers" | "webhook-secret",
  plaintext: string,
): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(purpose) },
    keyring.current.key,
    new TextEncoder().encode(plaintext),
  );
  return `enc:v1:${keyring.currentId}:${base64Url(iv)}:${base64Url(new Uint8Array(data))}`;
}
