/**
 * The page: the form on top, the comparison on show below with its pair's history beside it.
 * The comparison on show is the one in the address (`?id=`); submitting the form starts a new
 * one and puts its id there, so reloading or sharing the address shows the same result.
 */
import { type MouseEvent, useState } from "react";
import { ApiFailure, startComparison } from "./api";
import { CompareForm } from "./components/compare-form";
import { ComparisonView } from "./components/comparison-view";
import { HistoryTimeline } from "./components/history-timeline";
import { Intro } from "./components/intro";
import { useComparison } from "./use-comparison";
import { usePairHistory } from "./use-pair-history";
import { useUrlId } from "./use-url-id";
import {
  buildRequest,
  EMPTY_FORM,
  type FieldErrors,
  type FieldName,
  type FormValues,
  formFromComparison,
  placeFailure,
} from "./validate";

const FIELD_ORDER: FieldName[] = [
  "leftUrl",
  "rightUrl",
  "method",
  "timeoutMs",
  "headers",
  "ignoreHeaders",
  "ignorePaths",
];

export function App() {
  const [id, setId] = useUrlId();
  const watch = useComparison(id);
  const state = watch.state?.comparisonId === id ? watch.state : null;
  const history = usePairHistory(state?.pairKey ?? null, `${id}:${state?.status}`);
  const [values, setValues] = useState<FormValues>(EMPTY_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [submittedId, setSubmittedId] = useState<string | null>(null);

  // A comparison opened from the address or the timeline fills the form with what produced it, once:
  // later polls of the same comparison must not undo the user's edits (React's "adjust state on a
  // prop change" pattern, which avoids an effect and a second render pass).
  const [filledFor, setFilledFor] = useState<string | null>(null);
  if (state && state.comparisonId !== filledFor) {
    setFilledFor(state.comparisonId);
    if (state.comparisonId !== submittedId) setValues(formFromComparison(state));
  }

  const change = (patch: Partial<FormValues>) => {
    setValues((previous) => ({ ...previous, ...patch }));
    // An edited field's error is stale; the others stay until the next submit.
    setErrors((previous) => {
      const next = { ...previous };
      for (const name of Object.keys(patch) as FieldName[]) delete next[name];
      return next;
    });
  };

  const showErrors = (next: FieldErrors) => {
    setErrors(next);
    const first = FIELD_ORDER.find((name) => next[name] !== undefined);
    // Focus moves to the first wrong field, whose error is read out through aria-describedby.
    if (first) requestAnimationFrame(() => document.getElementById(first)?.focus());
  };

  const submit = async () => {
    setFormError(null);
    const built = buildRequest(values);
    if (!built.ok) return showErrors(built.errors);
    setErrors({});
    setSubmitting(true);
    try {
      const accepted = await startComparison(built.request);
      setSubmittedId(accepted.comparisonId);
      setId(accepted.comparisonId);
    } catch (error) {
      const failure =
        error instanceof ApiFailure ? error : new ApiFailure("unexpected", "The comparison could not start.");
      const placed = placeFailure(failure);
      setFormError(placed.formError);
      showErrors(placed.errors);
    } finally {
      setSubmitting(false);
    }
  };

  const goHome = (event: MouseEvent) => {
    event.preventDefault();
    setId(null);
  };

  return (
    <div className="app">
      <header className="site-header">
        <a className="brand" href="/" onClick={goHome}>
          <span className="brand-mark" aria-hidden="true" />
          envdiff
        </a>
        <p className="tagline">What differs between two deployed environments, and is it new?</p>
      </header>
      <main>
        <CompareForm
          values={values}
          errors={errors}
          formError={formError}
          submitting={submitting}
          onChange={change}
          onSubmit={submit}
        />
        {id === null ? (
          <Intro />
        ) : (
          <div className="result-layout">
            <ComparisonView watch={{ state, failure: watch.failure }} />
            {state ? <HistoryTimeline history={history} currentId={state.comparisonId} onOpen={setId} /> : null}
          </div>
        )}
      </main>
      <footer className="site-footer">
        <a href="/api/openapi.json">REST API (OpenAPI)</a>
      </footer>
    </div>
  );
}
