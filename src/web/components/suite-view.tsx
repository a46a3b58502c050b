/**
 * One suite's newest run (numbered within the suite): totals and verdict on top, then a row per
 * path that fills in as paths finish, sorted by severity (the API's order), with filters for
 * changed and new rows. Each row opens its comparison. "Edit suite" changes what the next run compares.
 */
import { useState } from "react";
import type { SuiteItem, SuiteRun } from "../../shapes/suite";
import { ApiFailure } from "../client";
import { formatRelative } from "../format";
import { formatInterval } from "../pair-text";
import { rerunSuite } from "../suite-client";
import { filterRows, type RowFilter } from "../suite-form";
import { useSuite } from "../use-suite";
import type { View } from "../use-url-view";
import { CountBadges } from "./badges";
import { SuiteEditForm } from "./suite-edit-form";
import { ViewLink } from "./view-link";
import { Lateness } from "./watch-control";

const VERDICT_TEXT: Record<SuiteRun["verdict"], string> = {
  running: "Running…",
  identical: "Identical: no path differs",
  different: "Different",
  inconclusive: "Inconclusive: some paths could not be settled",
  failed: "Some paths could not be compared",
};

const FILTERS: { value: RowFilter; label: string }[] = [
  { value: "all", label: "All paths" },
  { value: "changed", label: "Changed only" },
  { value: "new", label: "New only" },
];

function Totals({ run }: { run: SuiteRun }) {
  const { totals } = run;
  return (
    <div className={`suite-totals verdict-${run.verdict}`} aria-live="polite">
      <strong>{VERDICT_TEXT[run.verdict]}</strong>
      <span>
        {totals.paths} paths · {totals.identical} identical · {totals.different} different · {totals.inconclusive ?? 0}{" "}
        inconclusive · {totals.failed} failed
        {totals.running > 0 ? ` · ${totals.running} running` : ""}
      </span>
      <CountBadges counts={totals.differences} status="completed" />
      <span className="muted small">
        {totals.new} new · {totals.resolved} resolved
      </span>
    </div>
  );
}

function Row({ item, onNavigate }: { item: SuiteItem; onNavigate: (view: View) => void }) {
  return (
    <li>
      <ViewLink
        to={{ kind: "comparison", id: item.comparisonId }}
        onNavigate={onNavigate}
        className="pair-row suite-row"
        title={`${item.leftUrl} → ${item.rightUrl}`}
      >
        <span className="pair-url">{item.path}</span>
        <span>
          {item.status === "running" ? (
            <span className="muted">running…</span>
          ) : (
            <CountBadges counts={item.counts} status={item.status} />
          )}
        </span>
        <span className="muted small">{item.history ?? ""}</span>
        <span className="muted small">{item.new > 0 ? `${item.new} new` : ""}</span>
      </ViewLink>
    </li>
  );
}

export function SuiteView({
  suiteId,
  onNavigate,
  canEdit,
}: {
  suiteId: string;
  onNavigate: (view: View) => void;
  canEdit: boolean;
}) {
  const { watch, reload } = useSuite(suiteId);
  const [filter, setFilter] = useState<RowFilter>("all");
  const [rerunError, setRerunError] = useState<string | null>(null);
  const { detail, failure } = watch;
  const run = detail?.suiteId === suiteId ? detail.run : null;

  const rerun = async () => {
    setRerunError(null);
    try {
      await rerunSuite(suiteId);
      reload();
    } catch (error) {
      setRerunError(error instanceof ApiFailure ? error.message : "The suite could not be run again.");
    }
  };

  if (!detail || detail.suiteId !== suiteId) {
    return (
      <section className="card">
        {failure ? (
          <p className="form-error" role="alert">
            {failure.message}
          </p>
        ) : (
          <p className="muted">Loading the suite…</p>
        )}
      </section>
    );
  }
  const rows = run ? filterRows(run.items, filter) : [];
  return (
    <section className="card pairs suite-view" aria-labelledby="suite-title">
      <header className="pairs-head">
        <h2 id="suite-title">{detail.name ?? "Environments"}</h2>
        <p className="muted small">
          {detail.leftBase} → {detail.rightBase}
          {run ? ` · run ${run.number}, ${formatRelative(run.createdAt)}` : ""}
          {detail.watch?.enabled ? ` · watched, ${formatInterval(detail.watch.intervalMinutes)}` : ""}
          {detail.watch ? <Lateness watch={detail.watch} /> : null}
        </p>
        <button type="button" className="secondary" onClick={rerun} disabled={run?.finishedAt === null}>
          Run again
        </button>
      </header>
      {canEdit ? (
        <SuiteEditForm detail={detail} onSaved={reload} />
      ) : (
        <p className="muted small">Editing the suite needs the admin scope.</p>
      )}
      {rerunError ? (
        <p className="form-error" role="alert">
          {rerunError}
        </p>
      ) : null}
      {run ? <Totals run={run} /> : null}
      <fieldset className="suite-filters">
        <legend className="visually-hidden">Show</legend>
        {FILTERS.map((f) => (
          <label key={f.value} className="radio">
            <input type="radio" name="suite-filter" checked={filter === f.value} onChange={() => setFilter(f.value)} />{" "}
            {f.label}
          </label>
        ))}
      </fieldset>
      <ul className="pair-list">
        {rows.map((item) => (
          <Row key={item.path} item={item} onNavigate={onNavigate} />
        ))}
      </ul>
      {run && rows.length === 0 ? <p className="muted">No path matches this filter.</p> : null}
    </section>
  );
}
