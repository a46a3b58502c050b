/** Turns the object's rows into the ComparisonState the contract promises. */
import type { ComparisonRow, ProbeRow } from "../db/schema";
import { readerOptions } from "../secrets/reader-view";
import type { ComparisonState, ComparisonSummary } from "../shapes/comparison";
import type { SignalEnvelope } from "../shapes/envelope";
import type { CompareOptions } from "../shapes/options";
import type { ComparisonResult, Severity, SeverityCounts } from "../shapes/result";

export function toComparisonState(
  pairKey: string,
  row: ComparisonRow,
  probeRows: readonly Pick<ProbeRow, "side" | "envelopeJson">[],
): ComparisonState {
  const envelope = (side: "left" | "right"): SignalEnvelope | null => {
    const probe = probeRows.find((p) => p.side === side);
    return probe ? (JSON.parse(probe.envelopeJson) as SignalEnvelope) : null;
  };
  return {
    comparisonId: row.id,
    pairKey,
    status: row.status,
    leftUrl: row.leftUrl,
    rightUrl: row.rightUrl,
    // Names only, also for rows written when a list of names decided what was hidden.
    options: readerOptions(JSON.parse(row.optionsJson) as CompareOptions),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    probes: { left: envelope("left"), right: envelope("right") },
    result: row.resultJson === null ? null : (JSON.parse(row.resultJson) as ComparisonResult),
    error: row.errorJson === null ? null : (JSON.parse(row.errorJson) as ComparisonState["error"]),
    createdBy: row.createdBy,
  };
}

type SummaryRow = Pick<
  ComparisonRow,
  | "id"
  | "status"
  | "leftUrl"
  | "rightUrl"
  | "errorJson"
  | "createdAt"
  | "updatedAt"
  | "createdBy"
  | "highCount"
  | "mediumCount"
  | "lowCount"
  | "infoCount"
  | "identical"
> & { legacyResultJson: string | null };

/** The count columns as finishComparison binds them (SQLite stores booleans as 0/1). */
export interface StoredCounts {
  high: number | null;
  medium: number | null;
  low: number | null;
  info: number | null;
  identical: number | null;
}

export const NO_COUNTS: StoredCounts = { high: null, medium: null, low: null, info: null, identical: null };

export function countsOf(result: ComparisonResult): StoredCounts {
  const { high, medium, low, info } = result.diff.summary;
  return { high, medium, low, info, identical: result.diff.identical ? 1 : 0 };
}

const SEVERITY_ORDER: readonly Severity[] = ["high", "medium", "low", "info"];

/** A timeline entry from the count columns; result_json is parsed only for rows older than them. */
export function toComparisonSummary(row: SummaryRow): ComparisonSummary {
  let counts: SeverityCounts | null = null;
  let identical: boolean | null = null;
  if (row.highCount !== null) {
    counts = { high: row.highCount, medium: row.mediumCount ?? 0, low: row.lowCount ?? 0, info: row.infoCount ?? 0 };
    identical = row.identical ?? null;
  } else if (row.legacyResultJson !== null) {
    const { diff } = JSON.parse(row.legacyResultJson) as ComparisonResult;
    counts = { high: diff.summary.high, medium: diff.summary.medium, low: diff.summary.low, info: diff.summary.info };
    identical = diff.identical;
  }
  return {
    comparisonId: row.id,
    status: row.status,
    leftUrl: row.leftUrl,
    rightUrl: row.rightUrl,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    identical,
    summary: counts,
    severity: counts ? (SEVERITY_ORDER.find((s) => (counts as SeverityCounts)[s] > 0) ?? "none") : null,
    error: row.errorJson === null ? null : (JSON.parse(row.errorJson) as ComparisonSummary["error"]),
    createdBy: row.createdBy,
  };
}
