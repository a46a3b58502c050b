/**
 * --format junit: one <testsuite> per check (one in all for `compare`, `suite` and `get`), one
 * <testcase> per comparison; a <failure> when its differences fail the gate or it is inconclusive
 * under --fail-on-inconclusive, an <error> when the comparison itself failed. CI systems (GitLab,
 * Jenkins, Azure, GitHub test-report actions) show it as test results.
 */
import { differenceLine, inconclusiveLine, timingLine } from "./difference-text.js";
import { guardDocument, plain } from "./neutralise.js";
import type { Report, ReportItem } from "./report.js";

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

function body(item: ReportItem): string {
  const lines = [item.comparisonId];
  for (const d of item.differences) {
    lines.push(differenceLine(d));
    for (const c of d.consequences ?? []) lines.push(`  ↳ ${differenceLine(c)}`);
  }
  lines.push(...item.inconclusive.map(inconclusiveLine));
  const timing = timingLine(item.timing);
  if (timing) lines.push(timing);
  if (item.explanation) lines.push(plain(item.explanation));
  return xml(lines.join("\n"));
}

function testcase(item: ReportItem, failOnInconclusive: boolean): string {
  const open = `    <testcase classname="${xml(plain(item.check ?? "envdiff"))}" name="${xml(plain(item.name))}">`;
  if (item.status !== "completed") {
    const error = item.error ?? { code: item.status, message: "The comparison did not complete." };
    const attributes = `type="${xml(plain(error.code))}" message="${xml(plain(error.message))}"`;
    return `${open}\n      <error ${attributes}>${body(item)}</error>\n    </testcase>`;
  }
  if (item.failing.length > 0) {
    const message = `${item.failing.length} difference(s) at or above the threshold`;
    return `${open}\n      <failure type="differences" message="${xml(message)}">${body(item)}</failure>\n    </testcase>`;
  }
  if (item.verdict === "inconclusive" && failOnInconclusive) {
    const message = "inconclusive: the samples could not decide (--fail-on-inconclusive)";
    return `${open}\n      <failure type="inconclusive" message="${xml(message)}">${body(item)}</failure>\n    </testcase>`;
  }
  return `${open}\n      <system-out>${body(item)}</system-out>\n    </testcase>`;
}

function counts(items: ReportItem[], failOnInconclusive: boolean): string {
  const failures = items.filter(
    (i) => i.status === "completed" && (i.failing.length > 0 || (failOnInconclusive && i.verdict === "inconclusive")),
  ).length;
  const errors = items.filter((i) => i.status !== "completed").length;
  return `tests="${items.length}" failures="${failures}" errors="${errors}"`;
}

export function formatJunit(report: Report): string {
  const groups = new Map<string | null, ReportItem[]>();
  for (const item of report.items) groups.set(item.check, [...(groups.get(item.check) ?? []), item]);
  const suites = [...groups].flatMap(([check, items]) => [
    `  <testsuite name="${xml(plain(check ? `envdiff ${check}` : report.title))}" ${counts(items, report.failOnInconclusive)}>`,
    ...items.map((item) => testcase(item, report.failOnInconclusive)),
    "  </testsuite>",
  ]);
  return guardDocument(
    [
      `<?xml version="1.0" encoding="UTF-8"?>`,
      `<testsuites name="envdiff" ${counts(report.items, report.failOnInconclusive)}>`,
      ...(suites.length > 0
        ? suites
        : [`  <testsuite name="${xml(plain(report.title))}" ${counts([], false)}>`, "  </testsuite>"]),
      "</testsuites>",
      "",
    ].join("\n"),
  );
}
