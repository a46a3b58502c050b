/**
 * What the explainers agree on about a difference: severity order, a deterministic
 * most-severe-first sort, a human label for its envelope pointer, and value formatting
 * that never lets a secret through. The rules text, the model prompt and the cache key
 * all go through here, so they describe the same facts the same way.
 */
import { canonicalJson } from "../digest";
import type { JsonValue } from "../shapes/json";
import type { Difference, DifferenceKind, HistoryMark, Severity } from "../shapes/result";

/** A difference of the previous run that is gone now (ComparisonResult.resolved). */
export interface ResolvedDifference {
  kind: DifferenceKind;
  path: string;
}

export const REDACTED = "[redacted]";

const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3 };
// New first: within one severity, what just appeared matters more than what keeps coming back.
const HISTORY_RANK: Record<HistoryMark, number> = { new: 0, recurring: 1, flapping: 2 };
// Within one severity, the order an on-call engineer reads a response in (and the diff engine reports in).
const KIND_ORDER: readonly DifferenceKind[] = ["error", "status", "redirect", "header", "body", "timing"];

export function highestSeverity(differences: readonly Difference[]): Severity | "none" {
  let best: Severity | "none" = "none";
  for (const d of differences) {
    if (best === "none" || SEVERITY_RANK[d.severity] > SEVERITY_RANK[best]) best = d.severity;
  }
  return best;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Most severe first, then new before recurring before flapping, then by kind and path.
 * Fully determined by the differences themselves, so the input order never changes the output.
 */
export function mostSevereFirst(differences: readonly Difference[]): Difference[] {
  return [...differences].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      HISTORY_RANK[a.history] - HISTORY_RANK[b.history] ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      compareText(a.path, b.path) ||
      compareText(a.change, b.change),
  );
}

/** RFC 6901 pointer segments, unescaped. */
export function pointerSegments(path: string): string[] {
  if (path === "") return [];
  return path
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** A short name for what a difference is about, e.g. "Header x-version" or "JSON body at /items/2". */
export function describeTarget(kind: DifferenceKind, path: string): string {
  const rest = pointerSegments(path).slice(1);
  switch (kind) {
    case "status":
      return "Status";
    case "header":
      return rest.length > 0 ? `Header ${rest.join("/")}` : "Headers";
    case "body": {
      const [part, ...inner] = rest;
      if (part === "json") return inner.length > 0 ? `JSON body at ${path.slice("/body/json".length)}` : "JSON body";
      if (part === "text") return "Body text";
      if (part === "sha256") return "Body content (sha256)";
      return part ? `Body ${rest.join("/")}` : "Body";
    }
    case "redirect":
      return rest.length > 0 ? `Redirect chain at ${path.slice("/redirects".length)}` : "Redirect chain";
    case "timing":
      return rest[0] === "totalMs" ? "Response time" : rest[0] === "headersMs" ? "Time to headers" : "Timing";
    case "error":
      return "Probe error";
  }
}

/** Headers whose values are credentials (contract § SignalEnvelope), matched on lowercase names. */
const SENSITIVE_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie)$|(^|[-_])(api[-_]?key|apikey|token|secret)$/;
/** JSON keys whose values are likely secrets: over-redacting a label costs nothing, a leak does. */
const SECRET_KEY = /passw(or)?d|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key/i;
const BEARER = /\b(bearer|basic)\s+[^\s"]+/gi;
/** Credentials in URLs (signed redirects, `Location` headers): `?token=…`, `&X-Amz-Signature=…`. */
const SECRET_QUERY = /([?&][^=&#\s"]*(?:token|key|secret|passw|sig|auth|session)[^=&#\s"]*=)[^&#\s"]+/gi;

export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADER.test(name.toLowerCase());
}

function isSecretKey(key: string): boolean {
  return isSensitiveHeader(key) || SECRET_KEY.test(key);
}

function scrub(value: JsonValue): JsonValue {
  if (typeof value === "string") {
    return value
      .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
      .replace(SECRET_QUERY, (_m, name: string) => `${name}${REDACTED}`);
  }
  if (Array.isArray(value)) return value.map(scrub);
  if (value !== null && typeof value === "object") {
    const out: Record<string, JsonValue> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = isSecretKey(key) ? REDACTED : scrub(inner);
    return out;
  }
  return value;
}

/**
 * One side's value as it may be shown to a person or a model: sensitive header values and
 * secret-looking JSON fields become "[redacted]", bearer credentials and secret-looking URL query
 * parameters inside strings are masked.
 * `null` stays `null` (the side has nothing there).
 */
export function safeValue(d: Difference, side: "left" | "right"): JsonValue {
  const value = d[side];
  if (value === null || value === undefined) return null;
  const segments = pointerSegments(d.path);
  const last = segments.at(-1) ?? "";
  if (d.kind === "header" && segments.length > 1 && isSensitiveHeader(last)) return REDACTED;
  if (d.kind === "body" && segments[1] === "json" && segments.slice(2).some(isSecretKey)) return REDACTED;
  return scrub(value);
}

export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  // Cut on code points so a surrogate pair is never split in half.
  return `${Array.from(text).slice(0, maxChars).join("")}…`;
}

/**
 * Whether a side has nothing at all where the difference is (a header, a field or an element on the
 * other side only), as opposed to a JSON `null` it does have: the collector stores both as `null`,
 * and only the change tells them apart.
 */
export function isAbsent(d: Pick<Difference, "change">, side: "left" | "right"): boolean {
  return side === "left" ? d.change === "added" : d.change === "removed";
}

/** What the explanations write for a side that has no value (`null` is a JSON value, written `null`). */
export const MISSING = "missing";

/**
 * A value for a sentence, as a JSON literal: `null` stays `null` (never "none", so it reads apart from
 * the string `"null"`), quoted strings, compact JSON for structures. An absent side is `MISSING`,
 * which callers decide with `isAbsent`.
 */
export function formatValue(value: JsonValue, maxChars: number): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(truncate(value, maxChars));
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return truncate(canonicalJson(value), maxChars);
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
