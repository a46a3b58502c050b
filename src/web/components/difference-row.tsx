/**
 * One difference in the list: its path (with the array element's key and each side's own pointer
 * when they part, or the new name of a renamed field), both values, severity and history. What
 * follows from it (its consequences: a content-length under a body change, an error page's body
 * under a status change) is folded under it, collapsed and counted, never a row of its own.
 */
import type { Consequence, Difference } from "../../shapes/result";
import { plural } from "../format";
import { HistoryBadge, SeverityBadge } from "./badges";
import { HunkView, isTextHunkPath } from "./hunk-view";
import { IgnoreButton } from "./ignore-button";
import { ValueView } from "./value-view";

export interface SideNames {
  left: string;
  right: string;
}

/**
 * The pointer with its group's common prefix dimmed: `/headers/` + `x-app-version`. The whole
 * pointer stays visible because it is what an ignore path is written with.
 */
function Pointer({ path }: { path: string }) {
  const prefix = /^\/(headers|body\/json|body)(?=\/)/.exec(path)?.[0] ?? "";
  return (
    <code>
      <span className="path-prefix">{prefix}</span>
      {path.slice(prefix.length)}
    </code>
  );
}

/** What a reader needs besides the path: the element's key, the other side's pointer, a new name. */
export function identityNotes(d: Consequence, labels: SideNames): { label: string; value: string }[] {
  const notes: { label: string; value: string }[] = [];
  if (d.key !== undefined) notes.push({ label: "element", value: JSON.stringify(d.key) });
  if (d.change === "renamed" && d.rightPath !== undefined) notes.push({ label: "renamed to", value: d.rightPath });
  else if (d.rightPath !== undefined && d.rightPath !== d.path) {
    notes.push({ label: `on ${labels.right}`, value: d.rightPath });
  }
  return notes;
}

function PathView({ difference, labels }: { difference: Consequence; labels: SideNames }) {
  const notes = identityNotes(difference, labels);
  return (
    <>
      <Pointer path={difference.path} />
      {notes.map((note) => (
        <span key={note.label} className="path-note small">
          <span className="muted">{note.label} </span>
          <code>{note.value}</code>
        </span>
      ))}
    </>
  );
}

function Values({ difference, side }: { difference: Consequence; side: "left" | "right" }) {
  const value = difference[side];
  if (isTextHunkPath(difference.path)) return <HunkView value={value} side={side} />;
  const absent = difference.change === (side === "left" ? "added" : "removed");
  return <ValueView value={value} absent={absent} />;
}

/** The consequences of one difference, collapsed: "3 consequences follow from this: …". */
function Consequences({ consequences, labels }: { consequences: Consequence[]; labels: SideNames }) {
  const names = [...new Set(consequences.map((c) => c.path))];
  const shown = names.slice(0, 3).join(", ");
  const more = names.length > 3 ? ` and ${names.length - 3} more` : "";
  return (
    <details className="consequences">
      <summary>
        {plural(consequences.length, "consequence")} {consequences.length === 1 ? "follows" : "follow"} from this{" "}
        <span className="muted small">
          ({shown}
          {more})
        </span>
      </summary>
      <table className="consequence-table">
        <tbody>
          {consequences.map((c) => (
            <tr key={`${c.kind}:${c.path}:${c.change}`}>
              <th scope="row" className="path">
                <PathView difference={c} labels={labels} />
              </th>
              <td data-label={labels.left}>
                <Values difference={c} side="left" />
              </td>
              <td data-label={labels.right}>
                <Values difference={c} side="right" />
              </td>
              <td data-label="Severity">
                <SeverityBadge severity={c.severity} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function DifferenceRow({
  difference,
  labels,
  pairKey,
}: {
  difference: Difference;
  labels: SideNames;
  pairKey?: string | undefined;
}) {
  const consequences = difference.consequences ?? [];
  return (
    <>
      <tr className={`row-${difference.severity}${consequences.length > 0 ? " has-consequences" : ""}`}>
        <th scope="row" className="path" title={difference.path}>
          <PathView difference={difference} labels={labels} />
        </th>
        <td data-label="Left">
          <Values difference={difference} side="left" />
        </td>
        <td data-label="Right">
          <Values difference={difference} side="right" />
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
      {consequences.length > 0 ? (
        <tr className="consequences-row">
          <td colSpan={5}>
            <Consequences consequences={consequences} labels={labels} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
