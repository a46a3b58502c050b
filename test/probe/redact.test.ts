/** Credentials never reach storage: request headers are redacted and set-cookie keeps names only. */
import { describe, expect, it } from "vitest";
import { credentialValues } from "../../src/probe/hop-headers";
import { cookieName, isSensitiveHeader, storedResponseHeaders } from "../../src/probe/redact";
import { readerHeaders, readerOptions } from "../../src/secrets/reader-view";
import { resolveOptions } from "../../src/shapes/options";
import { CREDENTIAL_HEADER_NAMES, randomHeaderNames } from "../support/credential-headers";

describe("redaction", () => {
  it.each([
    "Authorization",
    "authorization",
    "Cookie",
    "Proxy-Authorization",
    "X-API-Key",
    "api-key",
    "apikey",
    "token",
    "x-goog-api-key",
    "X-Auth-Token",
    "x-csrf-token",
    "x-amz-security-token",
    "cf-access-client-secret",
    "private_token",
    "X-Auth-Key",
    "Session",
    "api_key",
    "Ocp-Apim-Subscription-Key",
    "x-vault-token",
  ])("treats a response header named %s as a credential", (name) => {
    expect(isSensitiveHeader(name)).toBe(true);
  });

  it.each(["accept", "x-env", "user-agent", "x-tokens-used", "content-type", "x-request-id"])(
    "keeps %s in clear",
    (name) => {
      expect(isSensitiveHeader(name)).toBe(false);
    },
  );

  it("keeps request header names only: every value is the placeholder, whatever the name", () => {
    const names = [...CREDENTIAL_HEADER_NAMES, ...randomHeaderNames(5), "Accept", "X-Env", "__proto__"];
    const headers = Object.fromEntries(names.map((name, i) => [name, `value-${i}`]));
    const view = readerHeaders(headers);
    expect(Object.keys(view)).toEqual(names);
    expect(new Set(Object.values(view))).toEqual(new Set(["[redacted]"]));
    const options = readerOptions(
      resolveOptions({ headers: { "X-Auth-Key": "a" }, left: { headers: { Session: "b" } }, right: { headers: {} } }),
    );
    expect([options.headers, options.left, options.right]).toEqual([
      { "X-Auth-Key": "[redacted]" },
      { headers: { Session: "[redacted]" } },
      { headers: {} },
    ]);
  });

  it("takes the cookie name from a set-cookie value, never its value", () => {
    expect(cookieName("sid=abc; Path=/; HttpOnly")).toBe("sid");
    expect(cookieName(" theme = dark")).toBe("theme");
    expect(cookieName("justavalue")).toBe("[unnamed]");
    expect(cookieName("empty=")).toBe("empty");
  });

  it("stores response headers with cookie names and attributes but never cookie values, and credentials redacted", () => {
    const headers = new Headers([
      ["Content-Type", "text/html"],
      ["Set-Cookie", "sid=abc; Secure"],
      ["Set-Cookie", "lang=en"],
      ["X-Upstream-Token", "t"],
    ]);
    expect(storedResponseHeaders(headers)).toEqual({
      "content-type": "text/html",
      "set-cookie": "sid; Secure, lang",
      "x-upstream-token": "[redacted]",
    });
  });

  it("redacts a response header that echoes a credential the probe sent, whatever it is called", () => {
    const headers = new Headers([
      ["X-Echo", "you sent abcdef0123456789"],
      ["X-Auth-Key", "looks-like-a-key"],
      ["Content-Type", "application/json"],
      ["X-Env", "staging"],
    ]);
    const sent = credentialValues({ Session: "abcdef0123456789", Accept: "application/json", "X-Env": "staging" });
    // Accept is content negotiation, and "staging" too short to mean anything: neither is looked for.
    expect(sent).toEqual(["abcdef0123456789"]);
    expect(storedResponseHeaders(headers, sent)).toEqual({
      "content-type": "application/json",
      "x-auth-key": "[redacted]",
      "x-echo": "[redacted]",
      "x-env": "staging",
    });
  });
});
