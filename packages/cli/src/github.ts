/**
 * GitHub Actions (GITHUB_ACTIONS=true): the markdown report appended to $GITHUB_STEP_SUMMARY, and
 * an ::error annotation per difference that fails the gate, ::warning for the other non-info ones.
 */
import { appendFileSync } from "node:fs";
import { formatMarkdown } from "./format-markdown.js";
import { type Report, shortValue } from "./report.js";

/** Annotations beyond this many only clutter the run page; the summary has them all. */
const MAX_ANNOTATIONS = 50;

const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function annotations(report: Report): string[] {
  const lines: string[] = [];
  for (const item of report.items) {
    if (item.status !== "completed") {
      const error = item.error ?? { code: item.status, message: "did not complete" };
      lines.push(
        `::error title=${escapeProperty(`envdiff: ${item.name}`)}::${escapeData(`${error.code}: ${error.message}`)}`,
      );
    }
    for (const d of item.differences) {
      const level = item.failing.includes(d) ? "error" : d.severity === "info" ? null : "warning";
      if (!level) continue;
      const title = escapeProperty(`envdiff ${d.severity} (${d.history}): ${item.name}`);
      lines.push(
        `::${level} title=${title}::${escapeData(`${d.path} ${d.change}: ${shortValue(d.left)} → ${shortValue(d.right)}`)}`,
      );
    }
  }
  return lines.length > MAX_ANNOTATIONS
    ? [...lines.slice(0, MAX_ANNOTATIONS), `::notice::${lines.length - MAX_ANNOTATIONS} more in the job summary`]
    : lines;
}

export function reportToGitHub(report: Report, env: Record<string, string | undefined>, write: (line: string) => void) {
  if (env.GITHUB_ACTIONS !== "true") return;
  for (const line of annotations(report)) write(line);
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, formatMarkdown(report));
}
