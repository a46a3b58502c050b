/**
 * What of a response's headers may be stored. Response headers are the data a comparison is about
 * (a changed cache policy or a missing security header is what envdiff exists to find), so their
 * values are kept, with three exceptions:
 * - `set-cookie` keeps only each cookie's name and attributes (set-cookie.ts): a session cookie is a
 *   credential the target hands out, and a lost Secure is what matters;
 * - a name that marks a credential (the list below) keeps "[redacted]": a token a login endpoint or
 *   a misconfigured proxy sends back;
 * - any value that holds one of the credentials the probe itself sent reads "[redacted]": a target
 *   that echoes a request header must not make envdiff store the user's secret after all.
 * A list suits responses, unlike requests: a response header's value is the target's to publish, and
 * the list only keeps obvious credentials out of reach of readers. Request headers the user gives are
 * another matter: every value is sealed and readers see names only (src/secrets/reader-view.ts).
 */
import { cookieSummary } from "./set-cookie";

export { cookieName } from "./set-cookie";

export const REDACTED = "[redacted]";

const SENSITIVE_NAMES = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "x-api-key",
  "api-key",
  "api_key",
  "apikey",
  "token",
  "secret",
  "session",
  "password",
  "passcode",
]);
/** Name endings that mark a credential whatever the prefix: x-goog-api-key, x-auth-token, x-auth-key, cf-access-client-secret… */
const SENSITIVE_ENDINGS = [
  "-api-key",
  "_api_key",
  "-apikey",
  "-key",
  "_key",
  "-token",
  "_token",
  "-secret",
  "_secret",
  "-session",
  "-password",
  "-credentials",
];

/** Whether a response header of this name carries a credential and must not be stored in clear. */
export function isSensitiveHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SENSITIVE_NAMES.has(lower) || SENSITIVE_ENDINGS.some((ending) => lower.endsWith(ending));
}

/**
 * Bounds on stored response headers. The envelope lives in one SQLite row and is diffed and
 * polled; a target answering with 5,000 headers must not make it megabytes. Real responses stay
 * far below (a few dozen headers; a long Content-Security-Policy is a few KiB).
 */
export const MAX_STORED_HEADERS = 200;
export const MAX_STORED_HEADER_VALUE_CHARS = 8 * 1024;
export const MAX_STORED_HEADER_CHARS = 64 * 1024;

function boundHeaderValue(value: string): string {
  const extra = value.length - MAX_STORED_HEADER_VALUE_CHARS;
  return extra > 0 ? `${value.slice(0, MAX_STORED_HEADER_VALUE_CHARS)}… (${extra} more characters)` : value;
}

/**
 * Response headers as stored: lowercase names (Headers already lowercases), several values joined
 * by ", " as Headers does, credentials redacted (by name, or because the value holds one of `sent`:
 * the credentials the probe sent), and `set-cookie` reduced to names and attributes.
 * Past MAX_STORED_HEADERS headers or MAX_STORED_HEADER_CHARS characters the rest is dropped;
 * Headers iterates in name order, so both sides of a comparison keep the same leading names.
 */
export function storedResponseHeaders(headers: Headers, sent: readonly string[] = []): Record<string, string> {
  const entries: [string, string][] = [];
  const cookies = headers.getSetCookie();
  const echoes = (value: string) => sent.some((secret) => value.includes(secret));
  for (const [name, value] of headers) {
    if (name !== "set-cookie") entries.push([name, isSensitiveHeader(name) || echoes(value) ? REDACTED : value]);
  }
  // Name and attributes of each cookie, never its value (issue 17: a lost Secure is a regression).
  if (cookies.length > 0) entries.push(["set-cookie", cookies.map(cookieSummary).join(", ")]);
  const kept: [string, string][] = [];
  let chars = 0;
  for (const [name, value] of entries) {
    const bounded = boundHeaderValue(value);
    chars += name.length + bounded.length;
    if (kept.length === MAX_STORED_HEADERS || chars > MAX_STORED_HEADER_CHARS) break;
    kept.push([name, bounded]);
  }
  // fromEntries defines own properties, so a header named __proto__ is kept as data, not dropped.
  return Object.fromEntries(kept);
}
