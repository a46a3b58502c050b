/** --format text: what a person reads in a terminal or a CI log. */
import { differenceLine, inconclusiveLine, timingLine, values, where } from "./difference-text.js";
import { guardDocument, plain } from "./neutralise.js";
import { countsLine, type Report, type ReportItem, verdictLine } from "./report.js";
import type { Consequence } from "./result-view.js";

function row(mark: string, d: Consequence): string {
  const v = values(d);
  return `${mark} ${d.severity.padEnd(6)} ${d.history.padEnd(9)} ${d.change.padEnd(7)} ${where(d)}  ${v.left} → ${v.right}`;
}

function itemLines(item: ReportItem): string[] {
  const state = item.verdict ? `${item.status} · ${item.verdict}` : item.status;
  const lines = [`${plain(item.check ? `${item.check}: ${item.name}` : item.name)}  [${state}]  ${item.comparisonId}`];
  if (item.error) lines.push(`  error ${plain(item.error.code)}: ${plain(item.error.message)}`);
  for (const d of item.differences) {
    lines.push(`  ${row(item.failing.includes(d) ? "✗" : " ", d)}`);
    // Consequences fold under their cause, one step in; the gate and the counts never see them.
    for (const c of d.consequences ?? []) lines.push(`      ↳ ${differenceLine(c)}`);
  }
  for (const r of item.inconclusive) lines.push(`  ? ${inconclusiveLine(r)}`);
  const timing = timingLine(item.timing);
  if (timing) lines.push(`  ${timing}`);
  if (item.explanation) lines.push(`  ${plain(item.explanation)}`);
  return lines;
}

export function formatText(report: Report): string {
  const lines = report.items.flatMap(itemLines);
  lines.push(`Differences: ${countsLine(report.counts)}`, verdictLine(report));
  return guardDocument(`${lines.join("\n")}\n`);
}
