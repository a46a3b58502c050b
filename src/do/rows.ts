/** Turns the object's rows into the ComparisonState the contract promises. */
import type { ComparisonRow, ProbeRow } from "../db/schema";
import type { ComparisonState, ComparisonSummary } from "../shapes/comparison";
import type { SignalEnvelope } from "../shapes/envelope";
import type { CompareOptions } from "../shapes/options";
import type { ComparisonResult, Severity } from "../shapes/result";

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
    options: JSON.parse(row.optionsJson) as CompareOptions,
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
  "id" | "status" | "leftUrl" | "rightUrl" | "resultJson" | "errorJson" | "createdAt" | "updatedAt" | "createdBy"
>;

const SEVERITY_ORDER: readonly Severity[] = ["high", "medium", "low", "info"];

export function toComparisonSummary(row: SummaryRow): ComparisonSummary {
  const result = row.resultJson === null ? null : (JSON.parse(row.resultJson) as ComparisonResult);
  const counts = result ? result.diff.summary : null;
  return {
    comparisonId: row.id,
    status: row.status,
    leftUrl: row.leftUrl,
    rightUrl: row.rightUrl,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    identical: result ? result.diff.identical : null,
    summary: counts ? { high: counts.high, medium: counts.medium, low: counts.low, info: counts.info } : null,
    severity: counts ? (SEVERITY_ORDER.find((s) => counts[s] > 0) ?? "none") : null,
    error: row.errorJson === null ? null : (JSON.parse(row.errorJson) as ComparisonSummary["error"]),
    createdBy: row.createdBy,
  };
}
