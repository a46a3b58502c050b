/** Scopes and identities as plain values: what every other auth module builds on. */

import { SCOPES, type Scope } from "../shapes/token-routes";

export { SCOPES, type Scope };

/** Who made a request: a person or service behind Access, an API token, or nobody (AUTH_MODE=none). */
export interface Identity {
  /**
   * Shown as `createdBy`, in logs and as the rate limit's key: an email, an Access service token's
   * common name, or `token:<token id>`. A token's name is a label that two tokens may share, so it
   * never names who did something (issue 21, finding 10).
   */
  id: string;
  /** A token's name, for people to read (whoami, the page); never used to tell identities apart. */
  name?: string;
  kind: "access-user" | "access-service" | "token" | "anonymous";
  scopes: readonly Scope[];
}

/** AUTH_MODE=none: nobody in particular, allowed everything. Never recorded as createdBy. */
export const ANONYMOUS: Identity = { id: "anonymous", kind: "anonymous", scopes: SCOPES };

/** Whether `identity` holds `scope`; `admin` implies the others. */
export function grants(identity: Identity | undefined, scope: Scope): boolean {
  return identity !== undefined && (identity.scopes.includes(scope) || identity.scopes.includes("admin"));
}
