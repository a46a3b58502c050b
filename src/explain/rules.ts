/**
 * The deterministic explanation (`source: "rules"`): what a busy on-call engineer reads when
 * Workers AI is absent, slow or wrong. Names the most severe differences with their values,
 * says which are new, recurring or flapping (flapping = probably noise), mentions what was
 * resolved, and gives the overall severity. Bounded: one paragraph plus at most MAX_DETAILS lines.
 */
import type { Difference, DiffResult, Explanation } from "../shapes/result";
import {
  describeTarget,
  formatValue,
  highestSeverity,
  mostSevereFirst,
  plural,
  type ResolvedDifference,
  safeValue,
} from "./facts";

export const MAX_DETAILS = 8;
/** Differences quoted in the summary paragraph; the rest are in `details`. */
const SUMMARY_LEADS = 2;
const VALUE_CHARS = 60;
const LISTED_NAMES = 3;

function sideValue(d: Difference, side: "left" | "right"): string {
  const value = safeValue(d, side);
  const text = formatValue(value, VALUE_CHARS);
  return d.kind === "timing" && typeof value === "number" ? `${text} ms` : text;
}

function historyNote(d: Difference): string {
  if (d.history === "flapping") return `${d.severity}, flapping: changes on every run, probably noise you can ignore`;
  return `${d.severity}, ${d.history}`;
}

/** One sentence per difference, e.g. `Status differs: left 200, right 503 (high, new).` */
export function describeDifference(d: Difference): string {
  const target = describeTarget(d.kind, d.path);
  const what =
    d.change === "added"
      ? `${target} only on the right: ${sideValue(d, "right")}`
      : d.change === "removed"
        ? `${target} only on the left: ${sideValue(d, "left")}`
        : `${target} differs: left ${sideValue(d, "left")}, right ${sideValue(d, "right")}`;
  return `${what} (${historyNote(d)}).`;
}

/** "Header x-version" -> "header x-version" inside a sentence; acronyms such as "JSON" stay. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** "a, b, c and 2 more" */
function listNames(names: readonly string[], limit = LISTED_NAMES): string {
  const shown = names.slice(0, limit);
  const more = names.length - shown.length;
  if (more > 0) return `${shown.join(", ")} and ${more} more`;
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}

function resolvedSentence(resolved: readonly ResolvedDifference[], limit?: number): string {
  const names = resolved.map((r) => lowerFirst(describeTarget(r.kind, r.path)));
  return `Resolved since the previous run: ${listNames(names, limit)}.`;
}

function historySentence(differences: readonly Difference[]): string {
  const count = (mark: Difference["history"]) => differences.filter((d) => d.history === mark).length;
  const parts: string[] = [];
  if (count("new") > 0) parts.push(`${count("new")} new since the previous run`);
  if (count("recurring") > 0) parts.push(`${count("recurring")} recurring`);
  const flapping = differences.filter((d) => d.history === "flapping");
  if (flapping.length > 0) {
    const names = listNames(flapping.map((d) => lowerFirst(describeTarget(d.kind, d.path))));
    const verb = flapping.length === 1 ? "changes" : "change";
    parts.push(`${flapping.length} flapping (${names}): ${verb} on every run, probably noise you can ignore`);
  }
  return `${parts.join(", ")}.`;
}

function identical(resolved: readonly ResolvedDifference[]): Explanation {
  const base = "Both environments respond the same way: no differences after the ignore rules.";
  if (resolved.length === 0) return { source: "rules", severity: "none", summary: base };
  return {
    source: "rules",
    severity: "none",
    summary: `${base} ${resolvedSentence(resolved)}`,
    details: [resolvedSentence(resolved, 10)],
  };
}

export function explainWithRules(diff: DiffResult, resolved: readonly ResolvedDifference[]): Explanation {
  if (diff.differences.length === 0) return identical(resolved);

  const sorted = mostSevereFirst(diff.differences);
  const total = Math.max(diff.summary.total ?? sorted.length, sorted.length);
  const severity = highestSeverity(sorted);

  // Lead with what needs attention: flapping differences only lead when nothing else differs.
  const attention = sorted.filter((d) => d.history !== "flapping");
  const leads = (attention.length > 0 ? attention : sorted).slice(0, SUMMARY_LEADS);
  const summary = [
    `${plural(total, "difference")} between left and right, highest severity ${severity}.`,
    ...leads.map(describeDifference),
    historySentence(sorted),
    ...(resolved.length > 0 ? [resolvedSentence(resolved)] : []),
    ...(total > sorted.length ? [`Only ${sorted.length} of ${total} differences were recorded.`] : []),
  ].join(" ");

  const resolvedSlots = resolved.length > 0 ? 1 : 0;
  let room = MAX_DETAILS - resolvedSlots;
  if (total > room) room -= 1; // keep one line for "and N more"
  const shown = sorted.slice(0, room);
  const details = shown.map(describeDifference);
  const hidden = total - shown.length;
  if (hidden > 0) details.push(`…and ${plural(hidden, "more difference")}${moreBySeverity(sorted.slice(room))}.`);
  if (resolvedSlots > 0) details.push(resolvedSentence(resolved, 10));

  return { source: "rules", severity, summary, details };
}

function moreBySeverity(rest: readonly Difference[]): string {
  if (rest.length === 0) return "";
  const counts = (["high", "medium", "low", "info"] as const)
    .map((s) => [s, rest.filter((d) => d.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return ` (${counts.join(", ")})`;
}
