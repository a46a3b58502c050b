/**
 * The pair's recent comparisons as a compact timeline, newest first: when, identical or how many
 * differences, and the highest severity. Each entry opens that comparison; the one on show is
 * marked with aria-current. Beside a comparison it links to the pair's own view (watch, drift events).
 */
import type { ComparisonSummary } from "../../shapes/comparison";
import { formatRelative, formatTime, plural, totalDifferences } from "../format";
import type { PairHistory } from "../use-pair-history";
import type { View } from "../use-url-view";
import { SeverityBadge, StatusBadge } from "./badges";
import { ViewLink } from "./view-link";

interface HistoryTimelineProps {
  history: PairHistory;
  /** The comparison on show, if any (none on the pair's own view). */
  currentId: string | null;
  onOpen: (comparisonId: string) => void;
  /** Given beside a comparison: a link to its pair's view. */
  pairKey?: string;
  onNavigate?: (view: View) => void;
}

function outcome(item: ComparisonSummary): string {
  if (item.status === "running") return "running…";
  if (item.status === "failed") return `failed${item.error ? `: ${item.error.code}` : ""}`;
  if (item.identical) return "identical";
  return item.summary ? plural(totalDifferences(item.summary), "difference") : "completed";
}

export function HistoryTimeline({ history, currentId, onOpen, pairKey, onNavigate }: HistoryTimelineProps) {
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
                <time
                  dateTime={item.createdAt}
                  title={`${formatTime(item.createdAt)}${item.createdBy ? ` · by ${item.createdBy}` : ""}`}
                >
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
      {pairKey && onNavigate ? (
        <p className="history-pair-link small">
          <ViewLink to={{ kind: "pair", pairKey }} onNavigate={onNavigate}>
            Watch this pair and see its drift events
          </ViewLink>
        </p>
      ) : null}
    </aside>
  );
}
