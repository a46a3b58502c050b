/**
 * The differences, grouped by kind in the order that usually matters most (errors and status
 * first, timing last), each with its path, both values, severity and history mark.
 */
import type { Difference, DifferenceKind } from "../../shapes/result";
import { plural } from "../format";
import { HistoryBadge, SeverityBadge } from "./badges";
import { HunkView, isTextHunkPath } from "./hunk-view";
import { IgnoreButton } from "./ignore-button";
import { ValueView } from "./value-view";

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

/**
 * The pointer with its group's common prefix dimmed: `/headers/` + `x-app-version`. The whole
 * pointer stays visible because it is what an ignore path is written with.
 */
function PathView({ path }: { path: string }) {
  const prefix = /^\/(headers|body\/json|body)(?=\/)/.exec(path)?.[0] ?? "";
  return (
    <code>
      <span className="path-prefix">{prefix}</span>
      {path.slice(prefix.length)}
    </code>
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
  return (
    <section className="differences" aria-labelledby="differences-title">
      <h3 id="differences-title">
        Differences <span className="count">{differences.length}</span>
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
                <tr key={difference.path} className={`row-${difference.severity}`}>
                  <th scope="row" className="path" title={difference.path}>
                    <PathView path={difference.path} />
                  </th>
                  <td data-label="Left">
                    {isTextHunkPath(difference.path) ? (
                      <HunkView value={difference.left} side="left" />
                    ) : (
                      <ValueView value={difference.left} absent={difference.change === "added"} />
                    )}
                  </td>
                  <td data-label="Right">
                    {isTextHunkPath(difference.path) ? (
                      <HunkView value={difference.right} side="right" />
                    ) : (
                      <ValueView value={difference.right} absent={difference.change === "removed"} />
                    )}
                  </td>
                  <td data-label="Severity">
                    <SeverityBadge severity={difference.severity} />
                  </td>
                  <td data-label="History">
                    <HistoryBadge mark={difference.history} />
                    {pairKey ? (
                      <div>
                        <IgnoreButton pairKey={pairKey} path={difference.path} />
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
