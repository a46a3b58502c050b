/**
 * What a chat message about drift says, before any chat's format (slack-message.ts,
 * teams-message.ts): both environments (labels and URLs or bases), the verdict (inconclusive
 * included), the severity counts (causes only: a consequence is counted and listed under its
 * cause, never beside it), what changed (new differences first, then by severity, cut to a few
 * with the number left out), and where the page shows it all. Built from a pair's comparison or a
 * suite's run, without I/O. The strings here are raw: each renderer neutralises them for its markup.
 */
import { type SideLabels, sideLabels } from "../explain/labels";
import type { CompareOptions } from "../shapes/options";
import type { ComparisonResult, Difference, Severity, SeverityCounts } from "../shapes/result";
import type { SuiteRun, SuiteVerdict } from "../shapes/suite";

/** Changes a message lists at most; the rest are counted. */
export const MAX_CHANGES = 8;

const SEVERITY_ORDER: Severity[] = ["high", "medium", "low", "info"];
const rank = (severity: Severity | null) =>
  severity === null ? SEVERITY_ORDER.length : SEVERITY_ORDER.indexOf(severity);

export interface MessageSide {
  label: string;
  /** The pair's URL, or the suite's base. */
  url: string;
}

/** One listed change: a pair's difference (with its values) or a suite's differing path (with its counts). */
export interface MessageChange {
  severity: Severity | null;
  isNew: boolean;
  /** What differs: `status`, `header`, `body`, … for a pair; `path` for a suite's path. */
  kind: string;
  /** Where: a JSON pointer or header name for a pair, the path compared for a suite. From the target. */
  where: string;
  /** The values as JSON literals (`"null"` vs `null`); null where there is none (added, removed, a suite). */
  left: string | null;
  right: string | null;
  /** Differences that follow from this one: counted here, never listed as its peers. */
  consequences: number;
  /** A suite path's counts, e.g. "2 high, 1 low"; null for a pair's difference. */
  note: string | null;
}

export interface DriftMessage {
  subject:
    | { kind: "pair"; pairKey: string; comparisonId: string }
    | { kind: "suite"; suiteId: string; name: string | null; runNumber: number | null };
  left: MessageSide;
  right: MessageSide;
  verdict: SuiteVerdict;
  /** Causes only. */
  counts: SeverityCounts;
  /** The drift this message is about: high differences that are new, and those now resolved. */
  drift: { newHigh: number; resolvedHigh: number };
  changes: MessageChange[];
  /** Changes not listed (past MAX_CHANGES). */
  unlisted: number;
  /** Why the verdict is inconclusive, one line each; empty otherwise. */
  inconclusive: string[];
  /** A suite's paths in a line ("12 paths: 3 different, 1 inconclusive"); null for a pair. */
  scope: string | null;
  /** The page: where the message's link goes; null when the watch's page origin is unknown. */
  pageUrl: string | null;
}

/** New first, then by severity, each group in the order given. */
function byNewThenSeverity<T extends { isNew: boolean; severity: Severity | null }>(changes: T[]): T[] {
  return changes
    .map((change, i) => ({ change, i }))
    .sort(
      (a, b) =>
        Number(b.change.isNew) - Number(a.change.isNew) ||
        rank(a.change.severity) - rank(b.change.severity) ||
        a.i - b.i,
    )
    .map(({ change }) => change);
}

const literal = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

function differenceChange(d: Difference): MessageChange {
  return {
    severity: d.severity,
    isNew: d.history === "new",
    kind: d.kind === "body" || d.kind === "header" ? `${d.kind} ${d.change}` : d.kind,
    where: d.change === "renamed" && d.leftPath && d.rightPath ? `${d.leftPath} → ${d.rightPath}` : d.path,
    left: d.change === "added" ? null : literal(d.left),
    right: d.change === "removed" ? null : literal(d.right),
    consequences: d.consequences?.length ?? 0,
    note: null,
  };
}

/** The page's address for a view (src/web/view.ts), under the origin the watch was set from. */
export function pageUrl(origin: string | null, query: Record<string, string>): string | null {
  const base = origin === null ? null : URL.parse(origin);
  if (!base || (base.protocol !== "https:" && base.protocol !== "http:")) return null;
  return `${base.origin}/?${new URLSearchParams(query)}`;
}

function listed(all: MessageChange[]): Pick<DriftMessage, "changes" | "unlisted"> {
  const sorted = byNewThenSeverity(all);
  return { changes: sorted.slice(0, MAX_CHANGES), unlisted: Math.max(0, sorted.length - MAX_CHANGES) };
}

function sides(
  leftUrl: string,
  rightUrl: string,
  options: Partial<CompareOptions>,
): Pick<DriftMessage, "left" | "right"> {
  const labels: SideLabels = sideLabels(leftUrl, rightUrl, options);
  return { left: { label: labels.left, url: leftUrl }, right: { label: labels.right, url: rightUrl } };
}

export interface PairDrift {
  pairKey: string;
  comparisonId: string;
  leftUrl: string;
  rightUrl: string;
  options: Partial<CompareOptions>;
  /** Null when the comparison failed or left the pair's ring. */
  result: ComparisonResult | null;
  drift: DriftMessage["drift"];
  pageOrigin: string | null;
}

/** A pair's comparison as a message: its differences (causes, new first), counts and verdict. */
export function pairDriftMessage(pair: PairDrift): DriftMessage {
  const { result } = pair;
  const counts = result ? pickCounts(result.diff.summary) : { high: 0, medium: 0, low: 0, info: 0 };
  const verdict: SuiteVerdict = !result
    ? "failed"
    : (result.verdict ?? (result.diff.identical ? "identical" : "different"));
  return {
    subject: { kind: "pair", pairKey: pair.pairKey, comparisonId: pair.comparisonId },
    ...sides(pair.leftUrl, pair.rightUrl, pair.options),
    verdict,
    counts,
    drift: pair.drift,
    ...listed((result?.diff.differences ?? []).map(differenceChange)),
    inconclusive: (result?.inconclusive ?? []).map((r) =>
      [r.reason.replace(/_/g, " "), r.path, r.side].filter((part) => part !== undefined).join(" · "),
    ),
    scope: null,
    pageUrl: pageUrl(pair.pageOrigin, { id: pair.comparisonId }),
  };
}

const pickCounts = ({ high, medium, low, info }: SeverityCounts): SeverityCounts => ({ high, medium, low, info });

/** "2 high, 1 low": the non-zero counts, highest first; "none" when all are zero. */
export function countsText(counts: SeverityCounts): string {
  const parts = SEVERITY_ORDER.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}

export interface SuiteDriftInput {
  suiteId: string;
  name: string | null;
  leftBase: string;
  rightBase: string;
  options: Partial<CompareOptions>;
  run: SuiteRun;
  /** The run's number within its suite (from its row); null when unknown. */
  runNumber: number | null;
  pageOrigin: string | null;
}

/** A suite run as a message: the paths that differ (newly first), the run's totals and verdict. */
export function suiteDriftMessage(suite: SuiteDriftInput): DriftMessage {
  const { run } = suite;
  const { totals } = run;
  const differing = run.items.filter((item) => item.highest !== null);
  const scope = [
    `${totals.paths} paths`,
    `${totals.different} different`,
    ...(totals.inconclusive > 0 ? [`${totals.inconclusive} inconclusive`] : []),
    ...(totals.failed > 0 ? [`${totals.failed} failed`] : []),
  ].join(", ");
  return {
    subject: { kind: "suite", suiteId: suite.suiteId, name: suite.name, runNumber: suite.runNumber },
    ...sides(suite.leftBase, suite.rightBase, suite.options),
    verdict: run.verdict,
    counts: totals.differences,
    drift: { newHigh: run.drift?.newHigh.length ?? 0, resolvedHigh: run.drift?.resolvedHigh.length ?? 0 },
    ...listed(
      differing.map((item) => ({
        severity: item.highest,
        isNew: item.history === "new",
        kind: "path",
        where: item.path,
        left: null,
        right: null,
        consequences: 0,
        note: countsText(item.counts),
      })),
    ),
    inconclusive: run.items
      .filter((item) => item.verdict === "inconclusive")
      .map((item) => `inconclusive: ${item.path}`),
    scope,
    pageUrl: pageUrl(suite.pageOrigin, { suite: suite.suiteId }),
  };
}

/** The message's first line, in words: the same for every chat. */
export function headline(message: DriftMessage): string {
  const pair = `${message.left.label} vs ${message.right.label}`;
  const what = message.subject.kind === "suite" ? `suite ${message.subject.name ?? pair}` : pair;
  if (message.drift.newHigh > 0) return `New high drift: ${what}`;
  if (message.verdict === "inconclusive") return `Inconclusive: ${what}`;
  if (message.drift.resolvedHigh > 0) return `Drift resolved: ${what}`;
  return `Drift: ${what}`;
}
