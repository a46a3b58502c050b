/**
 * Both bodies side by side, pretty-printed (JSON indented, text as sent), aligned line by line with
 * a line diff: lines only on one side are highlighted and the other side is left blank, so the
 * differences the list reports can be seen in place. Long bodies are cut at MAX_LINES per side.
 */
import { diffArrays } from "diff";
import type { EnvelopeBody } from "../../shapes/envelope";

const MAX_LINES = 2000;
/** Bounds the browser's work on two entirely different bodies, like the diff engine does. */
const MAX_EDIT_LENGTH = 2000;

function linesOf(body: EnvelopeBody | null | undefined): string[] | null {
  if (!body) return null;
  if (body.kind === "json" && body.json !== undefined) return JSON.stringify(body.json, null, 2).split("\n");
  if (body.text !== undefined) return body.text.split(/\r?\n/);
  return null;
}

type Row = [left: string | null, right: string | null, changed: boolean];

function align(left: string[], right: string[]): Row[] {
  const changes = diffArrays(left, right, { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) {
    const n = Math.max(left.length, right.length);
    return Array.from({ length: n }, (_, i): Row => [left[i] ?? null, right[i] ?? null, left[i] !== right[i]]);
  }
  const rows: Row[] = [];
  for (const change of changes) {
    for (const line of change.value) {
      if (change.removed) rows.push([line, null, true]);
      else if (change.added) rows.push([null, line, true]);
      else rows.push([line, line, false]);
    }
  }
  return rows;
}

export function BodyCompare({ left, right }: { left: EnvelopeBody | null; right: EnvelopeBody | null }) {
  const l = linesOf(left);
  const r = linesOf(right);
  if (!l && !r) return null;
  const cut = (lines: string[] | null) => (lines ?? []).slice(0, MAX_LINES);
  const rows = align(cut(l), cut(r));
  const truncated = (l?.length ?? 0) > MAX_LINES || (r?.length ?? 0) > MAX_LINES;
  return (
    <div className="table-scroll body-compare">
      <table className="envelope-table">
        <thead>
          <tr>
            <th scope="col">Left body</th>
            <th scope="col">Right body</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([a, b, changed], index) => (
            // Rows are positions in the aligned bodies: nothing else identifies them.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <tr key={index} className={changed ? "row-differs" : undefined}>
              <td className={a !== null && changed ? "hunk-removed" : undefined}>
                <pre className="body-line">{a ?? ""}</pre>
              </td>
              <td className={b !== null && changed ? "hunk-added" : undefined}>
                <pre className="body-line">{b ?? ""}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {truncated ? <p className="muted small">Only the first {MAX_LINES} lines of each body are shown.</p> : null}
    </div>
  );
}
