/**
 * The page: the form on top, and below it what the address names (src/web/use-url-view.ts): the
 * start view (the pairs compared so far), one pair (its watch, drift events and timeline), or one
 * comparison with its pair's history beside it. Submitting the form starts a comparison and puts its
 * id in the address, so reloading or sharing the address shows the same thing.
 */
import { type MouseEvent, useState } from "react";
import { CompareForm } from "./components/compare-form";
import { ComparisonView } from "./components/comparison-view";
import { HistoryTimeline } from "./components/history-timeline";
import { PairView } from "./components/pair-view";
import { SessionBar, SignIn } from "./components/sign-in";
import { StartView } from "./components/start-view";
import { SuitePages } from "./components/suite-pages";
import { useCompareForm } from "./use-compare-form";
import { useComparison } from "./use-comparison";
import { usePairDetail } from "./use-pair-detail";
import { usePairHistory } from "./use-pair-history";
import { can, type Session, useSession } from "./use-session";
import { useUrlView } from "./use-url-view";
import { EMPTY_FORM, formFromComparison } from "./validate";

/** Signs in first (src/web/use-session.ts); the workspace only mounts, and calls the API, once signed in. */
export function App() {
  const session = useSession();
  if (session.status === "signed-in") return <Workspace session={session} />;
  return (
    <div className="app">
      <header className="site-header">
        <a className="brand" href="/">
          <span className="brand-mark" aria-hidden="true" />
          envdiff
        </a>
        <p className="tagline">What differs between two deployed environments, and is it new?</p>
      </header>
      <main>
        {session.status === "signed-out" ? <SignIn refused={session.refused} /> : null}
        {session.status === "checking" ? <p className="muted">Checking who you are…</p> : null}
        {session.status === "unavailable" ? (
          <p className="card form-error" role="alert">
            <span aria-hidden="true">⚠ </span>
            {session.message}
          </p>
        ) : null}
      </main>
    </div>
  );
}

function Workspace({ session }: { session: Session }) {
  const [view, navigate] = useUrlView();
  const id = view.kind === "comparison" ? view.id : null;
  const watch = useComparison(id);
  const state = watch.state?.comparisonId === id ? watch.state : null;
  const pairKey = view.kind === "pair" ? view.pairKey : (state?.pairKey ?? null);
  const history = usePairHistory(pairKey, `${id}:${state?.status}`);
  const pair = usePairDetail(view.kind === "pair" ? view.pairKey : null);
  const form = useCompareForm((comparisonId) => navigate({ kind: "comparison", id: comparisonId }));
  const openComparison = (comparisonId: string) => navigate({ kind: "comparison", id: comparisonId });

  // What is opened fills the form with what produced it, once: later polls of the same comparison
  // must not undo the user's edits (React's "adjust state on a prop change" pattern, which avoids an
  // effect and a second render pass). A pair fills only its two URLs, unless they are there already.
  const [filledFor, setFilledFor] = useState<string | null>(null);
  const shownPair = view.kind === "pair" ? pair.state.detail?.pair : undefined;
  if (state && state.comparisonId !== filledFor) {
    setFilledFor(state.comparisonId);
    if (state.comparisonId !== form.submittedId) form.fill(formFromComparison(state));
  } else if (shownPair && `pair:${shownPair.pairKey}` !== filledFor) {
    setFilledFor(`pair:${shownPair.pairKey}`);
    const { leftUrl, rightUrl } = form.values;
    if (leftUrl !== shownPair.leftUrl || rightUrl !== shownPair.rightUrl) {
      form.fill({ ...EMPTY_FORM, leftUrl: shownPair.leftUrl, rightUrl: shownPair.rightUrl });
    }
  }

  const goHome = (event: MouseEvent) => {
    event.preventDefault();
    navigate({ kind: "start" });
  };

  return (
    <div className="app">
      <header className="site-header">
        <a className="brand" href="/" onClick={goHome}>
          <span className="brand-mark" aria-hidden="true" />
          envdiff
        </a>
        <p className="tagline">What differs between two deployed environments, and is it new?</p>
        <SessionBar session={session} />
      </header>
      <main>
        {/* Suites have their own form and table (src/web/components/suite-pages.tsx). */}
        {view.kind === "suite" || view.kind === "environments" ? (
          <SuitePages view={view} onNavigate={navigate} canEdit={can(session, "admin")} />
        ) : (
          <CompareForm
            values={form.values}
            errors={form.errors}
            formError={form.formError}
            submitting={form.submitting}
            onChange={form.change}
            onSubmit={form.submit}
            disabledReason={can(session, "compare") ? null : "Starting comparisons needs the compare scope."}
          />
        )}
        {view.kind === "start" ? <StartView onNavigate={navigate} /> : null}
        {view.kind === "pair" ? (
          <div className="result-layout">
            <PairView
              state={pair.state}
              onWatchChange={pair.setWatch}
              onNavigate={navigate}
              canWatch={can(session, "admin")}
            />
            <HistoryTimeline history={history} currentId={null} onOpen={openComparison} />
          </div>
        ) : null}
        {view.kind === "comparison" ? (
          <div className="result-layout">
            <ComparisonView watch={{ state, failure: watch.failure }} />
            {state ? (
              <HistoryTimeline
                history={history}
                currentId={state.comparisonId}
                onOpen={openComparison}
                pairKey={state.pairKey}
                onNavigate={navigate}
              />
            ) : null}
          </div>
        ) : null}
      </main>
      <footer className="site-footer">
        <a href="/api/openapi.json">REST API (OpenAPI)</a>
      </footer>
    </div>
  );
}
