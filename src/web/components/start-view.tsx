/**
 * The start view, below the form when no comparison is open: "Your environments", every pair
 * compared so far from the pair directory, most recently compared first, a page at a time. With
 * none yet it says so and shows how envdiff works instead.
 */
import { usePairList } from "../use-pair-list";
import type { View } from "../use-url-view";
import { Intro } from "./intro";
import { PairRow } from "./pair-row";
import { SuiteList } from "./suite-list";

export function StartView({ onNavigate }: { onNavigate: (view: View) => void }) {
  const { list, loadMore, retry } = usePairList();
  const { pairs, status, failure, nextCursor, loadingMore } = list;

  return (
    <>
      <SuiteList onNavigate={onNavigate} />
      <section className="card pairs" aria-labelledby="pairs-title" aria-busy={status === "loading" || undefined}>
        <header className="pairs-head">
          <h2 id="pairs-title">Your environments</h2>
          {pairs.length > 0 ? <p className="muted small">Most recently compared first</p> : null}
        </header>
        {status === "loading" ? (
          <p className="muted">
            <span className="spinner" aria-hidden="true" /> Loading your pairs…
          </p>
        ) : null}
        {status === "ready" && pairs.length === 0 ? (
          <p className="pairs-empty">
            No pairs yet. Compare two URLs above: each pair you compare is listed here with its latest result, and you
            can watch it to have it compared on a schedule.
          </p>
        ) : null}
        {pairs.length > 0 ? (
          <>
            <div className="pair-columns" aria-hidden="true">
              <span>Left → right</span>
              <span>Last compared</span>
              <span>Last result</span>
              <span>Watch</span>
            </div>
            <ul className="pair-list">
              {pairs.map((pair) => (
                <PairRow key={pair.pairKey} pair={pair} onNavigate={onNavigate} />
              ))}
            </ul>
          </>
        ) : null}
        {failure ? (
          <p className="form-error" role="alert">
            <span aria-hidden="true">⚠ </span>
            {failure.message}{" "}
            {status === "failed" ? (
              <button type="button" className="link" onClick={retry}>
                Try again
              </button>
            ) : null}
          </p>
        ) : null}
        {nextCursor !== null ? (
          <div className="pairs-more">
            <button
              type="button"
              className="secondary"
              onClick={loadMore}
              disabled={loadingMore}
              aria-busy={loadingMore || undefined}
            >
              {loadingMore ? "Loading…" : "Load more"}
            </button>
          </div>
        ) : null}
      </section>
      {status === "ready" && pairs.length === 0 ? <Intro /> : null}
    </>
  );
}
