/**
 * The headers one hop of a probe sends. On the first origin: every header the user gave (they are
 * for that host), a default user-agent and a default accept-encoding. Once a redirect has left that origin: none of the
 * user's headers but the harmless few below, whatever the others are called.
 *
 * Why an allow-list and not a list of credential names: a credential can have any name
 * (`X-Auth-Key`, `Ocp-Apim-Subscription-Key`, `Session`…), so no list of names to drop is ever
 * complete, while the headers another origin may see without harm are few and known. The host
 * that redirected chose where the chain goes: it must not be able to collect what was meant for it.
 */

export const USER_AGENT = "envdiff-probe/0.1";

/**
 * Asked for like a browser asks: a server or CDN that compresses for browsers and not for the other
 * side (or forgets `Vary: Accept-Encoding`) is a difference users feel, and a probe that asks for
 * nothing would never see it. The runtime decodes the body, so the compared bytes are the same.
 */
export const ACCEPT_ENCODING = "gzip, br";

/** What a redirect to another origin may still carry: content negotiation and the client's name. */
export const CROSS_ORIGIN_HEADERS: ReadonlySet<string> = new Set(["accept", "accept-language", "user-agent"]);

/** The headers of a hop: all the user's while `sameOrigin`, only CROSS_ORIGIN_HEADERS after. */
export function hopHeaders(user: Record<string, string>, sameOrigin: boolean): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(user)) {
    if (sameOrigin || CROSS_ORIGIN_HEADERS.has(name.toLowerCase())) headers.set(name, value);
  }
  if (!headers.has("user-agent")) headers.set("user-agent", USER_AGENT);
  if (!headers.has("accept-encoding")) headers.set("accept-encoding", ACCEPT_ENCODING);
  return headers;
}

/**
 * Values too short to look for: "1", "on" or "staging" occur in responses by chance, so finding
 * them would hide innocent values. A credential is longer than this.
 */
export const MIN_ECHOED_VALUE_CHARS = 8;

/** The values of `user` a response must not echo into storage: all but the harmless headers', long enough to matter. */
export function credentialValues(user: Record<string, string>): string[] {
  return Object.entries(user)
    .filter(([name, value]) => !CROSS_ORIGIN_HEADERS.has(name.toLowerCase()) && value.length >= MIN_ECHOED_VALUE_CHARS)
    .map(([, value]) => value);
}
