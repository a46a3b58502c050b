/**
 * One difference in words every format shares: where it is (with the element's key and each side's
 * pointer when they differ, or both names of a renamed member) and its two values as JSON literals.
 * Everything here came from a target, so all of it goes through neutralise.ts.
 */
import { literal, plain } from "./neutralise.js";
import type { Consequence, InconclusiveReason, TimingVerdict } from "./result-view.js";
import { sidePaths } from "./result-view.js";

/** The path, and what a reader needs to find it in each document. */
export function where(d: Consequence): string {
  const paths = sidePaths(d);
  if (d.change === "renamed") return `${plain(paths.left)} → ${plain(paths.right)}`;
  const notes: string[] = [];
  if (d.key !== undefined) notes.push(`key ${literal(d.key)}`);
  if (paths.left !== paths.right) notes.push(`left ${plain(paths.left)}, right ${plain(paths.right)}`);
  return notes.length > 0 ? `${plain(d.path)} [${notes.join("; ")}]` : plain(d.path);
}

/** Both values; the side a difference is absent from reads `missing`, whatever the server sent there. */
export function values(d: Consequence): { left: string; right: string } {
  return {
    left: literal(d.change === "added" ? undefined : d.left),
    right: literal(d.change === "removed" ? undefined : d.right),
  };
}

/** `severity history change where: left → right`, the line JUnit and annotations print. */
export function differenceLine(d: Consequence): string {
  const v = values(d);
  return `${d.severity} ${d.history} ${d.change} ${where(d)}: ${v.left} → ${v.right}`;
}

export function inconclusiveLine(r: InconclusiveReason): string {
  const at = [r.path === undefined ? null : plain(r.path), r.side ?? null].filter((s) => s !== null).join(", ");
  const samples = r.samples === undefined ? "" : ` samples ${literal(r.samples)}`;
  return `inconclusive ${plain(r.reason)}${at ? ` at ${at}` : ""}${samples}`;
}

/** Null when both sides answered alike: only a verdict worth reading is printed. */
export function timingLine(t: TimingVerdict | null): string | null {
  if (!t || t.verdict === "same") return null;
  const ms = (list: number[]) => `${list.map((n) => Math.round(n)).join(", ")} ms`;
  return `timing ${plain(t.verdict)}: left ${ms(t.leftMs)} · right ${ms(t.rightMs)}`;
}
