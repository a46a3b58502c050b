/**
 * Ground truth of the newsroom fixture (test/support/newsroom.ts), written before envdiff was run on
 * it: for each of its 15 endpoints, the real differences between staging (left) and production
 * (right), with the kind, the path (or the element's key), the change where it matters and the
 * least severity its impact deserves; and the noise that must never be reported.
 *
 * Severities follow impact, the same in both directions (issue 23, item 5): a value present on one
 * side only is `medium` whichever side lacks it, a renamed field is one `renamed` difference, a
 * weaker cache-control is at least `medium`.
 */
import type { RealDifference } from "./scoring";

export const NEWSROOM_ENDPOINTS = [
  "/api/articles?page=1",
  "/api/articles?page=2",
  "/api/articles/a-1042",
  "/api/search?q=budget",
  "/api/flags",
  "/api/health",
  "/api/stats",
  "/api/sections",
  "/api/comments/a-1042",
  "/api/live",
  "/",
  "/article/a-1042",
  "/newsletter",
  "/static/app.js",
  "/go/stats",
] as const;

const hsts = (endpoint: string): RealDifference => ({
  endpoint,
  what: "HSTS max-age of 5 minutes on staging, a year with subdomains in production",
  kind: "header",
  path: "/headers/strict-transport-security",
  minSeverity: "medium",
});

export const NEWSROOM_TRUTH: readonly RealDifference[] = [
  {
    endpoint: "/api/articles?page=1",
    what: "article a-1042 filed under local on staging, politics in production",
    kind: "body",
    path: /^\/body\/json\/articles\/\d+\/section$/,
    key: "a-1042",
    change: "changed",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/articles/a-1042",
    what: "author field renamed: byline on staging, authorName in production",
    kind: "body",
    path: "/body/json/byline",
    alsoAt: ["/body/json/authorName"],
    change: "renamed",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/search?q=budget",
    what: "article a-0998 missing from staging's search results",
    kind: "body",
    path: /^\/body\/json\/results\/\d+$/,
    key: "a-0998",
    change: "added",
    minSeverity: "low",
  },
  {
    endpoint: "/api/flags",
    what: "paywallV2 on in staging only",
    kind: "body",
    path: "/body/json/flags/paywallV2",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/sections",
    what: "defaultSection missing on staging",
    kind: "body",
    path: "/body/json/defaultSection",
    minSeverity: "medium",
  },
  {
    endpoint: "/api/comments/a-1042",
    what: "comments answer 500 on staging, 200 in production",
    kind: "status",
    path: "/status",
    minSeverity: "high",
  },
  {
    endpoint: "/api/live",
    what: "live blog ~600 ms slower on staging (800 ms vs 200 ms)",
    kind: "timing",
    path: "/timing/totalMs",
    minSeverity: "medium",
  },
  {
    endpoint: "/static/app.js",
    what: "asset cache-control weakened from immutable to no-cache on staging",
    kind: "header",
    path: "/headers/cache-control",
    minSeverity: "medium",
  },
  {
    endpoint: "/article/a-1042",
    what: "paywall price €5.99 on staging, €4.99 in production",
    kind: "body",
    path: /^\/body\/text\//,
    matches: (d) =>
      d.path.startsWith("/body/text/") &&
      `${JSON.stringify(d.left)} ${JSON.stringify(d.right)}`.includes("Read on for"),
    minSeverity: "medium",
  },
  hsts("/"),
  hsts("/article/a-1042"),
  hsts("/newsletter"),
  {
    endpoint: "/go/stats",
    what: "redirect to the stats is a 302 on staging, a 301 in production",
    kind: "redirect",
    path: "/redirects",
    minSeverity: "medium",
  },
];

/** What changes on every response, or every second: none of it may be reported as a difference. */
export const NEWSROOM_NOISE = [
  "uptimeSeconds, ticking every second (health, stats)",
  "served / servedToday / views, growing with every request",
  "the pages' 'Page generated HH:MM:SS' clock (one-second resolution, not ISO)",
  "x-ab-bucket: A|B at random (pages, articles, flags) and `bucket` in the flags",
  "x-edge-cache: HIT|MISS at random (pages, the asset)",
  "readersOnline and search's tookMs, random numbers",
  "tags, sections and search results in a random order",
  "the trending / most-read <li> lists, shuffled on every request",
  "request ids and nonces: x-request-id, requestId, traceId, the request-id meta tag, CSP nonces, x-edge-nonce, form_key",
  "content-length and etag that follow the volatile bodies",
  "timestamps: date, generatedAt, evaluatedAt",
  "jitter of up to 80 ms on every endpoint",
] as const;
