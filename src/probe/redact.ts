/**
 * What of a response's headers may be stored. Response headers are the data a comparison is about,
 * so their values are kept, with two exceptions: a name that marks a credential (the list below)
 * keeps "[redacted]" instead of its value, and `set-cookie` keeps only each cookie's name and
 * attributes (set-cookie.ts). Request headers the user gives are another matter: every value is
 * sealed and readers see names only, whatever the name (src/secrets/reader-view.ts).
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
  "apikey",
  "token",
  "secret",
]);
/** Name endings that mark a credential whatever the prefix: x-goog-api-key, x-auth-token, cf-access-client-secret… */
const SENSITIVE_ENDINGS = ["-api-key", "_api_key", "-apikey", "-token", "_token", "-secret", "_secret"];

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
 * by ", " as Headers does, credentials redacted, and `set-cookie` reduced to names and attributes.
 * Past MAX_STORED_HEADERS headers or MAX_STORED_HEADER_CHARS characters the rest is dropped;
 * Headers iterates in name order, so both sides of a comparison keep the same leading names.
 */
export function storedResponseHeaders(headers: Headers): Record<string, string> {
  const entries: [string, string][] = [];
  const cookies = headers.getSetCookie();
  for (const [name, value] of headers) {
    if (name !== "set-cookie") entries.push([name, isSensitiveHeader(name) ? REDACTED : value]);
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
