/**
 * --format markdown, and the GitHub step summary: a heading, the verdict, and one plain GFM table
 * per comparison, so GitHub, GitLab and any CommonMark+GFM renderer show the same thing.
 */
import { type Report, shortValue, verdictLine } from "./report.js";

/** A table cell: no line breaks, no unescaped pipes, code spans that cannot be closed early. */
export function cell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n|\r/g, " ")
    .replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;"));
}

export function formatMarkdown(report: Report): string {
  const out = [`## ${report.title}`, "", `**${verdictLine(report)}**`, ""];
  for (const item of report.items) {
    out.push(`### ${cell(item.name)}`, "");
    out.push(`\`${item.comparisonId}\` · ${item.status}${item.explanation ? ` · ${cell(item.explanation)}` : ""}`, "");
    if (item.error) out.push(`Error \`${item.error.code}\`: ${cell(item.error.message)}`, "");
    if (item.differences.length === 0) {
      if (item.status === "completed") out.push("Identical.", "");
      continue;
    }
    out.push(
      "| Gate | Severity | History | Change | Path | Left | Right |",
      "| --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const d of item.differences) {
      const gate = item.failing.includes(d) ? "fail" : "";
      out.push(
        `| ${gate} | ${d.severity} | ${d.history} | ${d.change} | ${cell(d.path)} | ${cell(shortValue(d.left))} | ${cell(shortValue(d.right))} |`,
      );
    }
    out.push("");
  }
  return `${out.join("\n")}\n`;
}
