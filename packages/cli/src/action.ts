/**
 * The GitHub Action's entry. action.yml (at the repository root) runs its bundle, action/index.mjs,
 * on the runner's own Node: one file with the CLI and openapi-fetch inside, committed and checked
 * current in CI (scripts/action-bundle.mjs), so a workflow installs nothing and needs no network
 * but the envdiff server.
 *
 * It runs `envdiff check` on the config file, then: the text report in the log (inside
 * ::stop-commands::, GitHub's fence for output it must not read as commands), an annotation per
 * difference that matters (pointing at the check's line in the config file), the markdown report in
 * the job summary, a JSON report and a JUnit file under $RUNNER_TEMP/envdiff, and the outputs
 * verdict, high, medium, low, info, report (the JSON report's path) and junit (the JUnit file's).
 * The step's exit code is the CLI's.
 */
import { randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Output, serverUrl } from "./args.js";
import { runCheckCommand } from "./check.js";
import { ApiFailure, UsageError } from "./errors.js";
import { formatJunit } from "./format-junit.js";
import { formatMarkdown } from "./format-markdown.js";
import { formatText } from "./format-text.js";
import { EXIT, type ExitCode } from "./gate.js";
import { annotations, escapeData } from "./github.js";
import { safeJson } from "./neutralise.js";

type Env = Record<string, string | undefined>;

/** What the runner passes for `with: { name: … }`. */
const input = (env: Env, name: string) => (env[`INPUT_${name.toUpperCase()}`] ?? "").trim();

/** GITHUB_OUTPUT in the multi-line form, so no value can smuggle in another output. */
function setOutputs(env: Env, outputs: Record<string, string>) {
  if (!env.GITHUB_OUTPUT) return;
  const delimiter = `envdiff_${randomUUID()}`;
  const text = Object.entries(outputs)
    .map(([name, value]) => `${name}<<${delimiter}\n${value}\n${delimiter}\n`)
    .join("");
  appendFileSync(env.GITHUB_OUTPUT, text);
}

export async function runAction(env: Env, write: (text: string) => void): Promise<ExitCode> {
  const token = input(env, "token") || env.ENVDIFF_TOKEN || undefined;
  // The runner masks a `with:` value only when it came from a secret; a token is one whatever its source.
  if (token) write(`::add-mask::${token}\n`);
  const server = input(env, "server") || env.ENVDIFF_URL || "";
  const output: Output = {
    server: server ? serverUrl(server, "the server input") : null,
    token,
    format: "text",
    waitSeconds: 600,
    idempotencyKey: undefined,
  };
  const names = input(env, "checks")
    .split(/[\s,]+/)
    .filter((n) => n !== "");
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const silent = { update() {}, done() {} };
  const { report, locate } = await runCheckCommand(
    { kind: "check", output, gate: {}, names, configFile: input(env, "config") || undefined },
    env,
    workspace,
    silent,
  );

  const fence = randomUUID();
  write(`::stop-commands::${fence}\n${formatText(report)}::${fence}::\n`);
  for (const line of annotations(report, locate)) write(`${line}\n`);
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, formatMarkdown(report));

  const dir = join(env.RUNNER_TEMP || tmpdir(), "envdiff");
  mkdirSync(dir, { recursive: true });
  const reportFile = join(dir, "report.json");
  const junitFile = join(dir, "junit.xml");
  writeFileSync(reportFile, `${safeJson(report, 2)}\n`);
  writeFileSync(junitFile, formatJunit(report));
  setOutputs(env, {
    verdict: report.verdict,
    high: String(report.counts.high),
    medium: String(report.counts.medium),
    low: String(report.counts.low),
    info: String(report.counts.info),
    report: reportFile,
    junit: junitFile,
  });
  return report.exitCode;
}

/** Runs as the bundle's main: anything that stops the run is an ::error annotation and exit 3. */
export function main(env: Env = process.env) {
  const write = (text: string) => process.stdout.write(text);
  runAction(env, write).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const known = error instanceof UsageError || error instanceof ApiFailure;
      const message = error instanceof Error ? error.message : String(error);
      write(`::error title=envdiff::${escapeData(known ? message : `unexpected error: ${message}`)}\n`);
      setOutputs(env, { verdict: "error" });
      process.exitCode = EXIT.error;
    },
  );
}
