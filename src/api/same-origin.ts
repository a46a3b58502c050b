/**
 * Writes only from envdiff's own page or from clients that are not browsers (issue 21, finding 11).
 *
 * A browser says where a request comes from: `Sec-Fetch-Site` (every current browser) and `Origin`
 * (on every cross-origin request and on same-origin writes). A write whose `Sec-Fetch-Site` is not
 * `same-origin` (or `none`: typed by the user), or whose `Origin` is not this Worker's own, was
 * started by another site: a form or script there riding on the user's Access cookie. It is refused
 * with 403 `forbidden` before anything else is read. curl, the CLI and CI send neither header and
 * are not affected. Reads stay open to any origin: they change nothing, and CORS keeps their
 * answers from other sites' scripts.
 *
 * `same-site` is refused too: a sibling subdomain is another application, whatever its cookies.
 */
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const OWN_SITE = new Set(["same-origin", "none"]);

/** Why a write must be refused as cross-site, or null when it may go on. Pure: the headers and the Worker's origin. */
export function crossSiteReason(
  method: string,
  headers: { secFetchSite: string | undefined; origin: string | undefined },
  ownOrigin: string,
): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const site = headers.secFetchSite?.trim().toLowerCase();
  if (site !== undefined && !OWN_SITE.has(site)) return `Sec-Fetch-Site is ${site.slice(0, 40)}`;
  const origin = headers.origin?.trim().toLowerCase();
  if (origin !== undefined && origin !== ownOrigin.toLowerCase())
    return `Origin ${origin.slice(0, 100)} is not ${ownOrigin}`;
  return null;
}

/** Refuses writes that a browser marks as coming from another site or origin: 403 forbidden. */
export const refuseCrossSiteWrites: MiddlewareHandler = async (c, next) => {
  const reason = crossSiteReason(
    c.req.method,
    { secFetchSite: c.req.header("sec-fetch-site"), origin: c.req.header("origin") },
    new URL(c.req.url).origin,
  );
  if (reason !== null) {
    throw new ApiError("forbidden", `Writes are accepted from envdiff's own page only (${reason}).`, {
      reason: "cross_site",
    });
  }
  await next();
};
