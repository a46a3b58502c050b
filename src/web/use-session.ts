/**
 * Who the page is signed in as (GET /api/whoami), re-read whenever the stored token changes.
 * Without a valid identity the page shows the sign-in form instead of the app; a Worker whose
 * sign-in is not configured says so. In AUTH_MODE=none the identity is anonymous with every scope.
 */
import { useEffect, useState } from "react";
import type { Scope } from "../shapes/token-routes";
import { ApiFailure, getWhoami, type Whoami } from "./client";
import { onTokenChange, storedToken } from "./session";

export type Session =
  | { status: "checking" }
  | { status: "signed-in"; who: Whoami; viaToken: boolean }
  /** `refused`: a token was offered and the API refused it. */
  | { status: "signed-out"; refused: boolean }
  | { status: "unavailable"; message: string };

export function useSession(): Session {
  const [token, setToken] = useState(storedToken);
  const [session, setSession] = useState<Session>({ status: "checking" });
  const [refused, setRefused] = useState(false);

  useEffect(
    () =>
      onTokenChange(() => {
        // A token that disappears without a sign-out click was refused by some API call.
        setToken((previous) => {
          const next = storedToken();
          setRefused(previous !== null && next === null && !signingOut.now);
          return next;
        });
      }),
    [],
  );

  useEffect(() => {
    const abort = new AbortController();
    setSession({ status: "checking" });
    getWhoami(abort.signal)
      .then((who) => setSession({ status: "signed-in", who, viaToken: token !== null }))
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        if (error instanceof ApiFailure && error.code === "unauthorized") {
          setSession({ status: "signed-out", refused: refused || token !== null });
        } else {
          const message =
            error instanceof ApiFailure ? error.message : "envdiff could not tell who you are. Reload to try again.";
          setSession({ status: "unavailable", message });
        }
      });
    return () => abort.abort();
  }, [token, refused]);

  return session;
}

/** Set while the user signs out, so forgetting the token then is not taken for a refusal. */
export const signingOut = { now: false };

export function can(session: Session, scope: Scope): boolean {
  if (session.status !== "signed-in") return false;
  const { scopes } = session.who;
  return scopes.includes(scope) || scopes.includes("admin");
}
