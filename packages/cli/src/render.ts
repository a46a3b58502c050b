/** A report in the format asked for; every one is safe to print whatever the targets answered. */
import type { Format } from "./args.js";
import { formatJunit } from "./format-junit.js";
import { formatMarkdown } from "./format-markdown.js";
import { formatText } from "./format-text.js";
import { safeJson } from "./neutralise.js";
import type { Report } from "./report.js";

export function render(report: Report, format: Format): string {
  if (format === "json") return `${safeJson(report, 2)}\n`;
  if (format === "junit") return formatJunit(report);
  if (format === "markdown") return formatMarkdown(report);
  return formatText(report);
}
