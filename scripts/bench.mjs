#!/usr/bin/env node
// npm run bench: runs every benchmark and prints one JSON object per line (contract § Benchmarks).
import { spawnSync } from "node:child_process";

const run = (cmd, args) => {
  const res = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], env: process.env });
  if (res.status !== 0) process.exitCode = res.status ?? 1;
};

// In-workerd benchmarks: the diff engine and the Durable Object's billed rows.
run("vitest", ["run", "--config", "vitest.bench.config.ts"]);
