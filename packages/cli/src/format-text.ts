/** --format text: what a person reads in a terminal or a CI log. */
import { type Report, shortValue, verdictLine } from "./report.js";

export function formatText(report: Report): string {
  const lines: string[] = [];
  for (const item of report.items) {
    lines.push(`${item.name}  [${item.status}]  ${item.comparisonId}`);
    if (item.error) lines.push(`  error ${item.error.code}: ${item.error.message}`);
    if (item.status === "completed" && item.differences.length === 0) lines.push("  identical");
    for (const d of item.differences) {
      const mark = item.failing.includes(d) ? "✗" : " ";
      const values = `${shortValue(d.left)} → ${shortValue(d.right)}`;
      lines.push(`  ${mark} ${d.severity.padEnd(6)} ${d.history.padEnd(9)} ${d.change.padEnd(7)} ${d.path}  ${values}`);
    }
    if (item.explanation) lines.push(`  ${item.explanation}`);
  }
  lines.push(verdictLine(report));
  return `${lines.join("\n")}\n`;
}
