/**
 * Line-level text/HTML diff, reported as one difference per changed hunk at a stable path
 * (text-hunks.ts) whose left and right are that hunk's changed lines, numbered. The common head and
 * tail are trimmed first, so a one-line change in a 1 MiB page only hands the changed middle to jsdiff.
 */
import { diffArrays } from "diff";
import type { Collector } from "./collector";
import { type Hunk, renderExcerpt } from "./excerpt";
import type { Normaliser } from "./host-normalise";
import { SEVERITY } from "./rules";
import { hunkPaths } from "./text-hunks";

/**
 * Bounds jsdiff's work (Myers is O(N·D)): two entirely different 1.4 MiB pages take ~2 s at 4000
 * and ~0.2 s at 1000. Past it, the whole changed middle is one hunk, which the 2 KB excerpt cannot
 * show in full anyway. An edit length rather than jsdiff's `timeout`, because in deployed workerd
 * the clock does not advance during CPU work.
 */
const MAX_EDIT_LENGTH = 300;

export interface TextSide {
  text: string;
  /** Bytes read when the body was cut at the probe's cap; null when it was read whole. */
  truncatedAt: number | null;
}

export function diffText(left: TextSide, right: TextSide, out: Collector, normalise: Normaliser | null): void {
  const leftLines = splitLines(left.text);
  const rightLines = splitLines(right.text);
  // Host rewrites never add or remove a newline, so line i of the rewritten text is line i of the
  // original, and excerpts can show what the left really sent.
  const compared = normalise ? splitLines(normalise(left.text)) : leftLines;

  let start = 0;
  const shorter = Math.min(compared.length, rightLines.length);
  while (start < shorter && compared[start] === rightLines[start]) start++;
  if (start === compared.length && start === rightLines.length) return;
  let leftEnd = compared.length;
  let rightEnd = rightLines.length;
  while (leftEnd > start && rightEnd > start && compared[leftEnd - 1] === rightLines[rightEnd - 1]) {
    leftEnd--;
    rightEnd--;
  }

  const hunks = changedHunks(compared.slice(start, leftEnd), rightLines.slice(start, rightEnd), start);
  const paths = hunkPaths(compared, hunks);
  hunks.forEach((hunk, k) => {
    const last = k === hunks.length - 1;
    const [l0, l1] = hunk.left;
    const [r0, r1] = hunk.right;
    const change = l0 === l1 ? "added" : r0 === r1 ? "removed" : "changed";
    out.add(
      "body",
      paths[k] as string,
      change,
      SEVERITY.bodyText,
      // Only the last hunk carries the truncation note: the unread rest lies after it.
      l0 === l1 ? null : renderExcerpt(leftLines, [hunk], "left", last ? left.truncatedAt : null, 0),
      r0 === r1 ? null : renderExcerpt(rightLines, [hunk], "right", last ? right.truncatedAt : null, 0),
      true,
    );
  });
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Runs of removed/added lines, as absolute [start, end) line ranges on each side. */
function changedHunks(a: string[], b: string[], offset: number): Hunk[] {
  const changes = diffArrays(a, b, { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) return [{ left: [offset, offset + a.length], right: [offset, offset + b.length] }];
  const hunks: Hunk[] = [];
  let l = offset;
  let r = offset;
  let open: Hunk | null = null;
  for (const change of changes) {
    if (!change.added && !change.removed) {
      l += change.count;
      r += change.count;
      open = null;
      continue;
    }
    if (!open) {
      open = { left: [l, l], right: [r, r] };
      hunks.push(open);
    }
    if (change.removed) {
      l += change.count;
      open.left[1] = l;
    } else {
      r += change.count;
      open.right[1] = r;
    }
  }
  return hunks;
}
