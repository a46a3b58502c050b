/**
 * What a run found, as every format prints it: one item per comparison (one for `compare`, one per
 * path for `suite`, the items of every check for `check`), the differences that fail the gate, the
 * counts by severity (causes only), and the verdict.
 */
import { type ExitCode, exitCode, failing, type Gate, type Threshold } from "./gate.js";
import {
  type ComparisonView,
  type Difference,
  type InconclusiveReason,
  readResult,
  type TimingVerdict,
  type Verdict,
} from "./result-view.js";

export interface ReportItem {
  /** The config check it belongs to (`envdiff check`); null for `compare`, `suite` and `get`. */
  check: string | null;
  /** The path of a suite item, or "leftUrl vs rightUrl". */
  name: string;
  comparisonId: string;
  leftUrl: string;
  rightUrl: string;
  status: ComparisonView["status"];
  /** identical, different or inconclusive; null when the comparison failed. */
  verdict: Verdict | null;
  error: { code: string; message: string } | null;
  /** Causes; each may hold its `consequences`. */
  differences: Difference[];
  failing: Difference[];
  inconclusive: InconclusiveReason[];
  timing: TimingVerdict | null;
  explanation: string | null;
}

export interface SeverityCounts {
  high: number;
  medium: number;
  low: number;
  info: number;
}

export type RunVerdict = "pass" | "fail" | "failed" | "inconclusive";

export interface Report {
  title: string;
  failOn: Threshold;
  newOnly: boolean;
  failOnInconclusive: boolean;
  /** Differences of every item by severity, causes only. */
  counts: SeverityCounts;
  items: ReportItem[];
  exitCode: ExitCode;
  verdict: RunVerdict;
}

export interface Target {
  check: string | null;
  name: string;
  comparisonId: string;
}

export function reportItem(state: ComparisonView, target: Target, gate: Gate): ReportItem {
  const result = readResult(state);
  return {
    check: target.check,
    name: target.name,
    comparisonId: state.comparisonId,
    leftUrl: state.leftUrl,
    rightUrl: state.rightUrl,
    status: state.status,
    verdict: result.verdict,
    error: state.error,
    differences: result.differences,
    failing: failing(result.differences, gate.failOn, gate.newOnly),
    inconclusive: result.inconclusive,
    timing: result.timing,
    explanation: result.explanation,
  };
}

const VERDICT_OF_EXIT: Record<ExitCode, RunVerdict> = {
  0: "pass",
  1: "fail",
  2: "failed",
  3: "failed",
  4: "inconclusive",
};

export function buildReport(title: string, items: ReportItem[], gate: Gate): Report {
  const code = exitCode(
    items.map((i) => ({
      failed: i.status !== "completed",
      failing: i.failing,
      inconclusive: i.verdict === "inconclusive",
    })),
    gate.failOnInconclusive,
  );
  const counts: SeverityCounts = { high: 0, medium: 0, low: 0, info: 0 };
  for (const item of items) for (const d of item.differences) counts[d.severity] += 1;
  return {
    title,
    failOn: gate.failOn,
    newOnly: gate.newOnly,
    failOnInconclusive: gate.failOnInconclusive,
    counts,
    items,
    exitCode: code,
    verdict: VERDICT_OF_EXIT[code],
  };
}

export function countsLine(counts: SeverityCounts): string {
  return `high ${counts.high} · medium ${counts.medium} · low ${counts.low} · info ${counts.info}`;
}

export function verdictLine(report: Report): string {
  const failingCount = report.items.reduce((n, i) => n + i.failing.length, 0);
  const failed = report.items.filter((i) => i.status !== "completed").length;
  const inconclusive = report.items.filter((i) => i.verdict === "inconclusive").length;
  const gate = `--fail-on ${report.failOn}${report.newOnly ? " --new-only" : ""}${
    report.failOnInconclusive ? " --fail-on-inconclusive" : ""
  }`;
  if (report.verdict === "failed") return `FAILED: ${failed} comparison(s) did not complete (${gate})`;
  if (report.verdict === "fail") return `FAIL: ${failingCount} difference(s) at or above ${report.failOn} (${gate})`;
  if (report.verdict === "inconclusive")
    return `INCONCLUSIVE: ${inconclusive} comparison(s) could not decide (${gate})`;
  const unjudged = inconclusive > 0 ? ` · ${inconclusive} inconclusive, not gated without --fail-on-inconclusive` : "";
  return `PASS (${gate})${unjudged}`;
}
