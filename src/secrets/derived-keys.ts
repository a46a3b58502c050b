/**
 * Keys derived from ENVDIFF_SECRETS_KEY for uses other than sealing: HKDF-SHA-256 over the key
 * with an info string of their own, so a derived key reveals nothing about the sealing key and one
 * use's key never serves another. During a rotation ENVDIFF_SECRETS_KEY_PREVIOUS derives its own,
 * so values made under the old key can still be checked. A missing or malformed key is the same
 * SecretsConfigError as for sealing (src/secrets/crypto.ts).
 */
import { toHex } from "../digest";
import { loadKeyring, type SecretsEnv } from "./crypto";

export interface DerivedKey {
  /** The id of the key it was derived from (as sealed values name it). */
  id: string;
  key: CryptoKey;
}

const derived = new Map<string, Promise<CryptoKey>>();

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const standard = text.trim().replaceAll("-", "+").replaceAll("_", "/");
  return Uint8Array.from(atob(standard), (c) => c.charCodeAt(0));
}

function deriveHmacKey(material: string, info: string): Promise<CryptoKey> {
  const cacheKey = `${info}\n${material}`;
  let found = derived.get(cacheKey);
  if (!found) {
    found = (async () => {
      const base = await crypto.subtle.importKey("raw", fromBase64(material), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32), info: new TextEncoder().encode(info) },
        base,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign"],
      );
    })();
    derived.set(cacheKey, found);
  }
  return found;
}

/** The HMAC keys for `info`: the current key's first, then the previous key's during a rotation. */
export async function hmacKeys(env: SecretsEnv, info: string): Promise<DerivedKey[]> {
  // Validates both keys (SecretsConfigError) and names them; the material itself is read below.
  const keyring = await loadKeyring(env);
  const keys: DerivedKey[] = [];
  if (env.ENVDIFF_SECRETS_KEY) {
    keys.push({ id: keyring.current.id, key: await deriveHmacKey(env.ENVDIFF_SECRETS_KEY, info) });
  }
  if (keyring.previous && env.ENVDIFF_SECRETS_KEY_PREVIOUS) {
    keys.push({ id: keyring.previous.id, key: await deriveHmacKey(env.ENVDIFF_SECRETS_KEY_PREVIOUS, info) });
  }
  return keys;
}

/** HMAC-SHA-256 of `text` under `key`, in hex, prefixed with the id of the key it came from. */
export async function hmacHex(key: DerivedKey, text: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", key.key, new TextEncoder().encode(text));
  return `${key.id}:${toHex(mac)}`;
}
