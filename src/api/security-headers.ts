/**
 * The response headers that keep the page and the API from being framed, sniffed or made to run
 * someone else's script (issue 21, finding 12). One definition for both places that send them:
 * the Worker, for every /api response (`securityHeaders`), and Workers static assets, for the page,
 * through the `_headers` file that `npm run build:web` writes into dist/web (vite.config.ts).
 *
 * The page's policy allows only its own files: scripts and styles from its origin (Vite emits one
 * JS and one CSS file, no inline script), fetches to its own API, images from itself or `data:`
 * (the favicon is a data URI), and no framing at all. A token the page keeps in sessionStorage is
 * then out of reach of injected inline script or a script from another origin.
 */
import type { MiddlewareHandler } from "hono";

const COMMON = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  // The page's address names pairs and comparisons (?pair=, ?id=): a link out must not carry it.
  "Referrer-Policy": "no-referrer",
} as const;

/** The web page and its assets (dist/web). */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; "),
  ...COMMON,
};

/** JSON answers of /api: nothing in them is ever to be run or shown as a document. */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  ...COMMON,
};

/** The `_headers` file of Workers static assets: PAGE_SECURITY_HEADERS on every asset and on the page. */
export function assetHeadersFile(): string {
  const lines = Object.entries(PAGE_SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}`);
  return [
    "# Written by `npm run build:web` from src/api/security-headers.ts: edit that file.",
    "/*",
    ...lines,
    "",
  ].join("\n");
}

/** Adds API_SECURITY_HEADERS to every response of the Worker, errors and 404s included. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) c.res.headers.set(name, value);
};
