/**
 * A run's rows → what GET /api/suites/:suiteId shows, pure: each path's highest severity and
 * history, the run's totals and verdict, and the order the table is shown in.
 */
import type { SuiteItemRow } from "../db/d1-schema";
import type { Severity, Verdict } from "../shapes/result";
import type { PathHistory, SuiteItem, SuiteTotals, SuiteVerdict } from "../shapes/suite";
import type { PlannedItem } from "./item-ids";
import { joinPath } from "./paths";

const SEVERITY_ORDER: readonly Severity[] = ["high", "medium", "low", "info"];

export function highestOf(row: Pick<SuiteItemRow, Severity>): Severity | null {
  return SEVERITY_ORDER.find((severity) => row[severity] > 0) ?? null;
}

export function historyOf(row: SuiteItemRow): PathHistory | null {
  if (row.status !== "completed") return null;
  if (row.newCount > 0) return "new";
  if (highestOf(row) !== null) return "recurring";
  return row.resolvedCount > 0 ? "resolved" : "clean";
}

/** The comparison's verdict as the item row keeps it; null while running or failed. */
export function itemVerdict(row: SuiteItemRow): Verdict | null {
  if (row.status !== "completed") return null;
  if (row.inconclusive) return "inconclusive";
  return highestOf(row) === null ? "identical" : "different";
}

export function toSuiteItem(row: SuiteItemRow, leftBase: string, rightBase: string): SuiteItem {
  return {
    path: row.path,
    leftUrl: joinPath(leftBase, row.path),
    rightUrl: joinPath(rightBase, row.path),
    pairKey: row.pairKey,
    comparisonId: row.comparisonId,
    status: row.status,
    highest: row.status === "completed" ? highestOf(row) : null,
    counts: { high: row.high, medium: row.medium, low: row.low, info: row.info },
    new: row.newCount,
    recurring: row.recurringCount,
    resolved: row.resolvedCount,
    history: historyOf(row),
    verdict: itemVerdict(row),
  };
}

/** A path that has not ended: no item row yet, its names derived (src/suites/item-ids.ts). */
export function runningItem(item: PlannedItem): SuiteItem {
  return {
    ...item,
    status: "running",
    highest: null,
    counts: { high: 0, medium: 0, low: 0, info: 0 },
    new: 0,
    recurring: 0,
    resolved: 0,
    history: null,
    verdict: null,
  };
}

/** Table order: high first, then failed, medium, low, info, identical, running; the list's order breaks ties. */
export function sortRank(item: SuiteItem): number {
  if (item.status === "running") return 6;
  if (item.status === "failed") return 1;
  if (item.highest === null) return 5;
  return item.highest === "high" ? 0 : SEVERITY_ORDER.indexOf(item.highest) + 1;
}

export function sortBySeverity(items: SuiteItem[]): SuiteItem[] {
  return items
    .map((item, position) => ({ item, position }))
    .sort((a, b) => sortRank(a.item) - sortRank(b.item) || a.position - b.position)
    .map(({ item }) => item);
}

export function totalsOf(items: readonly SuiteItem[]): SuiteTotals {
  const totals: SuiteTotals = {
    paths: items.length,
    running: 0,
    failed: 0,
    identical: 0,
    different: 0,
    inconclusive: 0,
    differences: { high: 0, medium: 0, low: 0, info: 0 },
    new: 0,
    resolved: 0,
  };
  for (const item of items) {
    if (item.status === "running") totals.running++;
    else if (item.status === "failed") totals.failed++;
    else if (item.verdict === "inconclusive") totals.inconclusive++;
    else if (item.highest === null) totals.identical++;
    else totals.different++;
    for (const severity of SEVERITY_ORDER) totals.differences[severity] += item.counts[severity];
    totals.new += item.new;
    totals.resolved += item.resolved;
  }
  return totals;
}

/** The worst path decides: any still running → running; then failed, different, inconclusive, identical. */
export function verdictOf(totals: SuiteTotals): SuiteVerdict {
  if (totals.running > 0) return "running";
  if (totals.failed > 0) return "failed";
  if (totals.different > 0) return "different";
  return totals.inconclusive > 0 ? "inconclusive" : "identical";
}
