/**
 * Consequences grouped under their cause: a difference that only follows from another one is
 * nested under it (`consequences`), never listed as a peer. A page that grew by 40 bytes has one
 * body difference, not a body difference, a `content-length` and an `etag` to read. Counts, the
 * history marks that drift events use and the explanation's leads are over causes only.
 *
 * Pure: runs on a finished diff, after noise is removed. The rules, in order (a difference already
 * nested is not looked at again, and consequences are never nested further):
 *
 * | cause                                              | its consequences                                   |
 * | -------------------------------------------------- | -------------------------------------------------- |
 * | `/status` across classes (200 vs 503), or between  | body rows, body-derived headers, `content-type`,   |
 * | two errors (404 vs 410)                            | `content-encoding`, `retry-after`,                 |
 * |                                                    | `www-authenticate`, and every other header only    |
 * |                                                    | one of the two responses carries (`allow`, a rate  |
 * |                                                    | limit), but a security header                      |
 * | `/redirects` ending somewhere else                 | body rows, every header but a security header      |
 * | the first body row (most severe first)             | body-derived headers                               |
 * | `content-encoding`                                 | `content-length`, `etag`, the digests              |
 * | any other `/status` (200 vs 204)                   | body-derived headers (an empty 204 has no length)  |
 *
 * Body-derived headers (DERIVED_FROM_BODY) with no body row left to follow from, while the bodies
 * do differ, follow from what the diff left out of the body (noise, a mask, an ignored path, a host
 * name): they go to `noise` with it and never reach the differences.
 */
import type { SignalEnvelope } from "../shapes/envelope";
import type { Consequence, Difference, DiffResult } from "../shapes/result";
import { isSecurityHeader } from "./rules";

/** Headers computed from the body's bytes: they change whenever the body does. */
export const DERIVED_FROM_BODY: readonly string[] = [
  "content-length",
  "etag",
  "content-md5",
  "digest",
  "content-digest",
  "repr-digest",
  "last-modified",
];

export interface NoiseEntry {
  path: string;
  side: "left" | "right";
}

interface Rule {
  /** Whether a (top-level) difference is a cause under this rule. */
  cause(d: Difference): boolean;
  /** Whether another difference follows from that cause. */
  follows(d: Difference): boolean;
}

const headerName = (d: Difference) => (d.kind === "header" ? (d.path.split("/")[2] ?? "") : "");
const isHeader =
  (...names: readonly string[]) =>
  (d: Difference) =>
    names.includes(headerName(d));
const isBody = (d: Difference) => d.kind === "body";
const isDerived = isHeader(...DERIVED_FROM_BODY);

/** One sample's status, or the first sample's when a side was unstable (src/diff/noise.ts). */
function statusOf(value: Difference["left"]): number | null {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "number" ? first : null;
}

/**
 * A status whose body is another handler's answer: across classes (a page against an error page), or
 * one error against another (404 vs 410, 500 vs 503), whose bodies are each error's own message.
 * Two successes (200 vs 204) may carry differences of their own, so their bodies stay causes.
 */
function statusAnswersOtherwise(d: Difference): boolean {
  if (d.kind !== "status") return false;
  const l = statusOf(d.left);
  const r = statusOf(d.right);
  if (l === null || r === null || l === r) return false;
  return Math.floor(l / 100) !== Math.floor(r / 100) || (l >= 400 && r >= 400);
}

/** Where a redirect chain ends: the last hop's Location, or null for a chain that never redirected. */
function endOf(chain: Difference["left"]): string | null {
  if (!Array.isArray(chain) || chain.length === 0) return null;
  const last = chain.at(-1);
  if (last === null || typeof last !== "object" || Array.isArray(last)) return null;
  return typeof last.location === "string" ? last.location : null;
}

function endsElsewhere(d: Difference): boolean {
  return d.kind === "redirect" && endOf(d.left) !== endOf(d.right);
}

/** A header that is not a security header (those stay causes: what a reader must see). */
const isOrdinaryHeader = (d: Difference) => d.kind === "header" && !isSecurityHeader(headerName(d));
/** A header only one side's response carries. */
const isOneSided = (d: Difference) => d.change === "added" || d.change === "removed";

export const CONSEQUENCE_RULES: readonly Rule[] = [
  {
    cause: statusAnswersOtherwise,
    // Retry-After and WWW-Authenticate belong to the error status that carries them (503, 429, 401);
    // a header only one of the two responses carries (a 405's Allow, a proxy's error page without the
    // app's rate-limit headers) is the other handler's too. Two values of one header stay causes.
    follows: (d) =>
      isBody(d) ||
      isDerived(d) ||
      isHeader("content-type", "content-encoding", "retry-after", "www-authenticate")(d) ||
      (isOrdinaryHeader(d) && isOneSided(d)),
  },
  // The two sides ended at two different pages: what differs between the pages follows from that.
  { cause: endsElsewhere, follows: (d) => isBody(d) || isOrdinaryHeader(d) },
  { cause: isBody, follows: isDerived },
  {
    cause: isHeader("content-encoding"),
    follows: isHeader("content-length", "etag", "content-md5", "digest", "content-digest", "repr-digest"),
  },
  // 200 against 204 with the same (empty) body: the length one sends and the other may not.
  { cause: (d) => d.kind === "status", follows: isDerived },
];

function asConsequence(d: Difference): Consequence {
  const { consequences: _nested, ...rest } = d;
  return rest;
}

/** The differences with each consequence nested under its cause, in the order they came. */
export function nestConsequences(differences: readonly Difference[]): { top: Difference[]; nested: Difference[] } {
  let top = differences.map((d) => ({ ...d }));
  const nested: Difference[] = [];
  for (const rule of CONSEQUENCE_RULES) {
    const cause = top.find(rule.cause);
    if (!cause) continue;
    const following = top.filter((d) => d !== cause && rule.follows(d));
    if (following.length === 0) continue;
    // A consequence's own consequences follow from the same cause: one level, never a tree.
    const moved = following.flatMap((d) => [asConsequence(d), ...(d.consequences ?? [])]);
    cause.consequences = [...(cause.consequences ?? []), ...moved];
    nested.push(...following);
    top = top.filter((d) => !following.includes(d));
  }
  return { top, nested };
}

/** Whether the two bodies differ at all, whatever the diff reported of them. */
function bodiesDiffer(left: Pick<SignalEnvelope, "body">, right: Pick<SignalEnvelope, "body">): boolean {
  return (left.body?.sha256 ?? "") !== (right.body?.sha256 ?? "");
}

/**
 * The diff with consequences grouped under their causes and the counts over causes only; derived
 * headers that follow from a body difference the diff left out are moved to `noise`. Any other
 * field of `found` is passed through untouched.
 */
export function groupConsequences<T extends { diff: DiffResult; noise: NoiseEntry[] }>(
  found: T,
  sides: { left: Pick<SignalEnvelope, "body">; right: Pick<SignalEnvelope, "body"> },
): T {
  const { top, nested } = nestConsequences(found.diff.differences);
  const leftOut =
    bodiesDiffer(sides.left, sides.right) && !top.some(isBody)
      ? top.filter((d) => isDerived(d) && !d.consequences)
      : [];
  const differences = top.filter((d) => !leftOut.includes(d));
  const removed = [...nested, ...leftOut];
  if (removed.length === 0) return found;

  const summary = { ...found.diff.summary };
  for (const d of removed) summary[d.severity] = Math.max(0, summary[d.severity] - 1);
  const total = Math.max(
    differences.length,
    (found.diff.summary.total ?? found.diff.differences.length) - removed.length,
  );
  summary.total = total;
  const noise = [...found.noise];
  const listed = new Set(noise.map((n) => `${n.side} ${n.path}`));
  for (const d of leftOut) {
    for (const side of ["left", "right"] as const) {
      if (!listed.has(`${side} ${d.path}`)) noise.push({ path: d.path, side });
    }
  }
  return { ...found, diff: { ...found.diff, identical: total === 0, differences, summary }, noise };
}
