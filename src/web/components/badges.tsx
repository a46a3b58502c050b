/**
 * Small labels used across the page. Each says its meaning in words as well as in colour, so
 * severity and status read the same to everyone (and to screen readers and monochrome prints).
 */
import type { ComparisonState } from "../../shapes/comparison";
import type { Explanation, HistoryMark, Severity, SeverityCounts } from "../../shapes/result";

type AnySeverity = Severity | Explanation["severity"];

const SEVERITY_ICON: Record<AnySeverity, string> = {
  high: "▲",
  medium: "◆",
  low: "●",
  info: "○",
  none: "✓",
};

interface SeverityBadgeProps {
  severity: AnySeverity;
  prefix?: string;
  /** The word shown; the severity's own name unless given. */
  label?: string;
}

export function SeverityBadge({ severity, prefix, label }: SeverityBadgeProps) {
  return (
    <span className={`badge severity severity-${severity}`}>
      <span aria-hidden="true">{SEVERITY_ICON[severity]}</span> {prefix}
      {label ?? severity}
    </span>
  );
}

const SEVERITIES: Severity[] = ["high", "medium", "low", "info"];

/**
 * A comparison's differences by severity, e.g. "▲ 1 high" "● 2 low"; "✓ identical" when there are
 * none, and the failed status instead when the comparison failed (its counts are all zero then).
 */
export function CountBadges({ counts, status }: { counts: SeverityCounts; status: ComparisonState["status"] }) {
  if (status !== "completed") return <StatusBadge status={status} />;
  const present = SEVERITIES.filter((severity) => counts[severity] > 0);
  if (present.length === 0) return <SeverityBadge severity="none" prefix="" label="identical" />;
  return (
    <span className="count-badges">
      {present.map((severity) => (
        <SeverityBadge key={severity} severity={severity} prefix={`${counts[severity]} `} />
      ))}
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
