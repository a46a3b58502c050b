/**
 * Ground truth of the Acme Cloud fixture (test/support/acme-cloud.ts), written before envdiff was
 * run on it: for each of its 31 endpoints (16, then batches of 8, 4 and 3, each with its truth
 * written the same way), the real differences between staging (left) and
 * production (right), with the kind, the path (or the element's key), the change where it matters
 * and the least severity its impact deserves; and the noise that must never be reported.
 *
 * Two rows were added after the first run, where envdiff was right and the truth was not: the login
 * page's CSP change comes from the fixture's shared page code, so the dashboard has it too; and
 * production's `Vary: Accept-Encoding` is on every static asset, not the stylesheet alone.
 *
 * Consequences: the body of a response whose status differs (the archived invoice's error body)
 * and the headers derived from a body (content-length, etag) belong under their cause, so a row
 * there at the top level counts as noise (scoring.ts).
 */
import type { Difference } from "../../src/shapes/result";
import type { RealDifference } from "./scoring";

export const ACME_ENDPOINTS = [
  "/api/projects",
  "/api/projects/prj_4kq2/metrics",
  "/api/billing/account",
  "/api/me",
  "/api/deployments/dep_7731",
  "/api/flags",
  "/api/health",
  "/api/events?limit=20",
  "/api/graphql?query=viewer",
  "/api/invoices/inv_2019_01",
  "/api/usage",
  "/login",
  "/dashboard",
  "/docs",
  "/static/app.js",
  "/static/app.css",
  // The second batch, added once the first passed; its truth (below) written before envdiff ran on it.
  "/api/invoices/current",
  "/api/regions",
  "/api/exports",
  "/api/session",
  "/api/settings",
  "/api/time",
  "/robots.txt",
  "/status",
  // The third batch, the same way.
  "/feed.xml",
  "/api/notifications",
  "/api/plans",
  "/api/audit-log?limit=5",
  // The fourth batch, the same way.
  "/api/geo/prj_4kq2",
  "/api/projects/prj_8x1m/members",
  "/activity",
] as const;

const textHas = (d: Difference, needle: string) =>
  d.path.startsWith("/body/text") && `${JSON.stringify(d.left)} ${JSON.stringify(d.right)}`.includes(needle);

const csp = (endpoint: string): RealDifference => ({
  endpoint,
  what: "the pages' CSP lost frame-ancestors 'none' on staging",
  kind: "header",
  path: /^\/headers\/content-security-policy/,
  minSeverity: "medium",
});

const vary = (endpoint: string): RealDifference => ({
  endpoint,
  what: "static asset sent without Vary: Accept-Encoding on staging",
  kind: "header",
  path: "/headers/vary",
  minSeverity: "medium",
});

const buildHash = (endpoint: string): RealDifference => ({
  endpoint,
  what: "a different build deployed: asset URLs carry build 4e1f9c2a on staging, 9b07d3e1 in production",
  kind: "body",
  path: /^\/body\/text\//,
  matches: (d) => textHas(d, "4e1f9c2a"),
  minSeverity: "low",
});

export const ACME_TRUTH: readonly RealDifference[] = [
  {
    endpoint: "/api/projects",
    what: "project prj_4kq2 in eu-central-1 on staging, eu-west-1 in production",
    kind: "body",
    path: /^\/body\/json\/projects\/\d+\/region$/,
    key: "prj_4kq2",
    change: "changed",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/projects/prj_4kq2/metrics",
    what: "metrics about 8× slower on staging (1,600 ms vs 200–350 ms)",
    kind: "timing",
    path: "/timing/totalMs",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/billing/account",
    what: "taxId missing on staging",
    kind: "body",
    path: "/body/json/taxId",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/me",
    what: "the user's name field renamed: displayName on staging, fullName in production",
    kind: "body",
    path: "/body/json/displayName",
    alsoAt: ["/body/json/fullName"],
    change: "renamed",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/deployments/dep_7731",
    what: "a new deployment status value: pending_approval on staging, pending in production",
    kind: "body",
    path: "/body/json/status",
    change: "changed",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/flags",
    what: "usageBasedBilling on in staging, off in production",
    kind: "body",
    path: "/body/json/flags/usageBasedBilling",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/graphql?query=viewer",
    what: "GraphQL answers with an UPSTREAM_TIMEOUT error on staging",
    kind: "body",
    path: /^\/body\/json\/errors(\/|$)/,
    minSeverity: "medium",
  },
  {
    endpoint: "/api/graphql?query=viewer",
    what: "viewer.billingEmail null on staging",
    kind: "body",
    path: "/body/json/data/viewer/billingEmail",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/invoices/inv_2019_01",
    what: "an archived invoice is 404 on staging, 410 Gone in production",
    kind: "status",
    path: "/status",
    minSeverity: "low",
  },
  csp("/login"),
  {
    endpoint: "/login",
    what: "session cookie lost HttpOnly on staging",
    kind: "header",
    path: "/headers/set-cookie/acme_session",
    minSeverity: "high",
  },
  buildHash("/login"),
  {
    endpoint: "/dashboard",
    what: "dashboard heading 'Projects' on staging, 'All projects' in production",
    kind: "body",
    path: /^\/body\/text\//,
    matches: (d) => textHas(d, "All projects"),
    minSeverity: "low",
  },
  csp("/dashboard"),
  buildHash("/dashboard"),
  {
    endpoint: "/docs",
    what: "docs redirect chain ends at /docs/v2/ on staging, /docs/v3/ in production",
    kind: "redirect",
    path: "/redirects",
    minSeverity: "medium",
  },
  {
    endpoint: "/static/app.js",
    what: "asset cache-control weakened from immutable to no-cache on staging",
    kind: "header",
    path: "/headers/cache-control",
    minSeverity: "medium",
  },
  vary("/static/app.js"),
  vary("/static/app.css"),
  // The second batch.
  {
    endpoint: "/api/invoices/current",
    what: "a Support Plus line billed on staging only",
    kind: "body",
    path: /^\/body\/json\/lines\/\d+$/,
    key: "support-plus",
    minSeverity: "low",
  },
  {
    endpoint: "/api/invoices/current",
    what: "invoice total 783.19 on staging, 633.89 in production (each summed with float rounding noise)",
    kind: "body",
    path: "/body/json/total",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/regions",
    what: "region ap-south-1 missing from staging's list (a list in random order with random latencies)",
    kind: "body",
    path: /^\/body\/json\/regions\/\d+$/,
    change: "added",
    minSeverity: "low",
  },
  {
    endpoint: "/api/exports",
    what: "exports answer 503 (Retry-After: 30) on staging, 200 in production",
    kind: "status",
    path: "/status",
    minSeverity: "high",
  },
  {
    endpoint: "/api/session",
    what: "remember-me cookie lasts a day on staging (Max-Age=86400), 30 days in production",
    kind: "header",
    path: "/headers/set-cookie/acme_remember",
    minSeverity: "low",
  },
  {
    endpoint: "/api/settings",
    what: "settings readable by any origin on staging (access-control-allow-origin: *)",
    kind: "header",
    path: "/headers/access-control-allow-origin",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/settings",
    what: "settings sent without Vary: Origin on staging",
    kind: "header",
    path: "/headers/vary",
    minSeverity: "medium",
  },
  {
    endpoint: "/robots.txt",
    what: "staging's robots.txt disallows everything",
    kind: "body",
    path: /^\/body\/text\//,
    matches: (d) => textHas(d, "Disallow"),
    minSeverity: "medium",
  },
  {
    endpoint: "/status",
    what: "status banner: degraded in eu-west-1 on staging, operational in production",
    kind: "body",
    path: /^\/body\/text\//,
    matches: (d) => textHas(d, "Degraded performance"),
    minSeverity: "medium",
  },
  {
    endpoint: "/status",
    what: "status page v3.3.0-rc.1 on staging, v3.2.0 in production (on the line with the update clock)",
    kind: "body",
    path: /^\/body\/text\//,
    matches: (d) => textHas(d, "3.3.0-rc.1"),
    minSeverity: "low",
  },
  csp("/status"),
  buildHash("/status"),
  // The third batch.
  {
    endpoint: "/feed.xml",
    what: "staging's feed leaks the draft post 'Draft: Q4 pricing'",
    kind: "body",
    path: /^\/body\/text\//,
    matches: (d) => textHas(d, "Draft: Q4 pricing"),
    minSeverity: "medium",
  },
  {
    endpoint: "/api/notifications",
    what: "clients poll every 30 s on staging, every 60 s in production",
    kind: "body",
    path: "/body/json/pollIntervalSeconds",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/plans",
    what: "the Team plan costs €25 on staging, €29 in production",
    kind: "body",
    path: /^\/body\/json\/plans\/\d+\/priceEur$/,
    minSeverity: "medium",
  },
  // The fourth batch.
  {
    endpoint: "/api/geo/prj_4kq2",
    what: "map zoom 11 on staging, 12 in production (beside coordinates with float noise)",
    kind: "body",
    path: "/body/json/zoom",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/projects/prj_8x1m/members",
    what: "staging's members API no longer allows DELETE (Allow, in a random order on both sides)",
    kind: "header",
    path: "/headers/allow",
    minSeverity: "low",
  },
  {
    endpoint: "/api/projects/prj_8x1m/members",
    what: "staging's CORS methods lack DELETE (in a random order on both sides)",
    kind: "header",
    path: "/headers/access-control-allow-methods",
    minSeverity: "medium",
  },
  {
    endpoint: "/activity",
    what: "staging's activity lists a rollback production never ran",
    kind: "body",
    path: /^\/body\/text\//,
    matches: (d) => textHas(d, "Rollback of dep_7731"),
    minSeverity: "medium",
  },
  csp("/activity"),
  buildHash("/activity"),
  {
    endpoint: "/static/app.css",
    what: "stylesheet not compressed on staging (gzip in production)",
    kind: "header",
    path: "/headers/content-encoding",
    minSeverity: "low",
  },
];

/** What changes on every response, or every second: none of it may be reported as a difference. */
export const ACME_NOISE = [
  "uptimeSeconds, ticking every second, with the content-length that follows it",
  "x-ratelimit-remaining, falling by one per request from a different budget per side; x-ratelimit-reset",
  "x-ab-bucket: A|B at random (pages) and `bucket` in the flags",
  "project tags in a random order; production's projects in a new order on every request",
  "request ids, traceparent, server-timing, CSRF tokens (meta, input, cookie), CSP nonces, session cookie values",
  "the event feed's random cursor and the strong ETag hashed from that body",
  "costTotal summed in a random order (48.21 or 48.209999999999994), a CPU gauge, health check latencies",
  "timestamps: date, last-modified of the usage, generatedAt, evaluatedAt, the dashboard's 'Last refreshed'",
  "the bot-management cookie's value and its Expires, which follows the clock",
  "a requestId inside staging's GraphQL error extensions",
  "jitter of up to 80 ms on every endpoint, and production's metrics varying 200–350 ms",
  "second batch: the invoice total's rounding noise, regions in random order with random latencies, a random tip line",
  "second batch: the status page's clock, nextRefreshIn counting down, epoch milliseconds, x-served-by, a link cursor",
  "second batch: staging pretty-printing its settings JSON with its keys in another order (and so its content-length)",
  "third batch: the feed's lastBuildDate, the audit log's timestamps that follow the clock",
  "third batch: a banner field, an x-debug-trace header and an _exp cookie on some responses only, a 10% experiment",
  "fourth batch: coordinates summed in a random order, method lists in a random order, 'N minutes ago' ticking",
] as const;
