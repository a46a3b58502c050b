/**
 * Small builders for Differences, DiffResults and completed comparisons, so explain tests
 * read as the situation they describe ("status 200 vs 503, recurring") rather than as JSON.
 */
import type { ComparisonState } from "../../src/shapes/comparison";
import type { JsonValue } from "../../src/shapes/json";
import { resolveOptions } from "../../src/shapes/options";
import type { Difference, DiffResult, Severity } from "../../src/shapes/result";

type Extra = Partial<Omit<Difference, "kind" | "path" | "left" | "right">>;

export function difference(
  kind: Difference["kind"],
  path: string,
  left: JsonValue,
  right: JsonValue,
  extra: Extra = {},
): Difference {
  const change = left === null ? "added" : right === null ? "removed" : "changed";
  return { kind, path, change, left, right, severity: "low", history: "new", ...extra };
}

export const status = (left: number, right: number, extra: Extra = {}) =>
  difference("status", "/status", left, right, { severity: "high", ...extra });

export const header = (name: string, left: string | null, right: string | null, extra: Extra = {}) =>
  difference("header", `/headers/${name}`, left, right, { severity: "medium", ...extra });

/** `pointer` is inside the JSON body, e.g. "/meta/requestId". */
export const json = (pointer: string, left: JsonValue, right: JsonValue, extra: Extra = {}) =>
  difference("body", `/body/json${pointer}`, left, right, { severity: "low", ...extra });

export const timing = (left: number, right: number, extra: Extra = {}) =>
  difference("timing", "/timing/totalMs", left, right, { severity: "info", ...extra });

export function diffOf(...differences: Difference[]): DiffResult {
  const summary = { high: 0, medium: 0, low: 0, info: 0 };
  for (const d of differences) summary[d.severity as Severity] += 1;
  return { identical: differences.length === 0, differences, summary: { ...summary, total: differences.length } };
}

export const LEFT = "https://staging.example.com/api";
export const RIGHT = "https://prod.example.com/api";

let counter = 0;

/** A completed comparison as `getComparisonsForHistory` returns it (probes null). */
export function completed(
  differences: Difference[],
  urls: { leftUrl?: string; rightUrl?: string } = {},
  status: ComparisonState["status"] = "completed",
): ComparisonState {
  counter += 1;
  const at = new Date(Date.UTC(2026, 0, 1, 0, counter)).toISOString();
  return {
    comparisonId: `${"a".repeat(64)}:00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    pairKey: "a".repeat(64),
    status,
    leftUrl: urls.leftUrl ?? LEFT,
    rightUrl: urls.rightUrl ?? RIGHT,
    options: resolveOptions(undefined),
    createdAt: at,
    updatedAt: at,
    probes: { left: null, right: null },
    createdBy: null,
    result:
      status === "completed"
        ? {
            diff: diffOf(...differences),
            resolved: [],
            explanation: { source: "rules", summary: "", severity: "none" },
          }
        : null,
    error: null,
  };
}

/** The current run as the workflow hands it to classifyHistory. */
export function current(differences: Difference[], urls: { leftUrl?: string; rightUrl?: string } = {}) {
  return { leftUrl: urls.leftUrl ?? LEFT, rightUrl: urls.rightUrl ?? RIGHT, diff: diffOf(...differences) };
}

/** The marks of a classified diff, keyed by path, for compact assertions. */
export function marks(diff: DiffResult): Record<string, Difference["history"]> {
  return Object.fromEntries(diff.differences.map((d) => [d.path, d.history]));
}
