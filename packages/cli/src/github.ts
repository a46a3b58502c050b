/**
 * GitHub Actions: the markdown report for $GITHUB_STEP_SUMMARY, and an annotation per difference
 * (::error when it fails the gate, ::warning for the other non-info ones), per failed comparison and
 * per gated inconclusive one. Annotation text is escaped as GitHub's runner requires (`%`, CR, LF; and
 * `:` and `,` in properties), after neutralising what came from a target, so a target's text can
 * neither end an annotation early nor start a command of its own.
 */
import { appendFileSync } from "node:fs";
import { differenceLine, inconclusiveLine } from "./difference-text.js";
import { formatMarkdown } from "./format-markdown.js";
import { plain } from "./neutralise.js";
import type { Report } from "./report.js";

/** Annotations beyond this many only clutter the run page; the summary has them all. */
const MAX_ANNOTATIONS = 50;

export const escapeData = (s: string) => plain(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
export const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** Where an annotation points: the config file and the line of the check, when the run had one. */
export type Locate = (check: string | null) => { file: string; line?: number } | null;

function command(level: "error" | "warning", title: string, message: string, where: ReturnType<Locate>): string {
  const properties = [
    ...(where ? [`file=${escapeProperty(where.file)}`, ...(where.line ? [`line=${where.line}`] : [])] : []),
    `title=${escapeProperty(title)}`,
  ];
  return `::${level} ${properties.join(",")}::${escapeData(message)}`;
}

export function annotations(report: Report, locate: Locate = () => null): string[] {
  const lines: string[] = [];
  for (const item of report.items) {
    const name = item.check ? `${item.check}: ${item.name}` : item.name;
    const where = locate(item.check);
    if (item.status !== "completed") {
      const error = item.error ?? { code: item.status, message: "did not complete" };
      lines.push(command("error", `envdiff: ${name}`, `${error.code}: ${error.message}`, where));
    }
    for (const d of item.differences) {
      const level = item.failing.includes(d) ? "error" : d.severity === "info" ? null : "warning";
      if (!level) continue;
      const consequences = d.consequences?.length ? ` (+${d.consequences.length} consequence(s))` : "";
      lines.push(
        command(level, `envdiff ${d.severity} (${d.history}): ${name}`, `${differenceLine(d)}${consequences}`, where),
      );
    }
    if (item.verdict === "inconclusive") {
      const level = report.failOnInconclusive ? "error" : "warning";
      const reasons = item.inconclusive.map(inconclusiveLine).join("; ") || "inconclusive";
      lines.push(command(level, `envdiff inconclusive: ${name}`, reasons, where));
    }
  }
  return lines.length > MAX_ANNOTATIONS
    ? [...lines.slice(0, MAX_ANNOTATIONS), `::notice::${lines.length - MAX_ANNOTATIONS} more in the job summary`]
    : lines;
}

/** The CLI run inside a workflow step (GITHUB_ACTIONS=true): annotations, and the summary appended. */
export function reportToGitHub(
  report: Report,
  env: Record<string, string | undefined>,
  write: (line: string) => void,
  locate?: Locate,
) {
  if (env.GITHUB_ACTIONS !== "true") return;
  for (const line of annotations(report, locate)) write(line);
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, formatMarkdown(report));
}
