/**
 * The pair's recent comparisons as a compact timeline, newest first: when, identical or how many
 * differences, and the highest severity. Each entry opens that comparison; the one on show is
 * marked with aria-current.
 */
import type { ComparisonSummary } from "../../shapes/comparison";
import { formatRelative, formatTime, plural, totalDifferences } from "../format";
import type { PairHistory } from "../use-pair-history";
import { SeverityBadge, StatusBadge } from "./badges";

interface HistoryTimelineProps {
  history: PairHistory;
  currentId: string;
  onOpen: (comparisonId: string) => void;
}

function outcome(item: ComparisonSummary): string {
  if (item.status === "running") return "running…";
  if (item.status === "failed") return `failed${item.error ? `: ${item.error.code}` : ""}`;
  if (item.identical) return "identical";
  return item.summary ? plural(totalDifferences(item.summary), "difference") : "completed";
}

export function HistoryTimeline({ history, currentId, onOpen }: HistoryTimelineProps) {
  const { comparisons, capacity, unavailable } = history;
  return (
    <aside className="card history" aria-labelledby="history-title">
      <h2 id="history-title">This pair's history</h2>
      {unavailable ? <p className="muted">The history could not be read just now.</p> : null}
      {!unavailable && comparisons.length === 0 ? <p className="muted">Loading…</p> : null}
      <ol className="timeline">
        {comparisons.map((item) => {
          const current = item.comparisonId === currentId;
          return (
            <li key={item.comparisonId} className={current ? "current" : undefined}>
              <button
                type="button"
                className="timeline-entry"
                aria-current={current ? "true" : undefined}
                onClick={() => onOpen(item.comparisonId)}
              >
                <time dateTime={item.createdAt} title={formatTime(item.createdAt)}>
                  {formatRelative(item.createdAt)}
                </time>
                <span className="timeline-outcome">{outcome(item)}</span>
                {item.status === "completed" && item.severity ? (
                  <SeverityBadge severity={item.severity} />
                ) : (
                  <StatusBadge status={item.status} />
                )}
              </button>
            </li>
          );
        })}
      </ol>
      {capacity !== null ? <p className="muted small">The last {capacity} comparisons of a pair are kept.</p> : null}
    </aside>
  );
}
