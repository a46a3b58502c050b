/** Credentials never reach storage: request headers are redacted and set-cookie keeps names only. */
import { describe, expect, it } from "vitest";
import { cookieName, isSensitiveHeader, redactHeaders, storedResponseHeaders } from "../../src/probe/redact";

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
  ])("treats %s as a credential", (name) => {
    expect(isSensitiveHeader(name)).toBe(true);
  });

  it.each(["accept", "x-env", "user-agent", "x-tokens-used", "content-type", "x-request-id"])(
    "keeps %s in clear",
    (name) => {
      expect(isSensitiveHeader(name)).toBe(false);
    },
  );

  it("replaces the values of credential headers and keeps the rest as given", () => {
    expect(
      redactHeaders({ Authorization: "Bearer x", "X-Env": "staging", Cookie: "a=1", "x-api-key": "k", Accept: "*/*" }),
    ).toEqual({
      Authorization: "[redacted]",
      "X-Env": "staging",
      Cookie: "[redacted]",
      "x-api-key": "[redacted]",
      Accept: "*/*",
    });
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
});
