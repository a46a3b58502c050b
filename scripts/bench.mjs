#!/usr/bin/env node
// npm run bench: runs every benchmark and prints one JSON object per line (contract § Benchmarks).
// Progress and anything that is not a figure goes to stderr.
import { spawnSync } from "node:child_process";

function run(args, env = {}) {
  const res = spawnSync("vitest", args, { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...env } });
  if (res.status !== 0) process.exitCode = res.status ?? 1;
}

const config = ["run", "--config", "vitest.bench.config.ts"];

// The Durable Object's billed rows per comparison, at two ring capacities: equal figures
// show that trimming the ring costs the same whatever its size.
for (const capacity of ["50", "500"]) run([...config, "bench/do-lifecycle.bench.ts"], { RING_CAPACITY: capacity });

// Every other in-workerd benchmark (the diff engine, …).
run([...config, "--exclude", "bench/do-lifecycle.bench.ts"]);

// In Node, where CPU time can be measured (workerd's clocks stand still while code computes): CPU per workflow step.
run(["run", "--config", "vitest.node-bench.config.ts"]);

// Against `wrangler dev --local`: POST→completed latency, POST latency under concurrency, load.
const load = spawnSync("node", ["scripts/load.mjs"], { stdio: ["ignore", "inherit", "inherit"], env: process.env });
if (load.status !== 0) process.exitCode = load.status ?? 1;

// Signing in: the latency an API token and an Access JWT add (scripts/bench-auth.mjs).
const auth = spawnSync("node", ["scripts/bench-auth.mjs"], {
  stdio: ["ignore", "inherit", "inherit"],
  env: process.env,
});
if (auth.status !== 0) process.exitCode = auth.status ?? 1;
// Against `wrangler dev --local`: 1,000 watched pairs due in one cron tick (scripts/watch-tick-bench.mjs).
const watchTick = spawnSync("node", ["scripts/watch-tick-bench.mjs"], {
  stdio: ["ignore", "inherit", "inherit"],
  env: process.env,
});
if (watchTick.status !== 0) process.exitCode = watchTick.status ?? 1;
// Suites against `wrangler dev --local`: a 100-path suite vs 100 separate POSTs, and D1 rows per item.
const suites = spawnSync("node", ["scripts/suite-bench.mjs"], {
  stdio: ["ignore", "inherit", "inherit"],
  env: process.env,
});
if (suites.status !== 0) process.exitCode = suites.status ?? 1;
// Opt-in, as it runs every test (about 4 minutes): the README's test command, `npm-test-seconds`
// (scripts/bench-npm-test.mjs; alone: `npm run bench:npm-test`).
if (process.env.ENVDIFF_BENCH_NPM_TEST === "1") {
  const npmTest = spawnSync("node", ["scripts/bench-npm-test.mjs"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: process.env,
  });
  if (npmTest.status !== 0) process.exitCode = npmTest.status ?? 1;
}
