/**
 * Text differences by hunk: each run of changed lines is its own difference, so the CSRF line and
 * the price line of one page are classified (and marked against history) apart.
 *
 * A hunk's path must survive lines shifting elsewhere in the page, so it is not a line number:
 * it is /body/text/@<hash> where the hash is taken over the nearest non-blank unchanged line before
 * the hunk (or after it, for a hunk at the very top), with `.2`, `.3`… when several hunks share an
 * anchor. Values are just the changed lines, numbered (`-42| …` on the left, `+42| …` on the right).
 */
import type { Hunk } from "./excerpt";
import { PLACEHOLDER } from "./line-templates";

const TEXT_BASE = "/body/text";
/** What a line known to vary compares as (text-diff.ts): equal to any other such line, never an anchor. */
export const NOISE_LINE = "\u0000noise";

/** FNV-1a, 32 bits: a short, stable, synchronous fingerprint of one anchor line (not security). */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * Whether a line can anchor a hunk: not blank, and not known to vary. A line that fits a template
 * (line-templates.ts) varies too: its placeholders stand for the tokens that varied between two
 * samples, but a clock's minutes or hours that did not tick then stay in it as steady, so its text
 * would change from one run to the next and with it the hunk's path (and its history).
 */
const canAnchor = (line: string) => line !== "" && line !== NOISE_LINE && !line.includes(PLACEHOLDER);

/** The unchanged line a hunk hangs from; `floor` stops the search at the previous hunk. */
function anchorLine(lines: readonly string[], hunk: Hunk, floor: number): string {
  for (let i = hunk.left[0] - 1; i >= floor; i--) {
    const line = (lines[i] ?? "").trim();
    if (canAnchor(line)) return `after:${line}`;
  }
  for (let i = hunk.left[1]; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (canAnchor(line)) return `before:${line}`;
  }
  return "start";
}

/**
 * One stable path per hunk, in order. `lines` are the left lines as compared (host-normalised),
 * and unchanged lines are the same on both sides, so either side would give the same anchors.
 */
export function hunkPaths(lines: readonly string[], hunks: readonly Hunk[]): string[] {
  const used = new Map<string, number>();
  let floor = 0;
  return hunks.map((hunk) => {
    const id = fingerprint(anchorLine(lines, hunk, floor));
    floor = hunk.left[1];
    const n = (used.get(id) ?? 0) + 1;
    used.set(id, n);
    return `${TEXT_BASE}/@${id}${n > 1 ? `.${n}` : ""}`;
  });
}

/** The changed lines of an excerpt value without their `-42| ` marks, for prose. */
export function changedLines(value: unknown): string[] {
  if (typeof value !== "string") return [];
  return value
    .split("\n")
    .filter((line) => /^[-+]\d+\| /.test(line))
    .map((line) => line.replace(/^[-+]\d+\| /, ""));
}
