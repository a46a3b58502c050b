// The CLI installs on its own (issue 24, item 4): `npm pack` of packages/cli, installed into an empty
// folder outside the repository with the machine's plain Node 20 and its npm (not npm scripts'
// Node 22, not the workspace's node_modules), then `envdiff --help`, `--version`, `init` (whose
// $schema must point at the schema the package ships) and a real `compare` and `check` against a
// local `wrangler dev --local`. Run by .ci/run; prints what it checked, exits 1 on the first failure.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { runProcess, startStack } from "../test/cli/harness.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "packages", "cli", "package.json"), "utf8"));

function node20() {
  for (const candidate of [process.env.ENVDIFF_CLI_NODE, "/usr/local/bin/node", "/usr/bin/node"]) {
    if (!candidate || !existsSync(candidate)) continue;
    const version = spawnSync(candidate, ["--version"], { encoding: "utf8" }).stdout.trim();
    if (version.startsWith("v20.")) return candidate;
  }
  throw new Error("No Node 20 on this machine (set ENVDIFF_CLI_NODE): the CLI promises Node 20.");
}

function check(condition, what, detail = "") {
  if (!condition) throw new Error(`${what}${detail ? `\n${detail}` : ""}`);
  console.log(`ok  ${what}`);
}

const node = node20();
// Only Node 20's own folder and the system's: nothing of this repository on the PATH.
const PATH = [dirname(node), "/usr/bin", "/bin"].join(":");
const work = mkdtempSync(join(tmpdir(), "envdiff-pack-"));
const folder = join(work, "project");
check(!folder.startsWith(`${ROOT}/`), `the folder is outside the repository: ${folder}`);
let stack;
try {
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--workspace", "envdiff", "--pack-destination", work, "--json"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }),
  )[0];
  const files = packed.files.map((f) => f.path);
  for (const file of ["package.json", "README.md", "envdiff.config.schema.json", "dist/cli.js"]) {
    check(files.includes(file), `the tarball holds ${file}`);
  }
  check(!files.some((f) => f.startsWith("src/")), "the tarball holds no TypeScript source");

  execFileSync("mkdir", ["-p", folder]);
  // The npm beside Node 20, run by it (its `#!/usr/bin/env node` finds Node 20 first on this PATH).
  const npm = (args) =>
    execFileSync("npm", args, {
      cwd: folder,
      env: { PATH, HOME: process.env.HOME },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  npm(["install", "--no-audit", "--no-fund", join(work, packed.filename)]);
  const bin = join(folder, "node_modules", ".bin", "envdiff");
  // Asynchronous: the local targets answer from this very process while envdiff waits.
  const envdiff = (args, env = {}) =>
    runProcess(bin, args, { cwd: folder, env: { PATH, HOME: process.env.HOME, ...env } });

  check(
    spawnSync("node", ["--version"], { env: { PATH }, encoding: "utf8" }).stdout.startsWith("v20."),
    `node on the PATH is Node 20 (${node})`,
  );
  const help = await envdiff(["--help"]);
  check(help.code === 0 && help.stdout.includes("envdiff compare <leftUrl> <rightUrl>"), "envdiff --help", help.stderr);
  const version = await envdiff(["--version"]);
  check(
    version.stdout.trim() === PACKAGE.version,
    `envdiff --version prints ${PACKAGE.version}`,
    version.stdout + version.stderr,
  );

  stack = await startStack();
  const url = (side, path) => `${stack.targets}/variant/${side}${path}?pack=${packed.filename}-${Date.now()}`;
  const compare = await envdiff(["compare", url("staging", "/api/health"), url("production", "/api/health")], {
    ENVDIFF_URL: stack.url,
  });
  check(
    compare.code === 1 && /✗ high\s+new\s+changed\s+\/status\s+503 → 200/.test(compare.stdout),
    "envdiff compare against wrangler dev exits 1 on the high difference",
    compare.stdout + compare.stderr,
  );

  const init = await envdiff([
    "init",
    url("staging", "/api/status"),
    url("production", "/api/status"),
    "--server",
    stack.url,
  ]);
  check(init.code === 0, "envdiff init writes envdiff.config.json", init.stderr);
  const config = JSON.parse(readFileSync(join(folder, "envdiff.config.json"), "utf8"));
  check(
    existsSync(join(folder, config.$schema)),
    `its $schema (${config.$schema}) is the schema the package installed`,
  );
  const run = await envdiff(["check", "--format", "junit"]);
  check(
    run.code === 0 && run.stdout.includes('<testsuite name="envdiff main" tests="1" failures="0"'),
    "envdiff check runs it and passes (medium is below the high gate)",
    run.stdout + run.stderr,
  );
  console.log(`The packed CLI (${packed.filename}, ${packed.size} bytes) works from an empty folder on ${node}.`);
} catch (error) {
  console.error(`cli-pack-check: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await stack?.stop();
  rmSync(work, { recursive: true, force: true });
}
