#!/usr/bin/env node
/**
 * envdiff's command line. Exit codes: 0 pass, 1 differences at or above --fail-on,
 * 2 a comparison that failed, 3 a usage, network or API error.
 */
import { createRequire } from "node:module";
import { type Command, parseCommand, UsageError } from "./args.js";
import { ApiFailure } from "./client.js";
import { formatJunit } from "./format-junit.js";
import { cell, formatMarkdown } from "./format-markdown.js";
import { formatText } from "./format-text.js";
import { EXIT, type ExitCode } from "./gate.js";
import { reportToGitHub } from "./github.js";
import type { Report } from "./report.js";
import { listPairs, runGated } from "./run.js";
import { progressLine } from "./wait.js";

const HELP = `envdiff: compare two deployed environments and gate CI on what differs.

Usage:
  envdiff compare <leftUrl> <rightUrl> [options]
  envdiff suite --left-base URL --right-base URL (--paths FILE | --openapi URL | --sitemap URL) [--name NAME] [options]
  envdiff get <comparisonId|suiteId> [options]
  envdiff pairs [--limit N] [--format text|json|markdown]

Server:
  --server URL             envdiff server (or ENVDIFF_URL)
  --token TOKEN            API token (or ENVDIFF_TOKEN), sent as Authorization: Bearer

Gate and output:
  --fail-on LEVEL          none|info|low|medium|high (default high)
  --new-only               fail only on differences new in this run
  --format FORMAT          text|json|junit|markdown (default text)
  --wait SECONDS           give up waiting after this long (default 600)
  --idempotency-key KEY    a retried CI step replays the same comparison

Request options:
  -H, --header "N: v"      header sent to both sides (repeatable)
  --left-header "N: v"     header sent to the left side only (repeatable)
  --right-header "N: v"    header sent to the right side only (repeatable)
  --ignore-header NAME     header to leave out of the diff (repeatable)
  --ignore-path POINTER    JSON pointer to leave out, * and ** allowed (repeatable)
  --samples N              probes per side, 1-3, to tell noise from change
  --timeout MS             per-probe timeout, 500-30000
  --method GET|HEAD

Exit codes: 0 pass, 1 differences at or above --fail-on, 2 a comparison failed, 3 usage/network/API error.
In GitHub Actions the markdown report is appended to $GITHUB_STEP_SUMMARY and differences are annotated.
`;

function render(report: Report, format: Exclude<Command, { kind: "help" | "version" }>["common"]["format"]): string {
  if (format === "json") return `${JSON.stringify({ ...report }, null, 2)}\n`;
  if (format === "junit") return formatJunit(report);
  if (format === "markdown") return formatMarkdown(report);
  return formatText(report);
}

async function main(argv: string[]): Promise<ExitCode> {
  const command = parseCommand(argv, process.env);
  if (command.kind === "help") {
    process.stdout.write(HELP);
    return EXIT.pass;
  }
  if (command.kind === "version") {
    const pkg = createRequire(import.meta.url)("../package.json") as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return EXIT.pass;
  }
  const progress = progressLine(process.stderr);
  if (command.kind === "pairs") {
    const page = await listPairs(command.common, command.limit, progress);
    const { format } = command.common;
    if (format === "json") process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
    else if (format === "markdown") {
      const rows = page.pairs.map(
        (p) =>
          `| ${cell(p.leftUrl)} | ${cell(p.rightUrl)} | ${p.lastStatus} | ${p.lastSummary.high} | ${p.lastComparedAt} |`,
      );
      process.stdout.write(
        ["| Left | Right | Last status | High | Last compared |", "| --- | --- | --- | --- | --- |", ...rows, ""].join(
          "\n",
        ),
      );
    } else if (format === "junit") throw new UsageError("pairs prints text, json or markdown");
    else
      for (const p of page.pairs)
        process.stdout.write(
          `${p.pairKey.slice(0, 12)}  ${p.lastStatus.padEnd(9)} high ${p.lastSummary.high}  ${p.leftUrl} vs ${p.rightUrl}\n`,
        );
    return EXIT.pass;
  }
  const report = await runGated(command, progress);
  process.stdout.write(render(report, command.common.format));
  reportToGitHub(report, process.env, (line) => process.stderr.write(`${line}\n`));
  return report.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof UsageError || error instanceof ApiFailure;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`envdiff: ${known ? message : `unexpected error: ${message}`}\n`);
    if (error instanceof UsageError) process.stderr.write("Run envdiff --help for usage.\n");
    process.exitCode = EXIT.error;
  },
);
