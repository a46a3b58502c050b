/**
 * The diff's policy in one place: headers ignored by default, how severe each kind of difference
 * is, and the thresholds. Pure data and small lookups, so the README table and the code agree.
 */
import type { CompareOptions, Mask } from "../shapes/options";
import type { Severity } from "../shapes/result";

export interface DiffRules {
  /** Extra header names to ignore, merged with DEFAULT_IGNORED_HEADERS; a trailing `*` matches a prefix. */
  ignoreHeaders: readonly string[];
  /** RFC 6901 pointer prefixes; a difference at or below one is dropped (/headers/x-foo, /body/json/meta). */
  ignorePaths: readonly string[];
  /** Compare the left URL's origin/host, where it appears on the left, as if it were the right one. */
  normaliseHosts: boolean;
  /** A timing difference needs the slower side to take at least this many times as long... */
  timingRatio: number;
  /** ...and at least this many milliseconds longer. */
  timingMinMs: number;
  /** Differences kept in the result (most severe first); the summary still counts all of them. */
  maxReported: number;
  /** RE2 masks applied to both sides before diffing, after the default ones (masks.ts). */
  masks: readonly Mask[];
  /** Array pointer → the field that identifies its elements (array-align.ts). */
  arrayKeys: Readonly<Record<string, string>>;
  /** Arrays (wildcards allowed) whose order does not matter: a pure reordering is not reported. */
  unorderedPaths: readonly string[];
  /** Exact paths seen to vary between samples of one side: noise, never reported (noise.ts). */
  noisePaths: readonly string[];
  /**
   * Text lines seen to vary between samples of one side (fingerprints, text-hunks.ts): noise
   * wherever the hunk boundaries fall (noise.ts). A hunk made only of such lines is not reported.
   */
  noiseLines: readonly string[];
  /**
   * Templates of text lines that varied only in a few tokens with digits (line-templates.ts): lines
   * that fit one compare with those tokens as placeholders, the rest of the line compared.
   */
  noiseTemplates: readonly string[];
  /** Compare the two envelopes' timing here; false when timing is judged on all samples (timing.ts). */
  compareTiming: boolean;
}

/**
 * Response headers whose values change on every response (or per edge node, per cache state),
 * so comparing them would only ever produce noise. Names are lowercase; `*` ends a prefix.
 */
export const DEFAULT_IGNORED_HEADERS: readonly string[] = [
  // Clock-derived: the moment of the response, or computed from it.
  "date",
  "age",
  "expires",
  // Per-request identifiers and tracing added by CDNs, load balancers and frameworks.
  "cf-ray",
  "x-request-id",
  "request-id",
  "x-correlation-id",
  "x-amzn-requestid",
  "x-amzn-trace-id",
  "x-amz-cf-id",
  "x-amz-cf-pop",
  "x-amz-request-id",
  "x-amz-id-2",
  "x-cloud-trace-context",
  "x-vercel-id",
  "fly-request-id",
  "x-github-request-id",
  "traceparent",
  "tracestate",
  "x-trace-id",
  "x-b3-*",
  "b3",
  // Timings and per-node routing: which edge or backend answered and how fast.
  "server-timing",
  "x-runtime",
  "x-response-time",
  "x-served-by",
  "x-timer",
  "via",
  "alt-svc",
  // Upstream timings reported by proxies and gateways: how long the backend took this time.
  "x-envoy-upstream-service-time",
  "x-envoy-upstream-healthchecked-cluster",
  "x-upstream-response-time",
  "x-backend-response-time",
  "x-kong-upstream-latency",
  "x-kong-proxy-latency",
  "x-proxy-upstream-time",
  "x-processing-time",
  // Per-response nonces sent as headers of their own.
  "x-nonce",
  "x-csp-nonce",
  // Cache state depends on which request warmed the cache first, not on the deployment.
  "x-cache",
  "x-cache-hits",
  "cf-cache-status",
  "x-vercel-cache",
  // Reporting endpoints embed per-request or rotating tokens.
  "report-to",
  "reporting-endpoints",
  "nel",
];

/** Derived from the body or the transport: a difference here is reported, but as `info`. */
export const INFO_HEADERS: ReadonlySet<string> = new Set([
  "content-length",
  "etag",
  "last-modified",
  "accept-ranges",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
]);

/**
 * Security headers: what a browser may do with the response. Missing on one side, they are what a
 * reader must see, even on an error page or a page a redirect led elsewhere (consequences.ts).
 */
export const SECURITY_HEADERS: ReadonlySet<string> = new Set([
  "strict-transport-security",
  "content-security-policy",
  "content-security-policy-report-only",
  "x-frame-options",
  "x-content-type-options",
  "referrer-policy",
  "permissions-policy",
  "cross-origin-opener-policy",
  "cross-origin-embedder-policy",
  "cross-origin-resource-policy",
]);

/** Headers that change what a browser or client does with the response: `medium` when they differ. */
export const MEDIUM_HEADERS: ReadonlySet<string> = new Set([
  ...SECURITY_HEADERS,
  "content-type",
  // Caching semantics: who may cache a response, for how long, and which request it answers.
  // A change within them may be lower (header-severity.ts); present on one side only is `medium`.
  "cache-control",
  "vary",
]);
/** CORS: which other origins may read the response, with which credentials and headers. */
const MEDIUM_HEADER_PREFIXES = ["access-control-"] as const;

/** A security header by name, CORS included. */
export const isSecurityHeader = (name: string): boolean =>
  SECURITY_HEADERS.has(name) || MEDIUM_HEADER_PREFIXES.some((p) => name.startsWith(p));

/**
 * A header's severity by its name alone: the same whichever side lacks it. Every other header
 * (set-cookie names, x-powered-by, ...) is `low`. Values are judged by header-severity.ts.
 */
export function headerSeverity(name: string): Severity {
  if (INFO_HEADERS.has(name)) return "info";
  if (MEDIUM_HEADERS.has(name) || MEDIUM_HEADER_PREFIXES.some((p) => name.startsWith(p))) return "medium";
  return "low";
}

/** 200 vs 503 is an outage; 200 vs 204 or 301 vs 302 is a behaviour change. */
export function statusSeverity(left: number | null, right: number | null): Severity {
  if (left === null || right === null) return "high";
  return Math.floor(left / 100) === Math.floor(right / 100) ? "medium" : "high";
}

/**
 * Fixed severities, the same whichever side has the value (docs/noise.md § Severity). JSON: a
 * changed value, a field present on one side only (a client reading it breaks on the other), and a
 * renamed field are `medium`; array elements coming and going are data volume (`low`), except a
 * token in a list of values (an enum value, a role, a region), which changes what a client must
 * handle (`medium`).
 */
export const SEVERITY = {
  error: "high",
  redirect: "medium",
  timing: "medium",
  bodyKind: "medium",
  bodyHash: "medium",
  bodyText: "medium",
  bodyBytes: "info",
  bodyTruncated: "info",
  jsonChanged: "medium",
  jsonOneSided: "medium",
  jsonRenamed: "medium",
  jsonElement: "low",
  jsonToken: "medium",
  jsonOrder: "low",
} as const satisfies Record<string, Severity>;

/** An identifier-like string: `eu-west-1`, `ROLE_ADMIN`, `pro`, `v2.beta`. Not prose, not a URL. */
const TOKEN = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/** An array element present on one side only: a token is a value of a set, anything else is data. */
export function elementSeverity(value: unknown): Severity {
  return typeof value === "string" && TOKEN.test(value) ? SEVERITY.jsonToken : SEVERITY.jsonElement;
}

export const DEFAULT_RULES: Readonly<DiffRules> = {
  ignoreHeaders: [],
  ignorePaths: [],
  normaliseHosts: true,
  timingRatio: 2,
  timingMinMs: 300,
  maxReported: 200,
  masks: [],
  arrayKeys: {},
  unorderedPaths: [],
  noisePaths: [],
  noiseLines: [],
  noiseTemplates: [],
  compareTiming: true,
};

/** Fills defaults; `undefined` values in `rules` do not override them. */
export function resolveRules(rules: Partial<DiffRules> = {}): DiffRules {
  const resolved: DiffRules = { ...DEFAULT_RULES };
  for (const key of Object.keys(rules) as (keyof DiffRules)[]) {
    if (rules[key] !== undefined) Object.assign(resolved, { [key]: rules[key] });
  }
  return resolved;
}

/** The per-request parts of the rules, as a compare request carries them. */
export function rulesFromOptions(
  options: Pick<CompareOptions, "ignoreHeaders" | "ignorePaths"> &
    Partial<Pick<CompareOptions, "masks" | "arrayKeys" | "unorderedPaths">>,
): Partial<DiffRules> {
  return {
    ignoreHeaders: options.ignoreHeaders,
    ignorePaths: options.ignorePaths,
    masks: options.masks,
    arrayKeys: options.arrayKeys,
    unorderedPaths: options.unorderedPaths,
  };
}

/** A predicate over lowercase header names: the defaults plus `extra`, exact names or `prefix*`. */
export function headerIgnorer(extra: readonly string[]): (name: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const raw of [...DEFAULT_IGNORED_HEADERS, ...extra]) {
    const name = raw.toLowerCase();
    if (name.endsWith("*")) prefixes.push(name.slice(0, -1));
    else exact.add(name);
  }
  return (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p));
}
