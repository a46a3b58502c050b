/**
 * Encryption at rest for what envdiff must keep but never store in clear: request header values
 * (watches, re-runs) and webhook signing secrets. AES-256-GCM (WebCrypto) under the Worker secret
 * ENVDIFF_SECRETS_KEY: 32 random bytes, base64 (`openssl rand -base64 32`).
 *
 * A sealed value reads `enc:v1:<key id>:<iv>:<ciphertext>` (base64url parts). The key id is the
 * first 8 hex characters of SHA-256 over the key, so a reader knows which key sealed it without the
 * key being revealed. During a rotation ENVDIFF_SECRETS_KEY_PREVIOUS still opens what the old key
 * sealed; new values are always sealed under the current key. Each value is bound to its purpose
 * (GCM additional data), so a sealed header map cannot be replayed as a webhook secret.
 *
 * A missing or malformed key is a SecretsConfigError, never a silent fallback to plaintext.
 */
import { toHex } from "../digest";

/** The two Worker secrets this module reads; `Env` satisfies it. */
export interface SecretsEnv {
  ENVDIFF_SECRETS_KEY?: string;
  ENVDIFF_SECRETS_KEY_PREVIOUS?: string;
}

export type SealPurpose = "request-headers" | "webhook-secret";

const PREFIX = "enc:v1:";
const SEALED = /^enc:v1:([0-9a-f]{8}):([\w-]+):([\w-]+)$/;
const IV_BYTES = 12;

/** The key is absent or not 32 bytes of base64: an operator must configure it. */
export class SecretsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretsConfigError";
  }
}

/** A sealed value that no configured key opens, or that was tampered with. */
export class SecretsOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretsOpenError";
  }
}

interface LoadedKey {
  id: string;
  key: CryptoKey;
}

export interface Keyring {
  /** The key id new values are sealed under. */
  currentId: string;
  current: LoadedKey;
  previous: LoadedKey | null;
}

// importKey and the digest cost a little on every request: keep what a key string gave.
const loaded = new Map<string, Promise<LoadedKey>>();

function fromBase64(text: string): Uint8Array {
  const standard = text.replaceAll("-", "+").replaceAll("_", "/");
  return Uint8Array.from(atob(standard), (c) => c.charCodeAt(0));
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

async function loadKey(name: string, material: string): Promise<LoadedKey> {
  let raw: Uint8Array;
  try {
    raw = fromBase64(material.trim());
  } catch {
    throw new SecretsConfigError(`${name} is not base64: create one with \`openssl rand -base64 32\`.`);
  }
  if (raw.length !== 32) {
    throw new SecretsConfigError(`${name} must be 32 bytes of base64 (it has ${raw.length} bytes).`);
  }
  const id = toHex(await crypto.subtle.digest("SHA-256", raw)).slice(0, 8);
  const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
  return { id, key };
}

function cachedKey(name: string, material: string): Promise<LoadedKey> {
  let found = loaded.get(material);
  if (!found) {
    found = loadKey(name, material);
    // A bad key must not stay cached as a rejected promise for a later, corrected value of the same name.
    found.catch(() => loaded.delete(material));
    loaded.set(material, found);
  }
  return found;
}

/** The configured keys; throws SecretsConfigError when ENVDIFF_SECRETS_KEY is missing or malformed. */
export async function loadKeyring(env: SecretsEnv): Promise<Keyring> {
  const material = env.ENVDIFF_SECRETS_KEY;
  if (!material) {
    throw new SecretsConfigError(
      "ENVDIFF_SECRETS_KEY is not set, so envdiff cannot keep request headers or webhook secrets. " +
        "Set it with `wrangler secret put ENVDIFF_SECRETS_KEY` (32 random bytes, base64).",
    );
  }
  const current = await cachedKey("ENVDIFF_SECRETS_KEY", material);
  const old = env.ENVDIFF_SECRETS_KEY_PREVIOUS;
  const previous = old ? await cachedKey("ENVDIFF_SECRETS_KEY_PREVIOUS", old) : null;
  return { currentId: current.id, current, previous };
}

/** Whether `value` is a sealed value (of any key). */
export function isSealed(value: string): boolean {
  return SEALED.test(value);
}

/** The id of the key that sealed `value`, or null when it is not a sealed value. */
export function sealedKeyId(value: string): string | null {
  return SEALED.exec(value)?.[1] ?? null;
}

/** The prefix every value sealed under the keyring's current key starts with. */
export function currentPrefix(keyring: Keyring): string {
  return `${PREFIX}${keyring.currentId}:`;
}

export async function seal(keyring: Keyring, purpose: SealPurpose, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(purpose) },
    keyring.current.key,
    new TextEncoder().encode(plaintext),
  );
  return `${PREFIX}${keyring.currentId}:${toBase64Url(iv)}:${toBase64Url(new Uint8Array(ciphertext))}`;
}

export async function open(keyring: Keyring, purpose: SealPurpose, sealed: string): Promise<string> {
  const match = SEALED.exec(sealed);
  if (!match) throw new SecretsOpenError("not a sealed value");
  const [, id = "", iv = "", data = ""] = match;
  const key = [keyring.current, keyring.previous].find((k) => k?.id === id);
  if (!key) {
    throw new SecretsOpenError(
      `sealed under key ${id}, which is neither ENVDIFF_SECRETS_KEY nor ENVDIFF_SECRETS_KEY_PREVIOUS`,
    );
  }
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64(iv), additionalData: new TextEncoder().encode(purpose) },
      key.key,
      fromBase64(data),
    );
    return new TextDecoder().decode(plaintext);
  } catch {
    throw new SecretsOpenError(`a value sealed under key ${id} does not open: altered, or sealed for another use`);
  }
}

/** `sealed` opened and sealed again under the current key (rotation), or unchanged when already current. */
export async function reseal(keyring: Keyring, purpose: SealPurpose, sealed: string): Promise<string> {
  if (sealed.startsWith(currentPrefix(keyring))) return sealed;
  return seal(keyring, purpose, await open(keyring, purpose, sealed));
}
