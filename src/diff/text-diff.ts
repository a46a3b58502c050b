/**
 * Line-level text/HTML diff, reported as one difference per changed hunk at a stable path
 * (text-hunks.ts) whose left and right are that hunk's changed lines, numbered. The common head and
 * tail are trimmed first, so a one-line change in a 1 MiB page only hands the changed middle to jsdiff.
 *
 * Lines seen to vary between samples of one side (`noiseLines`, fingerprints from noise.ts) compare
 * as one placeholder, so a shuffled list is noise wherever its hunks begin and end; a hunk made only
 * of such lines is not reported, and they never anchor a hunk's path. Lines that fit a template
 * (line-templates.ts) compare with their varying tokens as placeholders; excerpts show them as sent.
 */
import { diffArrays } from "diff";
import type { Collector } from "./collector";
import { type Hunk, renderExcerpt } from "./excerpt";
import type { Normaliser } from "./host-normalise";
import { PLACEHOLDER, type TemplateSet } from "./line-templates";
import { SEVERITY } from "./rules";
import { fingerprint, hunkPaths, NOISE_LINE } from "./text-hunks";

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

export function diffText(
  left: TextSide,
  right: TextSide,
  out: Collector,
  normalise: Normaliser | null,
  noiseLines: ReadonlySet<string> | null = null,
  templates: TemplateSet | null = null,
): void {
  const leftLines = splitLines(left.text);
  const rightLines = splitLines(right.text);
  // Host rewrites never add or remove a newline, so line i of the rewritten text is line i of the
  // original, and excerpts can show what the left really sent.
  const normalised = normalise ? splitLines(normalise(left.text)) : leftLines;
  const compared = withoutNoise(normalised, noiseLines, leftLines, templates);
  const rightCompared = withoutNoise(rightLines, noiseLines, null, templates);

  const hunks = lineHunks(compared, rightCompared).filter((hunk) => !onlyNoise(compared, rightCompared, hunk));
  if (hunks.length === 0) return;
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

/**
 * Lines that fit a template compare as it (its varying tokens as placeholders); other lines known
 * to vary become NOISE_LINE (by their own or, on the left, their original text). A template wins:
 * the same line can have varied only in tokens with digits in one pair of samples and, by chance,
 * in a token without one (a hex id's "fbec") in another, and on the other side only the first way.
 */
function withoutNoise(
  lines: string[],
  noise: ReadonlySet<string> | null,
  original: string[] | null,
  templates: TemplateSet | null,
): string[] {
  const hasNoise = noise !== null && noise.size > 0;
  const hasTemplates = templates !== null && templates.size > 0;
  if (!hasNoise && !hasTemplates) return lines;
  const isNoise = (line: string | undefined) => hasNoise && line !== undefined && noise.has(fingerprint(line.trim()));
  return lines.map((line, i) => {
    if (hasTemplates) {
      const trimmed = line.trim();
      const canonical = templates.canonical(trimmed);
      if (canonical !== trimmed) return canonical;
    }
    return isNoise(line) || isNoise(original?.[i]) ? NOISE_LINE : line;
  });
}

/**
 * A hunk made only of lines known to vary. A line that fits a template counts as one when the hunk
 * also holds a line that varied as a whole: that side's line could not be read token by token (a
 * random token without a digit, another token count), so the two cannot be compared token by token.
 * Lines that fit templates on both sides, and nothing else, are compared: that is a real difference.
 */
function onlyNoise(left: readonly string[], right: readonly string[], hunk: Hunk): boolean {
  const lines = [...left.slice(...hunk.left), ...right.slice(...hunk.right)];
  if (!lines.includes(NOISE_LINE)) return false;
  return lines.every((line) => line === NOISE_LINE || line.includes(PLACEHOLDER));
}

/**
 * The changed hunks between two texts' lines, as absolute line ranges: the common head and tail
 * trimmed, then jsdiff on the middle. Also used to find the lines that vary between samples.
 */
export function lineHunks(left: readonly string[], right: readonly string[]): Hunk[] {
  let start = 0;
  const shorter = Math.min(left.length, right.length);
  while (start < shorter && left[start] === right[start]) start++;
  if (start === left.length && start === right.length) return [];
  let leftEnd = left.length;
  let rightEnd = right.length;
  while (leftEnd > start && rightEnd > start && left[leftEnd - 1] === right[rightEnd - 1]) {
    leftEnd--;
    rightEnd--;
  }
  return changedHunks(left.slice(start, leftEnd), right.slice(start, rightEnd), start);
}

export function splitLines(text: string): string[] {
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
