#!/usr/bin/env node
// Load and latency figures against `wrangler dev --local` with local targets (part of npm run bench).
// Prints one JSON object per line: POST→completed latency, POST latency under concurrency,
// and two load runs (10 pairs, and 1 pair: one Durable Object's ceiling), each checked for
// 5xx answers, dropped connections, unfinished comparisons and exact ring sizes afterwards.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startTargets } from "../test/support/targets.ts";
import { startDevServer } from "./lib/dev-server.mjs";

const PORT = Number(process.env.LOAD_PORT ?? 8789);
const API = `http://127.0.0.1:${PORT}`;
const CAPACITY = 50;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`;
const print = (name, value, unit, extra = {}) =>
  console.log(JSON.stringify({ name, value: Math.round(value * 10) / 10, unit, machine, ...extra }));
const note = (message) => process.stderr.write(`${message}\n`);

const targets = await startTargets(0);
const state = mkdtempSync(join(tmpdir(), "envdiff-load-"));
let server;

async function stop(code) {
  await server?.stop();
  await targets.close();
  rmSync(state, { recursive: true, force: true });
  process.exit(code);
}

try {
  server = await startDevServer({ port: PORT, persistTo: state });
} catch (error) {
  note(error.message);
  await stop(1);
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

const counters = { status5xx: 0, dropped: 0 };

async function request(path, init) {
  try {
    const res = await fetch(`${API}${path}`, init);
    if (res.status >= 500) counters.status5xx++;
    return res;
  } catch (error) {
    counters.dropped++;
    throw error;
  }
}

/** One comparison: POST, then poll until it ends. Returns its timings. */
async function compareOnce(leftUrl, rightUrl, pollMs) {
  const t0 = performance.now();
  const res = await request("/api/compare", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ leftUrl, rightUrl }),
  });
  const postMs = performance.now() - t0;
  const body = await res.json();
  if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${JSON.stringify(body)}`);
  for (;;) {
    const poll = await request(`/api/compare/${body.comparisonId}`);
    const current = await poll.json();
    if (current.status !== "running")
      return { postMs, doneMs: performance.now() - t0, status: current.status, pairKey: body.pairKey };
    await sleep(pollMs);
  }
}

async function pool(total, concurrency, task) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/** Resident memory (KiB) of every process in the dev server's group: wrangler and workerd. */
function groupRssKiB() {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgrp !== server.pgid) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      total += Number(rss?.[1] ?? 0);
    } catch {} // the process ended meanwhile
  }
  return total;
}

/** Peak growth of the runtime's memory while both sides stream 40 MB (the body cap is 1 MiB). */
async function probeMemory() {
  if (!existsSync("/proc/self/stat")) return note("no /proc: memory figure skipped");
  const before = groupRssKiB();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, groupRssKiB())), 20);
  const result = await compareOnce(`${targets.baseUrl}/huge?mem`, `${targets.baseUrl}/huge?mem&b`, 50);
  clearInterval(sampler);
  print("probe-40mb-rss-growth", (peak - before) / 1024, "MiB", {
    bodyCapMiB: 1,
    responseMiB: 40,
    sides: 2,
    status: result.status,
    rssBeforeMiB: Math.round(before / 1024),
  });
}

async function ringSize(pairKey) {
  const res = await request(`/api/pairs/${pairKey}/comparisons?limit=500`);
  return (await res.json()).comparisons.length;
}

async function loadRun(label, pairs, total, concurrency) {
  const started = performance.now();
  const results = await pool(total, concurrency, (i) => {
    const pair = i % pairs;
    return compareOnce(
      `${targets.baseUrl}/json?load=${label}-${pair}`,
      `${targets.baseUrl}/json?load=${label}-${pair}&b`,
      100,
    );
  });
  const seconds = (performance.now() - started) / 1000;
  const perPair = new Map();
  for (const r of results) perPair.set(r.pairKey, (perPair.get(r.pairKey) ?? 0) + 1);
  let ringsExact = true;
  for (const [pairKey, count] of perPair)
    if ((await ringSize(pairKey)) !== Math.min(count, CAPACITY)) ringsExact = false;
  const extra = {
    comparisons: total,
    concurrency,
    pairs,
    completed: results.filter((r) => r.status === "completed").length,
    status5xx: counters.status5xx,
    dropped: counters.dropped,
    ringsExact,
  };
  print(
    `load-${label}-post-ms-p50`,
    percentile(
      results.map((r) => r.postMs),
      50,
    ),
    "ms",
    extra,
  );
  print(
    `load-${label}-post-ms-p95`,
    percentile(
      results.map((r) => r.postMs),
      95,
    ),
    "ms",
    extra,
  );
  print(
    `load-${label}-completion-ms-p50`,
    percentile(
      results.map((r) => r.doneMs),
      50,
    ),
    "ms",
    extra,
  );
  print(
    `load-${label}-completion-ms-p95`,
    percentile(
      results.map((r) => r.doneMs),
      95,
    ),
    "ms",
    extra,
  );
  print(`load-${label}-throughput`, total / seconds, "comparisons/s", extra);
}

try {
  // Warm up the Worker, the Workflow engine and the targets.
  await compareOnce(`${targets.baseUrl}/json?warm`, `${targets.baseUrl}/json?warm&b`, 20);

  note("POST → completed, 50 sequential runs…");
  const sequential = [];
  for (let i = 0; i < 50; i++)
    sequential.push(await compareOnce(`${targets.baseUrl}/json?seq`, `${targets.baseUrl}/json?seq&b`, 10));
  print(
    "compare-e2e-ms-p50",
    percentile(
      sequential.map((r) => r.doneMs),
      50,
    ),
    "ms",
    { runs: 50, pollMs: 10 },
  );
  print(
    "compare-e2e-ms-p95",
    percentile(
      sequential.map((r) => r.doneMs),
      95,
    ),
    "ms",
    { runs: 50, pollMs: 10 },
  );

  note("memory while probing a 40 MB response…");
  await probeMemory();

  note("200 comparisons at concurrency 20 across 10 pairs…");
  await loadRun("10-pairs", 10, 200, 20);
  note("200 comparisons at concurrency 20 on one pair…");
  counters.status5xx = 0;
  counters.dropped = 0;
  await loadRun("1-pair", 1, 200, 20);
  await stop(0);
} catch (error) {
  note(String(error?.stack ?? error));
  note(server.log().slice(-4000));
  await stop(1);
}
