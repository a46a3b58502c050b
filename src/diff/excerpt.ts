/**
 * Renders one side of a text diff as a compact excerpt: changed lines marked `-` (left) or `+`
 * (right), two lines of context, 1-based line numbers, `…` between distant hunks, and a size bound
 * so a rewritten page cannot put megabytes into the stored result.
 */

/** Changed line ranges, [start, end) 0-based, on each side; an empty range is a pure insertion/removal. */
export interface Hunk {
  left: [number, number];
  right: [number, number];
}

const CONTEXT_LINES = 2;
const MAX_EXCERPT_CHARS = 2048;
const MAX_LINE_CHARS = 200;

export function renderExcerpt(
  lines: readonly string[],
  hunks: readonly Hunk[],
  side: "left" | "right",
  truncatedAt: number | null,
  context = CONTEXT_LINES,
): string {
  const mark = side === "left" ? "-" : "+";
  const out: string[] = [];
  let size = 0;
  let shownUntil = 0; // first line not yet printed
  let unshownChanged = 0;
  let full = false;

  for (const hunk of hunks) {
    const [start, end] = hunk[side];
    if (full) {
      unshownChanged += end - start;
      continue;
    }
    const from = Math.max(start - context, shownUntil);
    const to = Math.min(end + context, lines.length);
    if (from > shownUntil && out.length > 0) out.push("…");
    for (let i = from; i < to; i++) {
      const changed = i >= start && i < end;
      const line = `${changed ? mark : " "}${i + 1}| ${clip(lines[i] ?? "")}`;
      if (size + line.length > MAX_EXCERPT_CHARS && out.length > 0) {
        full = true;
        // Lines of this hunk that did not fit still count as unshown.
        if (i < end) unshownChanged += end - Math.max(i, start);
        break;
      }
      out.push(line);
      size += line.length + 1;
    }
    shownUntil = to;
  }

  if (unshownChanged > 0) out.push(`… ${unshownChanged} more changed line(s) not shown`);
  if (truncatedAt !== null) out.push(`(body truncated at ${truncatedAt} bytes; only that part was compared)`);
  return out.join("\n");
}

function clip(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
}
