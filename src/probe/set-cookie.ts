/**
 * What envdiff keeps of a `set-cookie` response header: the cookie's name and its attributes,
 * never its value. Attributes are written in one canonical order so two environments that send the
 * same cookie the same way store the same text: `sid; Path=/; Secure; HttpOnly; SameSite=Lax`.
 * Max-Age is kept with its value: a lifetime in seconds, the same on every response (a session that
 * lasts a day against one that lasts 30 is a difference). Expires is kept as presence only: its
 * value is a date computed from the clock. A Max-Age that is computed from the clock too varies
 * between samples and is noise like any other value.
 */

const FLAG_ORDER = ["path", "domain", "secure", "httponly", "samesite", "partitioned", "max-age", "expires"] as const;
const CANONICAL: Record<(typeof FLAG_ORDER)[number], string> = {
  path: "Path",
  domain: "Domain",
  secure: "Secure",
  httponly: "HttpOnly",
  samesite: "SameSite",
  partitioned: "Partitioned",
  "max-age": "Max-Age",
  expires: "Expires",
};
/** Attributes whose value says something stable about the deployment. */
const KEEP_VALUE = new Set(["path", "domain", "samesite", "max-age"]);
const MAX_ATTRIBUTE_CHARS = 100;

/** The cookie's name, never its value: `sid=abc; Path=/` → `sid`. */
export function cookieName(setCookie: string): string {
  const pair = setCookie.split(";", 1)[0] ?? "";
  const equals = pair.indexOf("=");
  // A cookie without "=" has an empty name and the whole pair as its value (RFC 6265bis 5.6).
  return equals === -1 ? "[unnamed]" : pair.slice(0, equals).trim();
}

/** `sid=abc; path=/; secure; HttpOnly; samesite=lax; Max-Age=60` → `sid; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=60`. */
export function cookieSummary(setCookie: string): string {
  const found = new Map<string, string | null>();
  for (const raw of setCookie.split(";").slice(1)) {
    const equals = raw.indexOf("=");
    const name = (equals === -1 ? raw : raw.slice(0, equals)).trim().toLowerCase();
    if (!(name in CANONICAL) || found.has(name)) continue;
    const value =
      equals === -1
        ? ""
        : raw
            .slice(equals + 1)
            .trim()
            .slice(0, MAX_ATTRIBUTE_CHARS);
    found.set(name, KEEP_VALUE.has(name) ? value : null);
  }
  const parts = [cookieName(setCookie)];
  for (const name of FLAG_ORDER) {
    if (!found.has(name)) continue;
    const value = found.get(name);
    const shown = name === "samesite" && value ? value.charAt(0).toUpperCase() + value.slice(1).toLowerCase() : value;
    parts.push(value === null || value === undefined ? CANONICAL[name] : `${CANONICAL[name]}=${shown}`);
  }
  return parts.join("; ");
}
