/**
 * The differences, grouped by kind in the order that usually matters most (errors and status
 * first, timing last), each with its path, both values, severity and history mark, and what
 * follows from it folded underneath (difference-row.tsx). Counts are of causes only.
 */
import { consequenceCount } from "../../explain/wording";
import type { Difference, DifferenceKind } from "../../shapes/result";
import { plural } from "../format";
import { DifferenceRow } from "./difference-row";

const KIND_ORDER: Record<DifferenceKind, number> = { error: 0, status: 1, redirect: 2, header: 3, body: 4, timing: 5 };
const KIND_TITLE: Record<DifferenceKind, string> = {
  error: "Errors",
  status: "Status",
  redirect: "Redirects",
  header: "Headers",
  body: "Body",
  timing: "Timing",
};
const SEVERITY_RANK = { high: 0, medium: 1, low: 2, info: 3 } as const;

const bySeverity = (a: Difference, b: Difference) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];

/**
 * The differences of each kind, most severe first within a kind; groups ordered by their most
 * severe difference, ties in reading order (errors and status before headers and body).
 */
export function groupByKind(differences: Difference[]): [DifferenceKind, Difference[]][] {
  const groups = new Map<DifferenceKind, Difference[]>();
  for (const difference of differences)
    groups.set(difference.kind, [...(groups.get(difference.kind) ?? []), difference]);
  const sorted = [...groups].map(([kind, list]): [DifferenceKind, Difference[]] => [kind, list.toSorted(bySeverity)]);
  return sorted.sort(
    ([kindA, [a]], [kindB, [b]]) => (a && b ? bySeverity(a, b) : 0) || KIND_ORDER[kindA] - KIND_ORDER[kindB],
  );
}

export function DifferenceList({
  differences,
  total,
  pairKey,
  labels = { left: "Left", right: "Right" },
}: {
  differences: Difference[];
  total: number;
  /** When given, each row offers "Ignore this" for the pair's later comparisons. */
  pairKey?: string;
  /** Names for the two sides (src/explain/labels.ts). */
  labels?: { left: string; right: string };
}) {
  const folded = consequenceCount(differences);
  return (
    <section className="differences" aria-labelledby="differences-title">
      <h3 id="differences-title">
        Differences <span className="count">{differences.length}</span>
        {folded > 0 ? (
          <span className="muted small"> · {plural(folded, "consequence")} folded under their causes</span>
        ) : null}
      </h3>
      {total > differences.length ? (
        <p className="note">
          Showing the first {differences.length} of {total}; add ignore paths to narrow the comparison.
        </p>
      ) : null}
      {groupByKind(differences).map(([kind, list]) => (
        <div className="kind-group" key={kind}>
          <h4>
            {KIND_TITLE[kind]} <span className="muted">· {plural(list.length, "difference")}</span>
          </h4>
          <table className="diff-table">
            {/* Fixed widths keep the columns of every group aligned with each other. */}
            <colgroup>
              <col className="col-path" />
              <col className="col-value" />
              <col className="col-value" />
              <col className="col-badge" />
              <col className="col-badge" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Path</th>
                <th scope="col">{labels.left}</th>
                <th scope="col">{labels.right}</th>
                <th scope="col">Severity</th>
                <th scope="col">History</th>
              </tr>
            </thead>
            <tbody>
              {list.map((difference) => (
                <DifferenceRow
                  key={`${difference.kind}:${difference.path}:${difference.change}`}
                  difference={difference}
                  labels={labels}
                  pairKey={pairKey}
                />
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
