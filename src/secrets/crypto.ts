/**
 * Encryption at rest for what envdiff must keep but never store in clear: request header values
 * (watches, re-runs) and webhook signing secrets. AES-256-GCM (WebCrypto) under the Worker secret
 * ENVDIFF_SECRETS_KEY: 32 random bytes, base64 (`openssl rand -base64 32`).
 *
 * A sealed value reads `enc:v2:<key id>:<iv>:<ciphertext>` (base64url parts). The key id is the
 * first 8 hex characters of SHA-256 over the key, so a reader knows which key sealed it without the
 * key being revealed. During a rotation ENVDIFF_SECRETS_KEY_PREVIOUS still opens what the old key
 * sealed; new values are always sealed under the current key.
 *
 * Each value is bound (GCM additional data) to its row and column: its purpose (which column) and
 * its owner (`pair:<pairKey>` or `suite:<suiteId>`). A value copied into another row or column,
 * a pair's watch headers into a suite, a header map into a webhook secret, does not open there
 * (issue 21, finding 9). Values written before that, `enc:v1:…`, were bound to the purpose alone;
 * they still open during the migration window (docs/secrets.md § Sealed before v2) and every reseal
 * writes them again as v2.
 *
 * A missing or malformed key is a SecretsConfigError, never a silent fallback to plaintext.
 */
import { toHex } from "../digest";

/** The two Worker secrets this module reads; `Env` satisfies it. */
export interface SecretsEnv {
  ENVDIFF_SECRETS_KEY?: string;
  ENVDIFF_SECRETS_KEY_PREVIOUS?: string;
}

/**
 * Which column a value belongs to. `request-headers`: a comparison's, a pair watch's or a suite's
 * header values (a watch runs what a comparison ran, so the two share it); `pair-settings`: a pair's
 * saved headers; `webhook-secret`: a watch's signing secret.
 */
export type SealPurpose = "request-headers" | "pair-settings" | "webhook-secret";

/** Which row a value belongs to. */
export type SealOwner = `pair:${string}` | `suite:${string}`;

/** What a value is bound to: opening it anywhere else fails. */
export interface SealBinding {
  purpose: SealPurpose;
  owner: SealOwner;
}

export const pairOwner = (pairKey: string): SealOwner => `pair:${pairKey}`;
export const suiteOwner = (suiteId: string): SealOwner => `suite:${suiteId}`;

/** What ENVDIFF_SECRETS_KEY_PREVIOUS reads outside a rotation. */
export const NO_PREVIOUS = "none";

const PREFIX = "enc:v2:";
const SEALED = /^enc:(v1|v2):([0-9a-f]{8}):([\w-]+):([\w-]+)$/;
const IV_BYTES = 12;

/** The purpose a v1 value was bound to: pair settings were sealed as request headers then. */
const V1_PURPOSE: Record<SealPurpose, string> = {
  "request-headers": "request-headers",
  "pair-settings": "request-headers",
  "webhook-secret": "webhook-secret",
};

function additionalData(version: "v1" | "v2", binding: SealBinding): Uint8Array {
  const text =
    version === "v1" ? V1_PURPOSE[binding.purpose] : `envdiff-sealed-v2\n${binding.purpose}\n${binding.owner}`;
  return new TextEncoder().encode(text);
}

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
  const old = env.ENVDIFF_SECRETS_KEY_PREVIOUS?.trim() ?? "";
  // `none` (or nothing): no rotation under way. wrangler requires the secret to exist (wrangler.toml).
  const previous =
    old === "" || old.toLowerCase() === NO_PREVIOUS ? null : await cachedKey("ENVDIFF_SECRETS_KEY_PREVIOUS", old);
  return { currentId: current.id, current, previous };
}

/** Whether `value` is a sealed value (of any key). */
export function isSealed(value: string): boolean {
  return SEALED.test(value);
}

/** The id of the key that sealed `value`, or null when it is not a sealed value. */
export function sealedKeyId(value: string): string | null {
  return SEALED.exec(value)?.[2] ?? null;
}

/** The prefix every value sealed under the keyring's current key, in the current format, starts with. */
export function currentPrefix(keyring: Keyring): string {
  return `${PREFIX}${keyring.currentId}:`;
}

/** Whether `value` needs nothing from a rotation: sealed under the current key, bound to its row (v2). */
export function isCurrent(keyring: Keyring, value: string): boolean {
  return value.startsWith(currentPrefix(keyring)) && isSealed(value);
}

export async function seal(keyring: Keyring, binding: SealBinding, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: additionalData("v2", binding) },
    keyring.current.key,
    new TextEncoder().encode(plaintext),
  );
  return `${PREFIX}${keyring.currentId}:${toBase64Url(iv)}:${toBase64Url(new Uint8Array(ciphertext))}`;
}

export async function open(keyring: Keyring, binding: SealBinding, sealed: string): Promise<string> {
  const match = SEALED.exec(sealed);
  if (!match) throw new SecretsOpenError("not a sealed value");
  const [, version = "v2", id = "", iv = "", data = ""] = match;
  const key = [keyring.current, keyring.previous].find((k) => k?.id === id);
  if (!key) {
    throw new SecretsOpenError(
      `sealed under key ${id}, which is neither ENVDIFF_SECRETS_KEY nor ENVDIFF_SECRETS_KEY_PREVIOUS`,
    );
  }
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64(iv), additionalData: additionalData(version as "v1" | "v2", binding) },
      key.key,
      fromBase64(data),
    );
    return new TextDecoder().decode(plaintext);
  } catch {
    throw new SecretsOpenError(
      `a value sealed under key ${id} does not open here: altered, or sealed for another row or use`,
    );
  }
}

/**
 * `sealed` opened and sealed again under the current key and bound to its row (rotation, and v1
 * values), or unchanged when already current. `convert` rewrites the opened text on the way (an old
 * header map's layout); it never sees a value that is already current.
 */
export async function reseal(
  keyring: Keyring,
  binding: SealBinding,
  sealed: string,
  convert: (plaintext: string) => string = (plaintext) => plaintext,
): Promise<string> {
  if (isCurrent(keyring, sealed)) return sealed;
  return seal(keyring, binding, convert(await open(keyring, binding, sealed)));
}
