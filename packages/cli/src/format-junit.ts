/**
 * --format junit: one <testsuite> per run, one <testcase> per comparison; a <failure> when its
 * differences fail the gate, an <error> when the comparison itself failed. CI systems (GitLab,
 * Jenkins, Azure, GitHub test-report actions) show it as test results.
 */
import type { Report, ReportItem } from "./report.js";
import { shortValue } from "./report.js";

// XML 1.0 allows tab, LF, CR and everything from U+0020 except lone surrogates and U+FFFE/U+FFFF.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xml(text: string): string {
  return text
    .replace(NOT_XML, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function testcase(item: ReportItem): string {
  const open = `    <testcase classname="envdiff" name="${xml(item.name)}">`;
  const lines = item.differences.map(
    (d) => `${d.severity} ${d.history} ${d.change} ${d.path}: ${shortValue(d.left)} → ${shortValue(d.right)}`,
  );
  const body = `${item.comparisonId}\n${lines.join("\n")}`;
  if (item.status !== "completed") {
    const error = item.error ?? { code: item.status, message: "The comparison did not complete." };
    return `${open}\n      <error type="${xml(error.code)}" message="${xml(error.message)}">${xml(body)}</error>\n    </testcase>`;
  }
  if (item.failing.length > 0) {
    const message = `${item.failing.length} difference(s) at or above the threshold`;
    return `${open}\n      <failure type="differences" message="${xml(message)}">${xml(body)}</failure>\n    </testcase>`;
  }
  return `${open}\n      <system-out>${xml(body)}</system-out>\n    </testcase>`;
}

export function formatJunit(report: Report): string {
  const failures = report.items.filter((i) => i.status === "completed" && i.failing.length > 0).length;
  const errors = report.items.filter((i) => i.status !== "completed").length;
  const counts = `tests="${report.items.length}" failures="${failures}" errors="${errors}"`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="envdiff" ${counts}>`,
    `  <testsuite name="${xml(report.title)}" ${counts}>`,
    ...report.items.map(testcase),
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
