#!/usr/bin/env node
// npm run bench:npm-test (or ENVDIFF_BENCH_NPM_TEST=1 npm run bench): how long the README's test
// command, `npm test`, takes, as one JSON line `npm-test-seconds` (contract § Benchmarks). It runs the
// whole suite (about 4 minutes on 2 cores), so plain `npm run bench` leaves it out.
//
// The caches a clean clone lacks are emptied first: vitest's record of each file's duration (which
// decides the order files start in), the dev servers' migrated D1 template and the built page and CLI.
// `--warm` keeps them. The phases' own seconds ride along in the line; the run's output goes to stderr.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`;
const warm = process.argv.includes("--warm");

if (!warm) {
  for (const dir of ["node_modules/.vite/vitest", "node_modules/.cache/envdiff-d1", "dist", "packages/cli/dist"]) {
    rmSync(join(ROOT, dir), { recursive: true, force: true });
  }
}

/** The phases of `npm test` (package.json): the page's build, vitest (from its banner) and the Node tests (after vitest's last line). */
const PHASES = [
  { name: "vitest", starts: /\bRUN\s+v\d/ },
  { name: "node", starts: /\bDuration\s+\d/ },
];

const load = loadavg()[0];
const began = performance.now();
const marks = { build: began };
const child = spawn("npm", ["test"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: process.env });
const watch = (chunk) => {
  process.stderr.write(chunk);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: vitest colours its output
  const text = String(chunk).replace(/\x1b\[[0-9;]*m/g, "");
  for (const phase of PHASES)
    if (!(phase.name in marks) && phase.starts.test(text)) marks[phase.name] = performance.now();
};
child.stdout.on("data", watch);
child.stderr.on("data", watch);
const code = await new Promise((done) => child.once("close", done));
const ended = performance.now();

const seconds = (ms) => Math.round(ms / 100) / 10;
const order = ["build", ...PHASES.map((p) => p.name)].filter((name) => name in marks);
const phases = Object.fromEntries(
  order.map((name, i) => [name, seconds((i + 1 < order.length ? marks[order[i + 1]] : ended) - marks[name])]),
);
console.log(
  JSON.stringify({
    name: "npm-test-seconds",
    value: seconds(ended - began),
    unit: "s",
    machine,
    passed: code === 0,
    caches: warm ? "warm" : "cold",
    loadBefore: Math.round(load * 100) / 100,
    phases,
  }),
);
if (code !== 0) process.exitCode = code ?? 1;
