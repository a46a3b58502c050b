/**
 * Token mode's sign-in: asks for an envdiff API token once and keeps it for the browser session
 * (src/web/session.ts). Also the header's "signed in as … · Sign out" line.
 */
import { type FormEvent, useState } from "react";
import { forgetToken, saveToken } from "../session";
import { type Session, signingOut } from "../use-session";

export function SignIn({ refused }: { refused: boolean }) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const token = value.trim();
    if (!/^envd_[A-Za-z0-9_-]{43}$/.test(token)) {
      setError("That is not an envdiff API token: they start with envd_ and are 48 characters long.");
      return;
    }
    setError(null);
    saveToken(token);
  };
  return (
    <section className="card sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      <p>
        This envdiff asks for an API token. An admin makes one with <code>POST /api/tokens</code> or{" "}
        <code>npm run token:create</code>. It is kept in this browser tab until you sign out or close it.
      </p>
      {refused ? (
        <p className="form-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          That token was refused: it is wrong, revoked or expired. Ask for a new one.
        </p>
      ) : null}
      <form onSubmit={submit} noValidate>
        <label htmlFor="api-token">API token</label>
        <div className="sign-in-row">
          <input
            id="api-token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="envd_…"
            value={value}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "api-token-error" : undefined}
            onChange={(event) => setValue(event.target.value)}
          />
          <button type="submit" className="primary">
            Sign in
          </button>
        </div>
        {error ? (
          <p id="api-token-error" className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </section>
  );
}

/** Who is signed in, and the way out: forget the token, or Access's own logout. */
export function SessionBar({ session }: { session: Session }) {
  if (session.status !== "signed-in" || session.who.kind === "anonymous") return null;
  const signOut = () => {
    signingOut.now = true;
    forgetToken();
    signingOut.now = false;
  };
  return (
    <p className="session-bar small">
      Signed in as <strong>{session.who.name ?? session.who.id}</strong>
      {session.who.name === undefined ? null : <span className="muted"> ({session.who.id})</span>}
      <span className="muted"> ({session.who.scopes.join(", ")})</span>{" "}
      {session.viaToken ? (
        <button type="button" className="link-button" onClick={signOut}>
          Sign out
        </button>
      ) : (
        <a href="/cdn-cgi/access/logout">Sign out</a>
      )}
    </p>
  );
}
