/**
 * Small labels used across the page. Each says its meaning in words as well as in colour, so
 * severity and status read the same to everyone (and to screen readers and monochrome prints).
 */
import type { ComparisonState } from "../../shapes/comparison";
import type { Explanation, HistoryMark, Severity } from "../../shapes/result";

type AnySeverity = Severity | Explanation["severity"];

const SEVERITY_ICON: Record<AnySeverity, string> = {
  high: "▲",
  medium: "◆",
  low: "●",
  info: "○",
  none: "✓",
};

export function SeverityBadge({ severity, prefix }: { severity: AnySeverity; prefix?: string }) {
  return (
    <span className={`badge severity severity-${severity}`}>
      <span aria-hidden="true">{SEVERITY_ICON[severity]}</span> {prefix}
      {severity}
    </span>
  );
}

const STATUS_TEXT: Record<ComparisonState["status"], string> = {
  running: "running",
  completed: "completed",
  failed: "failed",
};

export function StatusBadge({ status }: { status: ComparisonState["status"] }) {
  return (
    <span className={`badge status status-${status}`}>
      {status === "running" ? <span className="spinner" aria-hidden="true" /> : null}
      {STATUS_TEXT[status]}
    </span>
  );
}

const HISTORY_TITLE: Record<HistoryMark, string> = {
  new: "Not in the previous comparison of this pair",
  recurring: "Also in the previous comparison, with the same kind and path",
  flapping: "Its value keeps changing from run to run: probably noise",
};

export function HistoryBadge({ mark }: { mark: HistoryMark }) {
  return (
    <span className={`badge history history-${mark}`} title={HISTORY_TITLE[mark]}>
      {mark}
    </span>
  );
}
