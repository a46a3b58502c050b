// One `wrangler dev --local` and the local HTTP targets for the CLI and conformance tests, plus a way
// to run the built CLI on plain Node 20 (the system node) as a CI job would, outside npm's PATH.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startDevServer } from "../../scripts/lib/dev-server.mjs";
import { preferMemoryTmpDir } from "../../scripts/lib/memory-tmp.mjs";
import { startTargets } from "../support/targets.ts";

// The servers' state folders in memory where the machine has it (scripts/lib/memory-tmp.mjs).
preferMemoryTmpDir();

const ROOT = resolve(import.meta.dirname, "../..");
export const CLI = join(ROOT, "packages", "cli", "dist", "cli.js");

/** A Node 20 if the machine has one (the engines floor the CLI promises), else the Node running the tests. */
function findCliNode() {
  if (process.env.ENVDIFF_CLI_NODE) return process.env.ENVDIFF_CLI_NODE;
  for (const candidate of ["/usr/local/bin/node", "/usr/bin/node"]) {
    try {
      if (execFileSync(candidate, ["--version"], { encoding: "utf8" }).startsWith("v20.")) return candidate;
    } catch {}
  }
  return process.execPath;
}
export const CLI_NODE = findCliNode();

/**
 * Starts the server (a short RUN_DEADLINE_MS, so a comparison of /hang fails with deadline_exceeded
 * quickly) and the targets; `stop` ends both and removes the server's state.
 */
export async function startStack({ vars = {} } = {}) {
  const persistTo = mkdtempSync(join(tmpdir(), "envdiff-cli-test-"));
  const targets = await startTargets();
  let server;
  try {
    // Confirming rounds 25 ms apart, as in the workerd tests (vitest.config.ts), not 300 ms.
    server = await startDevServer({ persistTo, vars: { RUN_DEADLINE_MS: "6000", CONFIRM_SPACING_MS: "25", ...vars } });
  } catch (error) {
    await targets.close();
    throw error;
  }
  return {
    url: server.url,
    targets: targets.baseUrl,
    async stop() {
      await server.stop();
      await targets.close();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

/** Runs a program to its end: exit code, stdout, stderr. No TTY, as in CI; only the environment given. */
export function runProcess(command, args, { env = {}, cwd } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.once("error", fail);
    child.once("close", (code) => done({ code, stdout, stderr }));
  });
}

/** Runs `envdiff …` on CLI_NODE to its end (in `cwd` if given): exit code, stdout, stderr. */
export function runCli(args, env = {}, cwd = undefined) {
  return runProcess(CLI_NODE, [CLI, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, cwd });
}
