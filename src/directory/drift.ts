/**
 * Drift events, pure: what one completed comparison tells a watcher. `new_high` lists the
 * high-severity differences marked `new`; `resolved` lists the high-severity differences of
 * the previous completed comparison that are gone now (the result's `resolved` names them by
 * kind + path, the previous comparison says which of them were high).
 */
import type { ComparisonState } from "../shapes/comparison";
import type { ComparisonResult } from "../shapes/result";
import type { NewEvent } from "./store";

/** Paths listed per event: enough to act on, bounded so a webhook body stays small. */
export const MAX_EVENT_ITEMS = 20;

export function driftEvents(
  comparisonId: string,
  result: ComparisonResult,
  previous: ComparisonState | null,
): NewEvent[] {
  const found: NewEvent[] = [];
  const newHigh = result.diff.differences.filter((d) => d.severity === "high" && d.history === "new");
  if (newHigh.length > 0) {
    const differences = newHigh
      .slice(0, MAX_EVENT_ITEMS)
      .map(({ kind, path, left, right }) => ({ kind, path, left, right }));
    found.push({ kind: "new_high", comparisonId, detail: { count: newHigh.length, differences } });
  }
  const wasHigh = new Set(
    (previous?.result?.diff.differences ?? []).filter((d) => d.severity === "high").map((d) => `${d.kind} ${d.path}`),
  );
  const resolvedHigh = result.resolved.filter((r) => wasHigh.has(`${r.kind} ${r.path}`));
  if (resolvedHigh.length > 0) {
    found.push({
      kind: "resolved",
      comparisonId,
      detail: { count: resolvedHigh.length, resolved: resolvedHigh.slice(0, MAX_EVENT_ITEMS) },
    });
  }
  return found;
}
