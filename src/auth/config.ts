/**
 * AUTH_MODE and the ACCESS_* vars, read into what the Worker can actually do (contract § Who may
 * call it). Pure: no I/O. A configuration that cannot work is reported as `problem`, and the
 * Worker then refuses every protected route with that text instead of serving them open.
 */

export type AuthMode = "access" | "token" | "none";

export interface AccessSettings {
  teamDomain: string;
  audience: string;
  adminEmails: ReadonlySet<string>;
}

export type AuthConfig =
  | { ok: true; none: true }
  | { ok: true; none: false; token: boolean; access: AccessSettings | null }
  | { ok: false; problem: string };

type AuthVars = Partial<Record<"AUTH_MODE" | "ACCESS_TEAM_DOMAIN" | "ACCESS_AUD" | "ACCESS_ADMIN_EMAILS", string>>;

const MODES: readonly string[] = ["access", "token", "none"];
// A host name only: the issuer and the JWKS address are built from it, so no scheme, path or port.
const TEAM_DOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== "");

export function parseAuthConfig(vars: AuthVars): AuthConfig {
  const modes = list(vars.AUTH_MODE);
  if (modes.length === 0) {
    return { ok: false, problem: 'AUTH_MODE is not set: set it to "access", "token" or "access,token".' };
  }
  const unknown = modes.filter((mode) => !MODES.includes(mode));
  if (unknown.length > 0) {
    return { ok: false, problem: `AUTH_MODE has unknown modes (${unknown.join(", ")}): use access, token or none.` };
  }
  if (modes.includes("none")) {
    // "none,token" would be open anyway; refusing it keeps "none" a deliberate, standalone choice.
    if (modes.length > 1) return { ok: false, problem: 'AUTH_MODE "none" cannot be combined with other modes.' };
    return { ok: true, none: true };
  }
  let access: AccessSettings | null = null;
  if (modes.includes("access")) {
    const teamDomain = (vars.ACCESS_TEAM_DOMAIN ?? "")
      .trim()
      .toLowerCase()
      .replace(/^https:\/\//, "")
      .replace(/\/$/, "");
    const audience = (vars.ACCESS_AUD ?? "").trim();
    const missing = [
      TEAM_DOMAIN.test(teamDomain) ? null : "ACCESS_TEAM_DOMAIN (e.g. yourteam.cloudflareaccess.com)",
      audience === "" ? "ACCESS_AUD (the Access application's AUD tag)" : null,
    ].filter((item) => item !== null);
    if (missing.length > 0) {
      return { ok: false, problem: `AUTH_MODE includes access but ${missing.join(" and ")} is not set.` };
    }
    access = { teamDomain, audience, adminEmails: new Set(list(vars.ACCESS_ADMIN_EMAILS)) };
  }
  return { ok: true, none: false, token: modes.includes("token"), access };
}
