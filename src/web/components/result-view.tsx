/**
 * A finished comparison: the explanation first (what a reader wants to know), then the
 * differences by kind, what was resolved since the previous run, and both envelopes on demand.
 */
import { useState } from "react";
import { sideLabels } from "../../explain/labels";
import type { ComparisonState } from "../../shapes/comparison";
import type { ComparisonResult } from "../../shapes/result";
import { plural } from "../format";
import { SeverityBadge } from "./badges";
import { BodyCompare } from "./body-compare";
import { DifferenceList } from "./difference-list";
import { EnvelopeCompare } from "./envelope-compare";
import { TimingSamples, VerdictBanner } from "./verdict-view";

function ExplanationCard({ result }: { result: ComparisonResult }) {
  const { explanation, diff } = result;
  const details = explanation.details ?? [];
  return (
    <section className={`explanation severity-edge-${explanation.severity}`} aria-labelledby="explanation-title">
      <div className="explanation-head">
        <h3 id="explanation-title">{diff.identical ? "No differences" : "What differs"}</h3>
        <SeverityBadge severity={explanation.severity} prefix="severity: " />
      </div>
      {explanation.generated ? (
        <p className="explanation-generated-label small">
          <strong>Generated</strong> by {explanation.model ?? "a model"} from the differences below; it can be wrong.
          The measured facts:
        </p>
      ) : null}
      {explanation.generated && explanation.facts ? <p className="explanation-facts">{explanation.facts}</p> : null}
      <p className="explanation-summary">
        {explanation.generated ? <span className="muted">Model's words: </span> : null}
        {explanation.summary}
      </p>
      {details.length > 0 ? (
        <details className="explanation-details">
          <summary>{plural(details.length, "more detail")}</summary>
          <ul>
            {details.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <p className="muted small">
        Explained by{" "}
        {explanation.source === "workers-ai" ? `Workers AI (${explanation.model ?? "model"})` : "envdiff's rules"}.
      </p>
    </section>
  );
}

/** What changed between two responses of the same side: listed apart, never a difference. */
function NoiseList({ noise }: { noise: ComparisonResult["noise"] }) {
  const paths = [...new Set((noise ?? []).map((n) => n.path))];
  if (paths.length === 0) return null;
  return (
    <details className="noise">
      <summary>
        Left out as noise <span className="count">{paths.length}</span>
      </summary>
      <p className="muted small">
        These changed between two responses of the same environment, so they say nothing about the difference between
        the two.
      </p>
      <ul>
        {paths.map((path) => (
          <li key={path}>
            <code>{path}</code>
          </li>
        ))}
      </ul>
    </details>
  );
}

function ResolvedList({ resolved }: { resolved: ComparisonResult["resolved"] }) {
  if (resolved.length === 0) return null;
  return (
    <section className="resolved" aria-labelledby="resolved-title">
      <h3 id="resolved-title">
        Resolved since the previous run <span className="count">{resolved.length}</span>
      </h3>
      <ul>
        {resolved.map((item) => (
          <li key={`${item.kind}:${item.path}`}>
            <span className="resolved-mark" aria-hidden="true">
              ✓
            </span>{" "}
            <code>{item.path}</code> <span className="muted">({item.kind})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What the probe or the diff could not keep (nesting past the bound, cut values), said once. */
function CutNotes({ notes }: { notes: string[] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="note cut-notes" aria-label="What was not compared in full">
      {notes.map((note) => (
        <li key={note}>{note}</li>
      ))}
    </ul>
  );
}

function bodyNotes(state: ComparisonState): string[] {
  const notes: string[] = [];
  for (const side of ["left", "right"] as const) {
    const note = state.probes[side]?.body?.note;
    if (note) notes.push(`${side === "left" ? "Left" : "Right"} body ${note}.`);
  }
  return notes;
}

/** The envelopes are long; they appear only when asked for. */
export function EnvelopesOnDemand({ state }: { state: ComparisonState }) {
  const [open, setOpen] = useState(false);
  if (!state.probes.left && !state.probes.right) return null;
  // Consequences differ too (a content-length under a body change): the envelopes mark them as well.
  const differingPaths = new Set(
    (state.result?.diff.differences ?? []).flatMap((d) => [d.path, ...(d.consequences ?? []).map((c) => c.path)]),
  );
  return (
    <section className="envelopes" aria-label="Responses side by side">
      <button type="button" className="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? "Hide the responses" : "Show both responses side by side"}
      </button>
      {open ? (
        <>
          <EnvelopeCompare
            left={state.probes.left}
            right={state.probes.right}
            differingPaths={differingPaths}
            ignoreHeaders={state.options.ignoreHeaders}
          />
          <BodyCompare left={state.probes.left?.body ?? null} right={state.probes.right?.body ?? null} />
        </>
      ) : null}
    </section>
  );
}

export function ResultView({ state, result }: { state: ComparisonState; result: ComparisonResult }) {
  const { diff } = result;
  const labels = sideLabels(state.leftUrl, state.rightUrl, state.options);
  return (
    <>
      <VerdictBanner result={result} labels={labels} />
      <ExplanationCard result={result} />
      {diff.identical && result.verdict === "inconclusive" ? null : diff.identical ? (
        <p className="identical">
          <span aria-hidden="true">✓ </span>
          Both environments respond the same way once volatile headers such as <code>date</code> and request ids are
          ignored.
        </p>
      ) : (
        <DifferenceList
          differences={diff.differences}
          total={diff.summary.total ?? diff.differences.length}
          pairKey={state.pairKey}
          labels={labels}
        />
      )}
      <TimingSamples timing={result.timing} labels={labels} />
      <CutNotes notes={[...(diff.notes ?? []), ...bodyNotes(state)]} />
      <ResolvedList resolved={result.resolved} />
      <NoiseList noise={result.noise} />
      <EnvelopesOnDemand state={state} />
    </>
  );
}
