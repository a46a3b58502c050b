/**
 * The deterministic explanation (`source: "rules"`): what a busy on-call engineer reads when
 * Workers AI is absent, slow or wrong. Names the most severe differences with their values and
 * the sides by their labels, says which are new, recurring or flapping (comes and goes), names
 * what follows from each difference as its consequences (never as differences of their own), names
 * the noise in one phrase, says what was resolved and what was not compared, and gives the overall
 * severity. Bounded: one paragraph plus at most MAX_DETAILS lines.
 */
import type { Difference, DiffResult, Explanation } from "../shapes/result";
import {
  describeTarget,
  formatValue,
  highestSeverity,
  isAbsent,
  MISSING,
  mostSevereFirst,
  plural,
  type ResolvedDifference,
  safeValue,
  truncate,
} from "./facts";
import { inconclusiveSentences } from "./inconclusive";
import type { SideLabels } from "./labels";
import {
  consequenceCount,
  consequencesClause,
  DEFAULT_LABELS,
  type ExplainContext,
  elementNote,
  hunkWords,
  isTextHunk,
  lineCount,
  listNames,
  renamedTo,
} from "./wording";

export const MAX_DETAILS = 8;
/** Differences quoted in the summary paragraph; the rest are in `details`. */
const SUMMARY_LEADS = 2;
const VALUE_CHARS = 60;

function sideValue(d: Difference, side: "left" | "right"): string {
  if (isAbsent(d, side)) return MISSING;
  const value = safeValue(d, side);
  // An unstable side: the status of each sample (src/diff/noise.ts).
  if (d.kind === "status" && Array.isArray(value)) return `${value.map(String).join(", then ")} (unstable)`;
  if (isTextHunk(d)) return `"${truncate(hunkWords(d, side), VALUE_CHARS)}"`;
  // Quoted as written, not JSON-escaped: prose never shows \" or \n to a reader.
  if (typeof value === "string") return `"${truncate(value.replace(/\s+/g, " "), VALUE_CHARS)}"`;
  const text = formatValue(value, VALUE_CHARS);
  return d.kind === "timing" && typeof value === "number" ? `${text} ms` : text;
}

function historyNote(d: Difference): string {
  if (d.history === "flapping") return `${d.severity}, flapping: comes and goes between runs`;
  return `${d.severity}, ${d.history}`;
}

function targetOf(d: Difference): string {
  if (!isTextHunk(d)) return describeTarget(d.kind, d.path);
  const n = lineCount(d);
  return n === 1 ? "A line of the page" : `${n} lines of the page`;
}

/** One sentence per difference, e.g. `Status differs: staging 200, www 503 (high, new).` */
export function describeDifference(d: Difference, labels: SideLabels = DEFAULT_LABELS): string {
  const target = `${targetOf(d)}${elementNote(d, labels)}`;
  const verb = isTextHunk(d) && lineCount(d) > 1 ? "differ" : "differs";
  const what =
    d.change === "added"
      ? `${target} only on ${labelOn(labels.right)}: ${sideValue(d, "right")}`
      : d.change === "removed"
        ? `${target} only on ${labelOn(labels.left)}: ${sideValue(d, "left")}`
        : d.change === "renamed"
          ? `${target} is renamed on ${labelOn(labels.right)}: ${renamedTo(d)}, same value ${sideValue(d, "right")}`
          : `${target} ${verb}: ${labels.left} ${sideValue(d, "left")}, ${labels.right} ${sideValue(d, "right")}`;
  return `${what} (${historyNote(d)}${consequencesClause(d, (c) => lowerFirst(targetOf(c)))}).`;
}

/** "only on the right" reads better than "only on right"; named sides need no article. */
function labelOn(label: string): string {
  return label === "left" || label === "right" ? `the ${label}` : label;
}

/** "Header x-version" -> "header x-version" inside a sentence; acronyms such as "JSON" stay. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function resolvedSentence(resolved: readonly ResolvedDifference[], limit?: number): string {
  const names = resolved.map((r) => lowerFirst(describeTarget(r.kind, r.path)));
  return `Resolved since the previous run: ${listNames(names, limit)}.`;
}

function historySentence(differences: readonly Difference[], firstRun: boolean): string {
  if (firstRun) return "This is the first comparison of this pair.";
  const count = (mark: Difference["history"]) => differences.filter((d) => d.history === mark).length;
  const parts: string[] = [];
  if (count("new") > 0) parts.push(`${count("new")} new since the previous run`);
  if (count("recurring") > 0) parts.push(`${count("recurring")} recurring`);
  const flapping = differences.filter((d) => d.history === "flapping");
  if (flapping.length > 0) {
    const names = listNames(flapping.map((d) => lowerFirst(targetOf(d))));
    const verb = flapping.length === 1 ? "comes and goes" : "come and go";
    parts.push(`${flapping.length} flapping (${names}): ${verb} between runs`);
  }
  return `${parts.join(", ")}.`;
}

/** Noise in one phrase: what changed between samples of one side and was left out. */
function noiseSentence(context: ExplainContext): string[] {
  const noise = context.noise ?? [];
  if (noise.length === 0) return [];
  const paths = [...new Set(noise.map((n) => n.path))];
  const names = paths.map((p) => lowerFirst(describeTarget(kindOfPath(p), p).replace("Body text", "page text")));
  return [`Left out as noise (changes between two responses of the same side): ${listNames(names)}.`];
}

function kindOfPath(path: string): Difference["kind"] {
  if (path.startsWith("/headers")) return "header";
  if (path.startsWith("/timing")) return "timing";
  if (path.startsWith("/redirects")) return "redirect";
  if (path === "/status") return "status";
  return "body";
}

function notComparedSentences(context: ExplainContext): string[] {
  const entries = context.notCompared ?? [];
  const named = (reason: "now_ignored" | "not_comparable") =>
    entries.filter((e) => e.reason === reason).map((e) => lowerFirst(describeTarget(e.kind, e.path)));
  const out: string[] = [];
  const ignored = named("now_ignored");
  if (ignored.length > 0) out.push(`Now ignored, so not compared: ${listNames(ignored)}.`);
  const absent = named("not_comparable");
  if (absent.length > 0) out.push(`Not comparable this run (a side did not answer): ${listNames(absent)}.`);
  return out;
}

function identical(resolved: readonly ResolvedDifference[], context: ExplainContext): Explanation {
  const unsteady = inconclusiveSentences(context.inconclusive, context.labels);
  const base =
    unsteady.length > 0
      ? "No difference was confirmed, but the comparison is inconclusive."
      : "Both environments respond the same way: no differences after the ignore rules.";
  const extra = [...unsteady, ...noiseSentence(context), ...notComparedSentences(context)];
  if (resolved.length === 0) {
    return { source: "rules", severity: "none", summary: [base, ...extra].join(" ") };
  }
  return {
    source: "rules",
    severity: "none",
    summary: [base, resolvedSentence(resolved), ...extra].join(" "),
    details: [resolvedSentence(resolved, 10)],
  };
}

export function explainWithRules(
  diff: DiffResult,
  resolved: readonly ResolvedDifference[],
  context: ExplainContext = {},
): Explanation {
  if (diff.differences.length === 0) return identical(resolved, context);
  const labels = context.labels ?? DEFAULT_LABELS;
  const describe = (d: Difference) => describeDifference(d, labels);

  const sorted = mostSevereFirst(diff.differences);
  const total = Math.max(diff.summary.total ?? sorted.length, sorted.length);
  const severity = highestSeverity(sorted);

  // Lead with what needs attention: flapping differences only lead when nothing else differs.
  const attention = sorted.filter((d) => d.history !== "flapping");
  const leads = (attention.length > 0 ? attention : sorted).slice(0, SUMMARY_LEADS);
  const following = consequenceCount(sorted);
  const from = total === 1 ? "it" : "them";
  const alsoFollowing =
    following > 0
      ? ` (and ${plural(following, "consequence")} that ${following === 1 ? "follows" : "follow"} from ${from})`
      : "";
  const summary = [
    `${plural(total, "difference")}${alsoFollowing} between ${labels.left} and ${labels.right}, highest severity ${severity}.`,
    ...leads.map(describe),
    historySentence(sorted, context.firstRun ?? false),
    ...inconclusiveSentences(context.inconclusive, labels),
    ...(resolved.length > 0 ? [resolvedSentence(resolved)] : []),
    ...notComparedSentences(context),
    ...noiseSentence(context),
    ...(total > sorted.length ? [`Only ${sorted.length} of ${total} differences were recorded.`] : []),
  ].join(" ");

  const resolvedSlots = resolved.length > 0 ? 1 : 0;
  let room = MAX_DETAILS - resolvedSlots;
  if (total > room) room -= 1; // keep one line for "and N more"
  const shown = sorted.slice(0, room);
  const details = shown.map(describe);
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
