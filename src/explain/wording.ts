/**
 * Prose helpers for the rules explanation (issue 17): side labels instead of left/right, text
 * hunks summarised as plain words instead of quoted escaped markup, and one phrase each for noise
 * and for what was not compared this run. Issue 23: an array element named by its key with each
 * side's own index, a rename by both names, and consequences named as following from their cause.
 */
import { changedLines } from "../diff/text-hunks";
import type { Consequence, Difference, InconclusiveReason } from "../shapes/result";
import { plural, truncate } from "./facts";
import type { SideLabels } from "./labels";

export interface ExplainContext {
  labels?: SideLabels | undefined;
  noise?: readonly { path: string; side: "left" | "right" }[] | undefined;
  notCompared?:
    | readonly { kind: Difference["kind"]; path: string; reason: "now_ignored" | "not_comparable" }[]
    | undefined;
  /** The pair's first completed comparison: nothing can be "new since the previous run". */
  firstRun?: boolean | undefined;
  /** Why the verdict is inconclusive, or what else was unsteady (src/diff/verdict.ts). */
  inconclusive?: readonly InconclusiveReason[] | undefined;
}

export const DEFAULT_LABELS: SideLabels = { left: "left", right: "right" };

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", euro: "€" };

/** Markup reduced to what a reader sees: tags dropped, common entities decoded, spaces collapsed. */
export function plainText(line: string): string {
  return line
    .replace(/<[^>]{0,500}>/g, " ")
    .replace(/&(#\d{1,6}|[a-z]{2,6});/gi, (entity, name: string) => {
      if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)) || 32);
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, " ")
    .trim();
}

/** A text hunk's changed lines as words on each side, for a sentence. */
export function hunkWords(d: Difference, side: "left" | "right"): string {
  const words = changedLines(d[side])
    .map(plainText)
    .filter((t) => t !== "");
  return words.join(" / ");
}

export function isTextHunk(d: Difference): boolean {
  return d.kind === "body" && d.path.startsWith("/body/text/");
}

export function lineCount(d: Difference): number {
  return Math.max(changedLines(d.left).length, changedLines(d.right).length);
}

const KEY_CHARS = 40;
const LISTED_NAMES = 3;

/** "a, b, c and 2 more" */
export function listNames(names: readonly string[], limit = LISTED_NAMES): string {
  const shown = names.slice(0, limit);
  const more = names.length - shown.length;
  if (more > 0) return `${shown.join(", ")} and ${more} more`;
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}

/** A pointer inside the JSON body as the prose writes it: "/projects/7/region". */
function bodyPointer(path: string): string {
  return path.startsWith("/body/json") ? path.slice("/body/json".length) || "/" : path;
}

/**
 * ` (element "prj_4kq2", /projects/7/region on production)`: the element's key, and the right
 * side's own pointer when its index differs, so nobody reads one side's index as the other's.
 */
export function elementNote(d: Consequence, labels: SideLabels): string {
  const parts: string[] = [];
  if (d.key !== undefined) parts.push(`element ${JSON.stringify(truncate(String(d.key), KEY_CHARS))}`);
  if (d.change !== "renamed" && d.rightPath !== undefined && d.rightPath !== d.path) {
    parts.push(`${bodyPointer(d.rightPath)} on ${labels.right}`);
  }
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/** The new name of a renamed member: its right pointer. */
export function renamedTo(d: Consequence): string {
  return bodyPointer(d.rightPath ?? d.path);
}

/** How many consequences the differences carry between them. */
export function consequenceCount(differences: readonly Difference[]): number {
  return differences.reduce((n, d) => n + (d.consequences?.length ?? 0), 0);
}

/** `; 2 consequences follow from it: header content-length and header etag`, or nothing. */
export function consequencesClause(d: Difference, name: (c: Consequence) => string): string {
  const consequences = d.consequences ?? [];
  if (consequences.length === 0) return "";
  const list = listNames([...new Set(consequences.map(name))]);
  const verb = consequences.length === 1 ? "follows" : "follow";
  return `; ${plural(consequences.length, "consequence")} ${verb} from it: ${list}`;
}
