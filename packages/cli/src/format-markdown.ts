/**
 * --format markdown, and the GitHub step summary: a heading, the verdict, the counts, and one plain
 * GFM table per comparison, so GitHub, GitLab and any CommonMark+GFM renderer show the same thing.
 * What came from a target is either a code span (paths, values: shown literally, never rendered as
 * links, images or HTML) or text with every markdown character escaped.
 */
import { inconclusiveLine, timingLine, values, where } from "./difference-text.js";
import { guardDocument, plain } from "./neutralise.js";
import { countsLine, type Report, type ReportItem, verdictLine } from "./report.js";
import type { Consequence } from "./result-view.js";

/** Free text in a table cell or a line: one line, every markdown and HTML character escaped. */
export function cell(text: string): string {
  return plain(text).replace(/[\\`*_[\]<>|~&]/g, "\\$&");
}

/** A code span that holds `text` exactly (after neutralising): a fence longer than any run of backticks in it. */
export function code(text: string): string {
  const safe = plain(text).replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(safe.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = safe.startsWith("`") || safe.endsWith("`") || safe.startsWith(" ") ? " " : "";
  return `${fence}${pad}${safe}${pad}${fence}`;
}

function row(gate: string, d: Consequence): string {
  const v = values(d);
  return `| ${gate} | ${d.severity} | ${d.history} | ${d.change} | ${code(where(d))} | ${code(v.left)} | ${code(v.right)} |`;
}

function itemSection(item: ReportItem): string[] {
  const out = [`### ${cell(item.check ? `${item.check}: ${item.name}` : item.name)}`, ""];
  const state = item.verdict ? `${item.status} · ${item.verdict}` : item.status;
  out.push(`\`${item.comparisonId}\` · ${state}${item.explanation ? ` · ${cell(item.explanation)}` : ""}`, "");
  if (item.error) out.push(`Error ${code(item.error.code)}: ${cell(item.error.message)}`, "");
  for (const r of item.inconclusive) out.push(`- ${cell(inconclusiveLine(r))}`);
  const timing = timingLine(item.timing);
  if (timing) out.push(`- ${cell(timing)}`);
  if (item.inconclusive.length > 0 || timing) out.push("");
  if (item.differences.length === 0) return out;
  out.push(
    "| Gate | Severity | History | Change | Path | Left | Right |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const d of item.differences) {
    out.push(row(item.failing.includes(d) ? "fail" : "", d));
    // Consequences right under their cause, marked ↳: they follow from it and are not gated.
    for (const c of d.consequences ?? []) out.push(row("↳", c));
  }
  out.push("");
  return out;
}

export function formatMarkdown(report: Report): string {
  const out = [`## ${cell(report.title)}`, "", `**${cell(verdictLine(report))}**`, "", countsLine(report.counts), ""];
  out.push(...report.items.flatMap(itemSection));
  return guardDocument(`${out.join("\n")}\n`);
}
