/** Runtime error messages map to the contract's stable error codes. */
import { describe, expect, it } from "vitest";
import { mapFetchError } from "../../src/probe/fetch-errors";

const CASES: [string, string][] = [
  ["Network connection lost.", "connection"],
  ["connection refused", "connection"],
  ["Connection reset by peer", "connection"],
  ["read ECONNRESET", "connection"],
  ["connect ECONNREFUSED 127.0.0.1:1", "connection"],
  ["Network is unreachable", "connection"],
  ["disconnected: client error (SendRequest)", "connection"],
  ["internal error; reference = 1t815oce1lbd3dvn5ufq3so9", "connection"],
  ["DNS lookup failed", "dns"],
  ["failed to lookup address information: Name or service not known", "dns"],
  ["getaddrinfo ENOTFOUND no-such-host.example", "dns"],
  ["error code: 1016", "dns"],
  ["TLS handshake failed: received corrupt message of type InvalidContentType", "tls"],
  ["SSL routines:ssl3_get_record:wrong version number", "tls"],
  ["certificate has expired", "tls"],
  ["invalid certificate: UnknownIssuer", "tls"],
  ["Connection timed out", "timeout"],
  ["connect ETIMEDOUT 10.0.0.1:443", "timeout"],
  ["Parse Error: Invalid header value char", "invalid_response"],
  ["invalid HTTP response", "invalid_response"],
  ["malformed response", "invalid_response"],
  ["something nobody expected", "connection"],
];

describe("fetch error mapping", () => {
  it.each(CASES)("classifies %j as %s", (message, code) => {
    expect(mapFetchError(new Error(message)).code).toBe(code);
  });

  it("keeps the runtime's words after a sentence a user understands", () => {
    expect(mapFetchError(new TypeError("Network connection lost."))).toEqual({
      code: "connection",
      message: "The connection failed or was closed before a complete response arrived: Network connection lost.",
    });
  });

  it("leaves out an opaque internal error reference", () => {
    expect(mapFetchError(new Error("internal error; reference = abc")).message).toBe(
      "The connection failed before any response arrived (DNS, TLS or network failure; the runtime gave no detail).",
    );
  });

  it("handles thrown values that are not errors", () => {
    expect(mapFetchError(undefined)).toEqual({
      code: "connection",
      message: "The request failed before a complete response arrived.",
    });
  });
});
