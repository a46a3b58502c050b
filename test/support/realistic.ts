/**
 * Ground truth for the realistic fixture (test/support/shop.ts): for each of its 11 endpoints, the
 * real differences between staging (left) and production (right), with the least severity an
 * engineer would accept for each, and the noise that must never reach `differences`.
 * `score` turns one comparison per endpoint into recall (real differences found, never flapping)
 * and noise (differences that are not real), used by the end-to-end test and by `npm run bench`.
 */
import type { Difference, Severity } from "../../src/shapes/result";

export interface RealDifference {
  endpoint: string;
  what: string;
  minSeverity: Severity;
  matches(d: Difference): boolean;
}

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3 };

const at = (path: string) => (d: Difference) => d.path === path;
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
    minSeverity: "medium",
    matches: (d) => /^\/body\/json\/products\/\d+\/stock$/.test(d.path) && d.left === 0 && d.right === 12,
  },
  {
    endpoint: "/api/products",
    what: "catalogue sorted by name on staging, by id in production",
    minSeverity: "low",
    matches: at("/body/json/products"),
  },
  {
    endpoint: "/api/orders/1001",
    what: "tax rate 0.19 vs 0.16",
    minSeverity: "medium",
    matches: at("/body/json/taxRate"),
  },
  { endpoint: "/api/orders/1001", what: "tax amount", minSeverity: "medium", matches: at("/body/json/tax") },
  { endpoint: "/api/orders/1001", what: "order total", minSeverity: "medium", matches: at("/body/json/total") },
  {
    endpoint: "/api/config",
    what: "new checkout enabled on staging only",
    minSeverity: "medium",
    matches: at("/body/json/features/newCheckout"),
  },
  { endpoint: "/api/config", what: "app version", minSeverity: "low", matches: at("/headers/x-app-version") },
  {
    endpoint: "/api/search?q=lamp",
    what: "search is slow in production",
    minSeverity: "medium",
    matches: at("/timing/totalMs"),
  },
  {
    endpoint: "/api/cart",
    what: "cart cookie lost Secure, HttpOnly and SameSite on staging",
    minSeverity: "high",
    matches: at("/headers/set-cookie/cart"),
  },
  { endpoint: "/pricing", what: "Pro plan €12 vs €14", minSeverity: "medium", matches: (d) => text(d, "Pro: €") },
  {
    endpoint: "/",
    what: "x-frame-options missing on staging",
    minSeverity: "medium",
    matches: at("/headers/x-frame-options"),
  },
  {
    endpoint: "/pricing",
    what: "x-frame-options missing on staging",
    minSeverity: "medium",
    matches: at("/headers/x-frame-options"),
  },
  {
    endpoint: "/login",
    what: "x-frame-options missing on staging",
    minSeverity: "medium",
    matches: at("/headers/x-frame-options"),
  },
  {
    endpoint: "/about",
    what: "x-frame-options missing on staging",
    minSeverity: "medium",
    matches: at("/headers/x-frame-options"),
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

export interface EndpointRun {
  endpoint: string;
  differences: readonly Difference[];
}

export interface Score {
  real: number;
  found: number;
  /** Real differences reported with too low a severity or marked flapping ("probably noise"). */
  mislabelled: string[];
  missed: string[];
  /** Reported differences that are not real: noise that got through. */
  noise: { endpoint: string; path: string }[];
  recall: number;
  precision: number;
}

export function score(runs: readonly EndpointRun[]): Score {
  const missed: string[] = [];
  const mislabelled: string[] = [];
  const noise: Score["noise"] = [];
  let found = 0;
  let reported = 0;
  for (const { endpoint, differences } of runs) {
    const truth = REAL_DIFFERENCES.filter((r) => r.endpoint === endpoint);
    reported += differences.length;
    for (const real of truth) {
      const d = differences.find(real.matches);
      if (!d) missed.push(`${endpoint}: ${real.what}`);
      else if (RANK[d.severity] < RANK[real.minSeverity] || d.history === "flapping") {
        mislabelled.push(`${endpoint}: ${real.what} (${d.severity}, ${d.history})`);
      } else found++;
    }
    for (const d of differences) {
      if (!truth.some((r) => r.matches(d))) noise.push({ endpoint, path: d.path });
    }
  }
  const real = REAL_DIFFERENCES.length;
  return {
    real,
    found,
    mislabelled,
    missed,
    noise,
    recall: found / real,
    precision: reported === 0 ? 1 : (reported - noise.length) / reported,
  };
}

/** The two URLs of one endpoint; `tag` (a query parameter the shop ignores) gives a fresh pair. */
export function endpointPair(urls: { staging: string; production: string }, endpoint: string, tag: string) {
  const sep = endpoint.includes("?") ? "&" : "?";
  return {
    leftUrl: `${urls.staging}${endpoint}${sep}run=${tag}`,
    rightUrl: `${urls.production}${endpoint}${sep}run=${tag}`,
  };
}
