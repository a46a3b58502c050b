/** The start view's suites, beside the pairs: each opens its newest run; a button starts a new one. */
import { useEffect, useState } from "react";
import { formatRelative } from "../format";
import { listSuites, type SuiteSummary } from "../suite-client";
import type { View } from "../use-url-view";
import { ViewLink } from "./view-link";

export function SuiteList({ onNavigate }: { onNavigate: (view: View) => void }) {
  const [suites, setSuites] = useState<SuiteSummary[] | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    listSuites(20, abort.signal).then(
      (page) => setSuites(page.suites),
      () => setSuites([]),
    );
    return () => abort.abort();
  }, []);

  return (
    <section className="card pairs suite-list" aria-labelledby="suites-title">
      <header className="pairs-head">
        <h2 id="suites-title">Environment suites</h2>
        <ViewLink to={{ kind: "environments" }} onNavigate={onNavigate} className="button secondary">
          Compare environments
        </ViewLink>
      </header>
      {suites !== null && suites.length === 0 ? (
        <p className="pairs-empty">No suites yet: compare two base URLs over many paths at once.</p>
      ) : null}
      <ul className="pair-list">
        {(suites ?? []).map((suite) => (
          <li key={suite.suiteId}>
            <ViewLink
              to={{ kind: "suite", suiteId: suite.suiteId }}
              onNavigate={onNavigate}
              className="pair-row suite-row"
            >
              <span className="pair-url">{suite.name ?? `${suite.leftBase} → ${suite.rightBase}`}</span>
              <span className="muted small">{suite.paths} paths</span>
              <span className="muted small">
                {suite.lastRunAt
                  ? `${suite.lastRunNumber === null ? "" : `run ${suite.lastRunNumber}, `}${formatRelative(suite.lastRunAt)}`
                  : "never run"}
              </span>
              <span className="muted small">{suite.watch?.enabled ? "Watched" : ""}</span>
            </ViewLink>
          </li>
        ))}
      </ul>
    </section>
  );
}
