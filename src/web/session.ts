/**
 * The page's API token in token mode: asked for once, kept in sessionStorage (gone when the browser
 * session ends, never written to localStorage or a cookie), sent as a bearer token on every call.
 * Behind Cloudflare Access nothing is stored here: the browser carries the Access cookie itself.
 */

const KEY = "envdiff.token";
type Listener = () => void;
const listeners = new Set<Listener>();

type TabStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

function storage(): TabStorage | null {
  try {
    return (globalThis as { sessionStorage?: TabStorage }).sessionStorage ?? null;
  } catch {
    return null; // storage disabled: the token then lives as long as the page does
  }
}

let memory: string | null = storage()?.getItem(KEY) ?? null;

export function storedToken(): string | null {
  return memory;
}

export function saveToken(token: string): void {
  memory = token;
  storage()?.setItem(KEY, token);
  for (const listener of listeners) listener();
}

/** Forgets the token (sign out, or the API refused it). */
export function forgetToken(): void {
  memory = null;
  storage()?.removeItem(KEY);
  for (const listener of listeners) listener();
}

/** Calls `listener` whenever the token changes; returns the unsubscribe. */
export function onTokenChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The Authorization header for the stored token, if any. */
export function authHeaders(): Record<string, string> {
  return memory ? { authorization: `Bearer ${memory}` } : {};
}

/** The API refused the stored token (revoked, expired, mistyped): forget it so the page asks again. */
export function tokenRefused(): void {
  if (memory !== null) forgetToken();
}
