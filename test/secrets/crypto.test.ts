import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  isCurrent,
  isSealed,
  loadKeyring,
  open,
  pairOwner,
  reseal,
  type SealBinding,
  SecretsConfigError,
  SecretsOpenError,
  seal,
  sealedKeyId,
  suiteOwner,
} from "../../src/secrets/crypto";
import { headersToSend, pairHeadersPlace, sealRequestHeaders } from "../../src/secrets/request-headers";
import { resolveOptions } from "../../src/shapes/options";
import { sealV1 } from "../support/legacy-sealed";

const newKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const PAIR_A = "a".repeat(64);
const PAIR_B = "b".repeat(64);
const webhook = (owner: SealBinding["owner"]): SealBinding => ({ purpose: "webhook-secret", owner });
const headers = (owner: SealBinding["owner"]): SealBinding => ({ purpose: "request-headers", owner });

/** Runs `fn` and returns what it threw (RPC-free, so a plain try/catch). */
async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("sealing under ENVDIFF_SECRETS_KEY", () => {
  it("opens what it sealed, and the sealed text names its key but shows nothing of the value", async () => {
    const keyring = await loadKeyring({ ENVDIFF_SECRETS_KEY: newKey() });
    const sealed = await seal(keyring, webhook(pairOwner(PAIR_A)), "whsec_sentinel-value");
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).toMatch(/^enc:v2:/);
    expect(isCurrent(keyring, sealed)).toBe(true);
    expect(sealedKeyId(sealed)).toBe(keyring.currentId);
    expect(sealed).not.toContain("sentinel");
    expect(await open(keyring, webhook(pairOwner(PAIR_A)), sealed)).toBe("whsec_sentinel-value");
    // A fresh IV each time: the same value never seals to the same text.
    expect(await seal(keyring, webhook(pairOwner(PAIR_A)), "whsec_sentinel-value")).not.toBe(sealed);
  });

  it("a value opens only in the row and column it was sealed for: not another pair, a suite or another use", async () => {
    const keyring = await loadKeyring({ ENVDIFF_SECRETS_KEY: newKey() });
    const sealed = await seal(keyring, headers(pairOwner(PAIR_A)), '{"v":2}');
    for (const elsewhere of [
      headers(pairOwner(PAIR_B)),
      headers(suiteOwner("00000000-0000-4000-8000-000000000000")),
      { purpose: "pair-settings", owner: pairOwner(PAIR_A) } as const,
      webhook(pairOwner(PAIR_A)),
    ]) {
      expect(await thrown(() => open(keyring, elsewhere, sealed))).toBeInstanceOf(SecretsOpenError);
    }
    // One character of the ciphertext changed (to another one: a flip to itself would alter nothing).
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === "A" ? "B" : "A") + sealed.slice(-1);
    expect(await thrown(() => open(keyring, headers(pairOwner(PAIR_A)), flipped))).toBeInstanceOf(SecretsOpenError);
  });

  it("a value sealed before values were bound to their row (v1) still opens, and a reseal binds it", async () => {
    const keyring = await loadKeyring({ ENVDIFF_SECRETS_KEY: newKey() });
    const legacy = await sealV1(keyring, "webhook-secret", "whsec_old");
    expect(isCurrent(keyring, legacy)).toBe(false);
    expect(await open(keyring, webhook(pairOwner(PAIR_A)), legacy)).toBe("whsec_old");
    const bound = await reseal(keyring, webhook(pairOwner(PAIR_A)), legacy);
    expect(bound).toMatch(/^enc:v2:/);
    expect(await open(keyring, webhook(pairOwner(PAIR_A)), bound)).toBe("whsec_old");
    expect(await thrown(() => open(keyring, webhook(pairOwner(PAIR_B)), bound))).toBeInstanceOf(SecretsOpenError);
  });

  it.each([
    ["missing", undefined, /not set.*wrangler secret put ENVDIFF_SECRETS_KEY/],
    ["empty", "", /not set/],
    ["too short", btoa("sixteen bytes!!!"), /must be 32 bytes/],
    ["not base64", "this is not base64 at all!", /not base64/],
  ])("a %s key is a configuration error that says what to do", async (_name, key, message) => {
    const error = await thrown(() => loadKeyring({ ENVDIFF_SECRETS_KEY: key }));
    expect(error).toBeInstanceOf(SecretsConfigError);
    expect((error as Error).message).toMatch(message);
  });
});

describe("key rotation", () => {
  it("reads what the previous key sealed, writes new values under the new key, and reseals old ones", async () => {
    const oldKey = newKey();
    const binding = headers(pairOwner(PAIR_A));
    const before = await loadKeyring({ ENVDIFF_SECRETS_KEY: oldKey });
    const written = await seal(before, binding, "written before the rotation");

    const after = await loadKeyring({ ENVDIFF_SECRETS_KEY: newKey(), ENVDIFF_SECRETS_KEY_PREVIOUS: oldKey });
    expect(after.currentId).not.toBe(before.currentId);
    expect(isCurrent(after, written)).toBe(false);
    expect(await open(after, binding, written)).toBe("written before the rotation");
    expect(sealedKeyId(await seal(after, binding, "new"))).toBe(after.currentId);
    const resealed = await reseal(after, binding, written);
    expect(sealedKeyId(resealed)).toBe(after.currentId);
    expect(await reseal(after, binding, resealed)).toBe(resealed);

    // Once the previous key is gone, only the resealed value still opens.
    const done = await loadKeyring({ ENVDIFF_SECRETS_KEY: env.ENVDIFF_SECRETS_KEY });
    expect(await thrown(() => open(done, binding, written))).toBeInstanceOf(SecretsOpenError);
  });
});

describe("request headers", () => {
  const staging = "https://staging.example.com/api";
  const production = "https://www.example.com/api";

  it("seals every value, shows names only, and each URL gets the shared headers and its own", async () => {
    const options = resolveOptions({
      headers: { Authorization: "Bearer shared-secret", Accept: "application/json" },
      left: { headers: { Authorization: "Bearer left-secret" } },
      right: { headers: { "X-Api-Key": "right-secret" } },
    });
    const place = pairHeadersPlace(PAIR_A, { left: staging, right: production });
    const { options: stored, sealedHeaders } = await sealRequestHeaders(env, options, place);
    expect(JSON.stringify(stored)).not.toMatch(/secret|json/);
    expect(stored.headers).toEqual({ Authorization: "[redacted]", Accept: "[redacted]" });
    expect(stored.right?.headers).toEqual({ "X-Api-Key": "[redacted]" });
    expect(sealedHeaders).not.toMatch(/secret/);
    const run = { pairKey: PAIR_A, leftUrl: staging, rightUrl: production, options: stored, sealedHeaders };
    expect(await headersToSend(env, run, "left")).toEqual({
      Accept: "application/json",
      Authorization: "Bearer left-secret",
    });
    expect(await headersToSend(env, run, "right")).toEqual({
      Authorization: "Bearer shared-secret",
      Accept: "application/json",
      "X-Api-Key": "right-secret",
    });
    // The same value read by a run that names the URLs the other way round: each host keeps its own.
    const swapped = { ...run, leftUrl: production, rightUrl: staging };
    expect(await headersToSend(env, swapped, "left")).toMatchObject({ "X-Api-Key": "right-secret" });
    expect(await headersToSend(env, swapped, "right")).toMatchObject({ Authorization: "Bearer left-secret" });
    // In another pair's run it does not open at all.
    const elsewhere = { ...run, pairKey: PAIR_B };
    expect(await thrown(() => headersToSend(env, elsewhere, "left"))).toBeInstanceOf(SecretsOpenError);
  });

  it("needs no key when there are no headers to keep", async () => {
    const options = resolveOptions({ ignoreHeaders: ["etag"] });
    const place = pairHeadersPlace(PAIR_A, { left: staging, right: production });
    expect(await sealRequestHeaders({}, options, place)).toEqual({ options, sealedHeaders: null });
  });
});
