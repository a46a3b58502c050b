/**
 * One comparison as the page shows it: a header with its status badge and both URLs, then
 * progress while it runs, the failure when it failed, or the result when it completed.
 */
import type { ComparisonState } from "../../shapes/comparison";
import type { ApiFailure, ComparisonStateSummary } from "../client";
import { formatTime } from "../format";
import type { ComparisonWatch } from "../use-comparison";
import { StatusBadge } from "./badges";
import { Progress } from "./progress";
import { EnvelopesOnDemand, ResultView } from "./result-view";

function failureMessage(failure: ApiFailure): string {
  switch (failure.code) {
    case "not_found":
      return "This comparison is not available: it never existed, or it has left the pair's kept history.";
    case "invalid_request":
      return "This link does not point to a comparison: its id is malformed.";
    case "network":
      return "envdiff cannot be reached right now; trying again…";
    default:
      return failure.transient ? `${failure.message} Trying again…` : failure.message;
  }
}

/** Each side's probe: the envelope of a full state, the outline of a summary. */
const sides = (state: ComparisonState | ComparisonStateSummary) => ("probes" in state ? state.probes : state.probed);

function announcement(state: ComparisonState | ComparisonStateSummary): string {
  if (state.status === "failed") return "The comparison failed.";
  if (state.status === "completed") return `Comparison completed. ${state.result?.explanation.summary ?? ""}`;
  const { left, right } = sides(state);
  const probed = [left ? "left" : null, right ? "right" : null].filter(Boolean);
  return probed.length === 0 ? "Probing both URLs." : `Probed: ${probed.join(" and ")}.`;
}

export function ComparisonView({ watch }: { watch: ComparisonWatch }) {
  const { state, failure } = watch;
  if (!state) {
    return (
      <section className="card comparison" aria-live="polite">
        {failure ? (
          <p className="form-error" role="alert">
            <span aria-hidden="true">⚠ </span>
            {failureMessage(failure)}
          </p>
        ) : (
          <p className="muted">
            <span className="spinner" aria-hidden="true" /> Loading the comparison…
          </p>
        )}
      </section>
    );
  }

  return (
    <section className="card comparison" aria-labelledby="comparison-title">
      <header className="comparison-head">
        <div>
          <h2 id="comparison-title">
            Comparison <StatusBadge status={state.status} />
          </h2>
          <p className="muted small">
            Started <time dateTime={state.createdAt}>{formatTime(state.createdAt)}</time> · {state.options.method}
            {state.createdBy ? ` · by ${state.createdBy}` : null}
          </p>
        </div>
        <dl className="targets">
          <div>
            <dt>Left</dt>
            <dd className="break" title={state.leftUrl}>
              {state.leftUrl}
            </dd>
          </div>
          <div>
            <dt>Right</dt>
            <dd className="break" title={state.rightUrl}>
              {state.rightUrl}
            </dd>
          </div>
        </dl>
      </header>
      {/* One short live announcement per stage, rather than a live region around long tables. */}
      <p className="visually-hidden" aria-live="polite">
        {announcement(state)}
      </p>
      <div className="comparison-body">
        {failure?.transient ? <p className="note">{failureMessage(failure)}</p> : null}
        {state.status === "running" ? <Progress left={sides(state).left} right={sides(state).right} /> : null}
        {state.status === "failed" && "probes" in state ? (
          <>
            <p className="form-error" role="alert">
              <span aria-hidden="true">⚠ </span>
              The comparison failed{state.error ? ` (${state.error.code}): ${state.error.message}` : "."}
            </p>
            <EnvelopesOnDemand state={state} />
          </>
        ) : null}
        {state.status === "completed" && state.result && "probes" in state ? (
          <ResultView state={state} result={state.result} />
        ) : null}
      </div>
    </section>
  );
}
