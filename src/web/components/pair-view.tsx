/**
 * One pair's own view (`/?pair=<pairKey>`): both URLs, what its latest comparison found, its
 * watch and its drift events; the timeline beside it (in the app) opens any kept comparison.
 */
import type { Watch } from "../../shapes/pair";
import { formatRelative, formatTime } from "../format";
import type { PairDetailState } from "../use-pair-detail";
import type { View } from "../use-url-view";
import { CountBadges } from "./badges";
import { DriftEvents } from "./drift-events";
import { ViewLink } from "./view-link";
import { WatchControl, WatchSummary } from "./watch-control";

interface PairViewProps {
  state: PairDetailState;
  onWatchChange: (watch: Watch | null) => void;
  onNavigate: (view: View) => void;
  /** Whether the identity may set or stop the watch (admin scope). */
  canWatch?: boolean;
}

function Missing({ message, onNavigate }: { message: string; onNavigate: (view: View) => void }) {
  return (
    <section className="card pair-view">
      <p className="form-error" role="alert">
        <span aria-hidden="true">⚠ </span>
        {message}
      </p>
      <p>
        <ViewLink to={{ kind: "start" }} onNavigate={onNavigate}>
          Back to your environments
        </ViewLink>
      </p>
    </section>
  );
}

export function PairView({ state, onWatchChange, onNavigate, canWatch = true }: PairViewProps) {
  const { detail, failure } = state;
  if (failure) {
    const message =
      failure.code === "not_found"
        ? "This pair is not in the directory: it was never compared here, or the link is wrong."
        : failure.code === "invalid_request"
          ? "This link does not point to a pair: its key is malformed."
          : failure.message;
    return <Missing message={message} onNavigate={onNavigate} />;
  }
  if (!detail) {
    return (
      <section className="card pair-view" aria-busy="true">
        <p className="muted">
          <span className="spinner" aria-hidden="true" /> Loading the pair…
        </p>
      </section>
    );
  }

  const { pair, events } = detail;
  return (
    <section className="card pair-view" aria-labelledby="pair-title">
      <header className="comparison-head">
        <div>
          <h2 id="pair-title">Environment pair</h2>
          <p className="muted small">
            First compared <time title={formatTime(pair.firstComparedAt)}>{formatRelative(pair.firstComparedAt)}</time>
          </p>
        </div>
        <dl className="targets">
          <div>
            <dt>Left</dt>
            <dd className="break" title={pair.leftUrl}>
              {pair.leftUrl}
            </dd>
          </div>
          <div>
            <dt>Right</dt>
            <dd className="break" title={pair.rightUrl}>
              {pair.rightUrl}
            </dd>
          </div>
        </dl>
      </header>
      <div className="pair-latest">
        <span>
          Last compared{" "}
          <time dateTime={pair.lastComparedAt} title={formatTime(pair.lastComparedAt)}>
            {formatRelative(pair.lastComparedAt)}
          </time>
          :
        </span>
        <CountBadges counts={pair.lastSummary} status={pair.lastStatus} />
        <ViewLink to={{ kind: "comparison", id: pair.lastComparisonId }} onNavigate={onNavigate}>
          Open the latest comparison
        </ViewLink>
      </div>
      <div className="pair-sections">
        {canWatch ? (
          <WatchControl
            key={pair.pairKey}
            owner={{ kind: "pair", pairKey: pair.pairKey, onChange: onWatchChange }}
            watch={pair.watch}
          />
        ) : (
          <WatchSummary watch={pair.watch} />
        )}
        <DriftEvents events={events} watched={pair.watch?.enabled ?? false} onNavigate={onNavigate} />
      </div>
    </section>
  );
}
