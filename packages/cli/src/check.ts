/**
 * `envdiff check [name…]`: the config file found and read, the server and the gate settled (flags
 * over the environment over the file), the chosen checks run and gated together. The GitHub Action
 * runs the same function.
 */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Command } from "./args.js";
import { serverUrl } from "./args.js";
import { CONFIG_FILE, type Config, checkLine, parseConfig, selectChecks } from "./config.js";
import { expandReferences } from "./env-refs.js";
import { UsageError } from "./errors.js";
import { DEFAULT_GATE, type Gate } from "./gate.js";
import type { Locate } from "./github.js";
import type { Report } from "./report.js";
import { runChecks } from "./run.js";
import type { Progress } from "./wait.js";

type CheckCommand = Extract<Command, { kind: "check" }>;

export interface CheckRun {
  report: Report;
  config: Config;
  /** Points an annotation at the check's line in the config file (relative to the workspace). */
  locate: Locate;
}

function readConfig(file: string, given: boolean): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && !given) {
      throw new UsageError(`No ${CONFIG_FILE} here (${file}): write one with envdiff init, or give --config FILE.`);
    }
    throw new UsageError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function settleGate(flags: Partial<Gate>, config: Config): Gate {
  return {
    failOn: flags.failOn ?? config.gate.failOn ?? DEFAULT_GATE.failOn,
    newOnly: flags.newOnly ?? config.gate.newOnly ?? DEFAULT_GATE.newOnly,
    failOnInconclusive: flags.failOnInconclusive ?? config.gate.inconclusive === "fail",
  };
}

export async function runCheckCommand(
  command: CheckCommand,
  env: Record<string, string | undefined>,
  cwd: string,
  progress: Progress,
): Promise<CheckRun> {
  const file = resolve(cwd, command.configFile ?? CONFIG_FILE);
  const text = readConfig(file, command.configFile !== undefined);
  const shown = relative(cwd, file) || file;
  const config = parseConfig(text, shown);
  const checks = selectChecks(config, command.names, env);
  // The file's server is read (and its references expanded) only when no flag or ENVDIFF_URL names one.
  const server =
    command.output.server ??
    (config.server === undefined
      ? null
      : serverUrl(expandReferences(config.server, "server", env, shown), `${shown}: server`));
  if (!server) throw new UsageError(`Name the envdiff server with --server URL, ENVDIFF_URL, or "server" in ${shown}.`);
  const report = await runChecks(checks, { ...command.output, server }, settleGate(command.gate, config), progress);
  const annotated = relative(env.GITHUB_WORKSPACE ?? cwd, file);
  return { report, config, locate: (check) => (check ? { file: annotated, line: checkLine(text, check) } : null) };
}
