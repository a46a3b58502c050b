/**
 * What a run found, as every format prints it: one item per comparison (one for `compare`,
 * one per path for `suite`), the differences that fail the gate, and the verdict.
 */
import type { components } from "./api.js";
import { type Difference, type ExitCode, exitCode, failing, type Threshold } from "./gate.js";

export type ComparisonView = components["schemas"]["ComparisonStateSummary"];

export interface ReportItem {
  /** The path of a suite item, or "leftUrl vs rightUrl". */
  name: string;
  comparisonId: string;
  leftUrl: string;
  rightUrl: string;
  status: ComparisonView["status"];
  error: { code: string; message: string } | null;
  differences: Difference[];
  failing: Difference[];
  explanation: string | null;
}

export interface Report {
  title: string;
  failOn: Threshold;
  newOnly: boolean;
  items: ReportItem[];
  exitCode: ExitCode;
  verdict: "pass" | "fail" | "failed";
}

export function reportItem(state: ComparisonView, name: string, failOn: Threshold, newOnly: boolean): ReportItem {
  const differences = state.result?.diff.differences ?? [];
  return {
    name,
    comparisonId: state.comparisonId,
    leftUrl: state.leftUrl,
    rightUrl: state.rightUrl,
    status: state.status,
    error: state.error,
    differences,
    failing: failing(differences, failOn, newOnly),
    explanation: state.result?.explanation.summary ?? null,
  };
}

export function buildReport(title: string, items: ReportItem[], failOn: Threshold, newOnly: boolean): Report {
  const code = exitCode(items.map((i) => ({ failed: i.status !== "completed", failing: i.failing })));
  const verdict = code === 2 ? "failed" : code === 1 ? "fail" : "pass";
  return { title, failOn, newOnly, items, exitCode: code, verdict };
}

/** A difference's value, short enough for one line or one table cell. */
export function shortValue(value: unknown, max = 80): string {
  const text = value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function verdictLine(report: Report): string {
  const failingCount = report.items.reduce((n, i) => n + i.failing.length, 0);
  const failed = report.items.filter((i) => i.status !== "completed").length;
  const gate = `--fail-on ${report.failOn}${report.newOnly ? " --new-only" : ""}`;
  if (report.verdict === "failed") return `FAILED: ${failed} comparison(s) did not complete (${gate})`;
  if (report.verdict === "fail") return `FAIL: ${failingCount} difference(s) at or above ${report.failOn} (${gate})`;
  return `PASS (${gate})`;
}
