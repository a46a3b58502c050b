/**
 * Prose helpers for the rules explanation (issue 17): side labels instead of left/right, text
 * hunks summarised as plain words instead of quoted escaped markup, and one phrase each for noise
 * and for what was not compared this run.
 */
import { changedLines } from "../diff/text-hunks";
import type { Difference, InconclusiveReason } from "../shapes/result";
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
