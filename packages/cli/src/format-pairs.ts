/**
 * `envdiff pairs`: every pair with its last status, its verdict and its counts for every severity,
 * so a pair with medium differences never reads like an identical one.
 */
import type { components } from "./api.js";
import { cell, code } from "./format-markdown.js";
import { guardDocument, plain, safeJson } from "./neutralise.js";
import { countsLine } from "./report.js";

type PairList = components["schemas"]["PairList"];
type Pair = PairList["pairs"][number];

/** The pair's verdict: the server's own when it sends one (issue 23), else read from its counts. */
export function pairVerdict(pair: Pair): string {
  const stated = (pair as Pair & { lastVerdict?: unknown }).lastVerdict;
  if (typeof stated === "string") return plain(stated);
  if (pair.lastStatus === "failed") return "failed";
  const { high, medium, low, info } = pair.lastSummary;
  return high + medium + low + info === 0 ? "identical" : "different";
}

export function formatPairs(page: PairList, format: "text" | "json" | "markdown"): string {
  if (format === "json") return `${safeJson(page, 2)}\n`;
  if (format === "markdown") {
    const rows = page.pairs.map((p) => {
      const s = p.lastSummary;
      return `| ${code(p.leftUrl)} | ${code(p.rightUrl)} | ${p.lastStatus} | ${pairVerdict(p)} | ${s.high} | ${s.medium} | ${s.low} | ${s.info} | ${cell(p.lastComparedAt)} |`;
    });
    const head = [
      "| Left | Right | Last status | Verdict | High | Medium | Low | Info | Last compared |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ];
    return guardDocument(`${[...head, ...rows].join("\n")}\n`);
  }
  const lines = page.pairs.map(
    (p) =>
      `${p.pairKey.slice(0, 12)}  ${p.lastStatus.padEnd(9)} ${pairVerdict(p).padEnd(12)} ${countsLine(p.lastSummary)}  ${plain(p.leftUrl)} vs ${plain(p.rightUrl)}`,
  );
  return guardDocument(lines.length > 0 ? `${lines.join("\n")}\n` : "No pairs compared yet.\n");
}
