import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  isSealed,
  loadKeyring,
  open,
  reseal,
  SecretsConfigError,
  SecretsOpenError,
  seal,
  sealedKeyId,
} from "../../src/secrets/crypto";
import { headersForSide, openRequestHeaders, sealRequestHeaders } from "../../src/secrets/request-headers";
import { resolveOptions } from "../../src/shapes/options";

const newKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

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
    const sealed = await seal(keyring, "webhook-secret", "whsec_sentinel-value");
    expect(isSealed(sealed)).toBe(true);
    expect(sealedKeyId(sealed)).toBe(keyring.currentId);
    expect(sealed).not.toContain("sentinel");
    expect(await open(keyring, "webhook-secret", sealed)).toBe("whsec_sentinel-value");
    // A fresh IV each time: the same value never seals to the same text.
    expect(await seal(keyring, "webhook-secret", "whsec_sentinel-value")).not.toBe(sealed);
  });

  it("refuses a value sealed for another purpose, or altered", async () => {
    const keyring = await loadKeyring({ ENVDIFF_SECRETS_KEY: newKey() });
    const sealed = await seal(keyring, "request-headers", "{}");
    expect(await thrown(() => open(keyring, "webhook-secret", sealed))).toBeInstanceOf(SecretsOpenError);
    // One character of the ciphertext changed (to another one: a flip to itself would alter nothing).
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === "A" ? "B" : "A") + sealed.slice(-1);
    expect(await thrown(() => open(keyring, "request-headers", flipped))).toBeInstanceOf(SecretsOpenError);
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
    const before = await loadKeyring({ ENVDIFF_SECRETS_KEY: oldKey });
    const written = await seal(before, "request-headers", "written before the rotation");

    const after = await loadKeyring({ ENVDIFF_SECRETS_KEY: newKey(), ENVDIFF_SECRETS_KEY_PREVIOUS: oldKey });
    expect(after.currentId).not.toBe(before.currentId);
    expect(await open(after, "request-headers", written)).toBe("written before the rotation");
    expect(sealedKeyId(await seal(after, "request-headers", "new"))).toBe(after.currentId);
    const resealed = await reseal(after, "request-headers", written);
    expect(sealedKeyId(resealed)).toBe(after.currentId);
    expect(await reseal(after, "request-headers", resealed)).toBe(resealed);

    // Once the previous key is gone, only the resealed value still opens.
    const done = await loadKeyring({ ENVDIFF_SECRETS_KEY: env.ENVDIFF_SECRETS_KEY });
    expect(await thrown(() => open(done, "request-headers", written))).toBeInstanceOf(SecretsOpenError);
  });
});

describe("request headers", () => {
  it.each([
    ["shared only", { A: "1" }, undefined, { A: "1" }],
    ["a side adds its own", { A: "1" }, { B: "2" }, { A: "1", B: "2" }],
    [
      "a side replaces a shared one whatever the case",
      { Authorization: "shared" },
      { authorization: "side" },
      { authorization: "side" },
    ],
    ["a side alone", {}, { "X-Token": "t" }, { "X-Token": "t" }],
  ])("%s", (_name, shared, own, expected) => {
    expect(headersForSide(shared, own)).toEqual(expected);
  });

  it("seals every value, shows credentials redacted, and opens per side", async () => {
    const options = resolveOptions({
      headers: { Authorization: "Bearer shared-secret", Accept: "application/json" },
      left: { headers: { Authorization: "Bearer left-secret" } },
      right: { headers: { "X-Api-Key": "right-secret" } },
    });
    const { options: stored, sealedHeaders } = await sealRequestHeaders(env, options);
    expect(JSON.stringify(stored)).not.toMatch(/secret/);
    expect(stored.headers).toEqual({ Authorization: "[redacted]", Accept: "[redacted]" });
    expect(stored.right?.headers).toEqual({ "X-Api-Key": "[redacted]" });
    expect(sealedHeaders).not.toMatch(/secret/);
    expect(await openRequestHeaders(env, stored, sealedHeaders, "left")).toEqual({
      Accept: "application/json",
      Authorization: "Bearer left-secret",
    });
    expect(await openRequestHeaders(env, stored, sealedHeaders, "right")).toEqual({
      Authorization: "Bearer shared-secret",
      Accept: "application/json",
      "X-Api-Key": "right-secret",
    });
  });

  it("needs no key when there are no headers to keep", async () => {
    const options = resolveOptions({ ignoreHeaders: ["etag"] });
    expect(await sealRequestHeaders({}, options)).toEqual({ options, sealedHeaders: null });
  });
});
