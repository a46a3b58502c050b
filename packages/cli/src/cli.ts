#!/usr/bin/env node
/**
 * envdiff's command line. Exit codes: 0 pass, 1 differences at or above --fail-on, 2 a comparison
 * that failed, 3 a usage, network or API error, 4 inconclusive (when the gate says so).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseCommand } from "./args.js";
import { runCheckCommand } from "./check.js";
import { ApiFailure, UsageError } from "./errors.js";
import { formatPairs } from "./format-pairs.js";
import { EXIT, type ExitCode } from "./gate.js";
import { type Locate, reportToGitHub } from "./github.js";
import { HELP } from "./help.js";
import { runInit } from "./init.js";
import { plain } from "./neutralise.js";
import { render } from "./render.js";
import type { Report } from "./report.js";
import { listPairs, runGated } from "./run.js";
import { progressLine } from "./wait.js";

function print(report: Report, format: Parameters<typeof render>[1], locate?: Locate): ExitCode {
  process.stdout.write(render(report, format));
  reportToGitHub(report, process.env, (line) => process.stderr.write(`${line}\n`), locate);
  return report.exitCode;
}

async function main(argv: string[]): Promise<ExitCode> {
  const command = parseCommand(argv, process.env, (file) => readFileSync(file, "utf8"));
  switch (command.kind) {
    case "help":
      process.stdout.write(HELP);
      return EXIT.pass;
    case "version": {
      const pkg = createRequire(import.meta.url)("../package.json") as { version: string };
      process.stdout.write(`${pkg.version}\n`);
      return EXIT.pass;
    }
    case "init":
      process.stdout.write(runInit(command, process.cwd()));
      return EXIT.pass;
    case "pairs": {
      const { format } = command.common;
      if (format === "junit") throw new UsageError("pairs prints text, json or markdown");
      const page = await listPairs(command.common, command.limit, progressLine(process.stderr));
      process.stdout.write(formatPairs(page, format));
      return EXIT.pass;
    }
    case "check": {
      const run = await runCheckCommand(command, process.env, process.cwd(), progressLine(process.stderr));
      return print(run.report, command.output.format, run.locate);
    }
    default:
      return print(await runGated(command, progressLine(process.stderr)), command.common.format);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof UsageError || error instanceof ApiFailure;
    const message = error instanceof Error ? error.message : String(error);
    // An API error may quote what a target sent: neutralised like any report.
    process.stderr.write(`envdiff: ${plain(known ? message : `unexpected error: ${message}`)}\n`);
    if (error instanceof UsageError) process.stderr.write("Run envdiff --help for usage.\n");
    process.exitCode = EXIT.error;
  },
);
