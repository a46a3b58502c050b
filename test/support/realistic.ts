/**
 * Ground truth for the realistic fixture (test/support/shop.ts): for each of its 11 endpoints, the
 * real differences between staging (left) and production (right), with the least severity an
 * engineer would accept for each, and the noise that must never reach `differences`.
 * `score` turns one comparison per endpoint into recall (real differences found, never flapping)
 * and noise (differences that are not real), used by the end-to-end test and by `npm run bench`.
 */
import type { Difference } from "../../src/shapes/result";
import { type EndpointRun, type RealDifference, type Score, scoreRun } from "./scoring";

export { type EndpointRun, endpointPair, type RealDifference, type Score } from "./scoring";

const text = (d: Difference, needle: string) =>
  d.path.startsWith("/body/text") && `${JSON.stringify(d.left)} ${JSON.stringify(d.right)}`.includes(needle);

export const SHOP_ENDPOINTS = [
  "/api/products",
  "/api/orders/1001",
  "/api/config",
  "/api/health",
  "/api/search?q=lamp",
  "/api/cart",
  "/api/tags",
  "/",
  "/pricing",
  "/login",
  "/about",
] as const;

export const REAL_DIFFERENCES: readonly RealDifference[] = [
  {
    endpoint: "/api/products",
    what: "product 3 out of stock on staging",
    kind: "body",
    path: /^\/body\/json\/products\/\d+\/stock$/,
    minSeverity: "medium",
    matches: (d) => /^\/body\/json\/products\/\d+\/stock$/.test(d.path) && d.left === 0 && d.right === 12,
  },
  {
    endpoint: "/api/products",
    what: "catalogue sorted by name on staging, by id in production",
    minSeverity: "low",
    kind: "body",
    path: "/body/json/products",
  },
  {
    endpoint: "/api/orders/1001",
    what: "tax rate 0.19 vs 0.16",
    minSeverity: "medium",
    kind: "body",
    path: "/body/json/taxRate",
  },
  { endpoint: "/api/orders/1001", what: "tax amount", minSeverity: "medium", kind: "body", path: "/body/json/tax" },
  { endpoint: "/api/orders/1001", what: "order total", minSeverity: "medium", kind: "body", path: "/body/json/total" },
  {
    endpoint: "/api/config",
    what: "new checkout enabled on staging only",
    minSeverity: "medium",
    kind: "body",
    path: "/body/json/features/newCheckout",
  },
  { endpoint: "/api/config", what: "app version", minSeverity: "low", kind: "header", path: "/headers/x-app-version" },
  {
    endpoint: "/api/search?q=lamp",
    what: "search is slow in production",
    minSeverity: "medium",
    kind: "timing",
    path: "/timing/totalMs",
  },
  {
    endpoint: "/api/cart",
    what: "cart cookie lost Secure, HttpOnly and SameSite on staging",
    minSeverity: "high",
    kind: "header",
    path: "/headers/set-cookie/cart",
  },
  {
    endpoint: "/pricing",
    what: "Pro plan €12 vs €14",
    kind: "body",
    path: /^\/body\/text\//,
    minSeverity: "medium",
    matches: (d) => text(d, "Pro: €"),
  },
  {
    endpoint: "/",
    what: "x-frame-options missing on staging",
    minSeverity: "medium",
    kind: "header",
    path: "/headers/x-frame-options",
  },
  {
    endpoint: "/pricing",
    what: "x-frame-options missing on staging",
    minSeverity: "medium",
    kind: "header",
    path: "/headers/x-frame-options",
  },
  {
    endpoint: "/login",
    what: "x-frame-options missing on staging",
    minSeverity: "medium",
    kind: "header",
    path: "/headers/x-frame-options",
  },
  {
    endpoint: "/about",
    what: "x-frame-options missing on staging",
    minSeverity: "medium",
    kind: "header",
    path: "/headers/x-frame-options",
  },
];

/** What changes on every response: none of it may be reported as a difference. */
export const NOISE_DESCRIPTIONS = [
  "CSRF tokens (meta tag and hidden inputs)",
  "CSP nonces (header and script tag)",
  "request ids (x-request-id, requestId in JSON)",
  "timestamps (date, meta.generatedAt, time, the footer's 'Rendered at')",
  "upstream timings (x-envoy-upstream-service-time, server-timing) and x-nonce",
  "a JSON nonce",
  "the cart cookie's value",
  "tags whose order changes on every request",
] as const;

/** Scores one run of the shop (scoring.ts); `run` counts from 1: from the second run on, real differences are recurring. */
export function score(runs: readonly EndpointRun[], run = 1): Score {
  return scoreRun(REAL_DIFFERENCES, runs, run);
}
