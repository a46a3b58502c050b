#!/usr/bin/env node
// Suite figures against `wrangler dev --local` with instant local targets (part of npm run bench):
// - suite-100-vs-single-posts: wall time of one 100-path suite (POST, then poll GET until the run
//   finished) over the wall time of 100 separate POST /api/compare plus polling (10 clients at once,
//   as a script would), same server, same run, fresh pairs for each. Goal ≤ 1.0.
// - suite-d1-rows-written-per-item: D1 rows the suite's own tables wrote for that run, per path,
//   summed from the Worker's `suite.run_started`, `suite.run_dispatched` and `suite.item_recorded`
//   log lines. Goal ≤ 3.
// - suite-500-paths: one 500-path suite through the start queue: the POST's time (it records the run
//   and sends 5 batches of messages), the time until the run finished, and the consumer's batches.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startSuiteTargets } from "../test/support/suite-targets.ts";
import { startDevServer } from "./lib/dev-server.mjs";

const PATHS = 100;
const CLIENTS = 10;
const POLL_MS = 100;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`;
const print = (name, value, unit, extra = {}) =>
  console.log(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, machine, ...extra }));
const note = (message) => process.stderr.write(`${message}\n`);
/** The Worker's JSON log lines in a slice of wrangler's output. */
const parseLog = (text) =>
  text.split("\n").flatMap((line) => {
    const start = line.indexOf("{");
    try {
      return start < 0 ? [] : [JSON.parse(line.slice(start))];
    } catch {
      return [];
    }
  });

const targets = await startSuiteTargets(0);
const state = mkdtempSync(join(tmpdir(), "envdiff-suite-bench-"));
let server;
try {
  server = await startDevServer({ persistTo: state });
  const api = (path, init) => fetch(`${server.url}${path}`, init);
  const json = (body) => ({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const leftBase = `${targets.baseUrl}/left`;
  const rightBase = `${targets.baseUrl}/right`;
  const pathsOf = (tag) => Array.from({ length: PATHS }, (_, i) => `/p/${tag}${i}`);

  const runSuite = (tag) => runSuiteOf(tag, PATHS);
  async function runSuiteOf(tag, count) {
    const t0 = performance.now();
    const paths = Array.from({ length: count }, (_, i) => `/p/${tag}${i}`);
    const res = await api("/api/suites", json({ leftBase, rightBase, paths }));
    const accepted = await res.json();
    if (res.status !== 202) throw new Error(`POST /api/suites: ${res.status} ${JSON.stringify(accepted)}`);
    const postMs = performance.now() - t0;
    for (;;) {
      const { run } = await (await api(`/api/suites/${accepted.suiteId}`)).json();
      if (run?.finishedAt) return { ms: performance.now() - t0, postMs, run };
      await sleep(POLL_MS);
    }
  }

  async function runSingles(tag) {
    const t0 = performance.now();
    const paths = pathsOf(tag);
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < paths.length) {
          const path = paths[next++];
          const res = await api(
            "/api/compare",
            json({ leftUrl: `${leftBase}${path}`, rightUrl: `${rightBase}${path}` }),
          );
          const { comparisonId } = await res.json();
          if (res.status !== 202) throw new Error(`POST /api/compare: ${res.status}`);
          for (;;) {
            const current = await (await api(`/api/compare/${comparisonId}`)).json();
            if (current.status !== "running") break;
            await sleep(POLL_MS);
          }
        }
      }),
    );
    return performance.now() - t0;
  }

  note("suite bench: warming up");
  await runSuite("warm");
  await runSingles("warm-single");

  // Two rounds in alternating order, so neither side always runs on the warmer (or fuller) server.
  note(`suite bench: ${PATHS} separate POSTs and one ${PATHS}-path suite, two rounds`);
  const singles1 = await runSingles("single-1");
  const logStart = server.log().length;
  const suite = await runSuite("suite-1");
  await sleep(500); // the last log lines
  const logEnd = server.log().length;
  const suite2 = await runSuite("suite-2");
  const singles2 = await runSingles("single-2");
  const singlesMs = singles1 + singles2;
  const ratio = (suite.ms + suite2.ms) / singlesMs;
  print("suite-100-vs-single-posts", ratio, "ratio", {
    goal: "<= 1.0",
    suiteMs: [Math.round(suite.ms), Math.round(suite2.ms)],
    suitePostMs: [Math.round(suite.postMs), Math.round(suite2.postMs)],
    singlePostsMs: [Math.round(singles1), Math.round(singles2)],
    paths: PATHS,
    clients: CLIENTS,
    verdict: suite.run.verdict,
    totals: suite.run.totals,
  });

  // What the paths differ in, if they do (instant identical targets should not): a hint on stderr.
  const sample = suite.run.items.find((item) => item.highest !== null);
  if (sample) {
    const state = await (await api(`/api/compare/${sample.comparisonId}`)).json();
    const found = state.result?.diff.differences.map((d) => `${d.path} (${d.severity})`).join(", ");
    const errors = ["left", "right"].map((side) => state.probes?.[side]?.error?.message).filter(Boolean);
    note(
      `suite bench: ${sample.path} differs in ${found}${errors.length ? `; probe errors: ${errors.join(" / ")}` : ""}`,
    );
  }

  const lines = parseLog(server.log().slice(logStart, logEnd)).filter((entry) => entry.runId === suite.run.runId);
  const started = lines.find((e) => e.event === "suite.run_started");
  const dispatched = lines.find((e) => e.event === "suite.run_dispatched");
  const items = lines.filter((e) => e.event === "suite.item_recorded");
  const written =
    (started?.d1RowsWritten ?? 0) +
    (dispatched?.d1RowsWritten ?? 0) +
    items.reduce((sum, e) => sum + e.d1RowsWritten, 0);
  if (!started || items.length !== PATHS) note(`suite bench: saw ${items.length} item log lines of ${PATHS}`);
  print("suite-d1-rows-written-per-item", written / PATHS, "rows", {
    goal: "<= 3",
    paths: PATHS,
    atStart: started?.d1RowsWritten ?? null,
    atDispatch: dispatched?.d1RowsWritten ?? null,
    itemLogLines: items.length,
    scope: "suites, suite_runs, suite_items; each path's pair directory row is written as for any comparison",
  });

  note("suite bench: one 500-path suite through the start queue");
  const before500 = server.log().length;
  const big = await runSuiteOf("big", 500);
  await sleep(500);
  const log500 = parseLog(server.log().slice(before500));
  const batches = log500.filter((e) => e.event === "fanout.batch");
  const request = log500.find((e) => e.event === "request" && e.path === "/api/suites" && e.status === 202);
  print("suite-500-paths", big.ms, "ms", {
    // The client's wait includes the local runtime flushing the answer while the consumer, in the
    // same process, starts the first batch; the Worker's own handler time is workerPostMs.
    postMs: Math.round(big.postMs),
    workerPostMs: request?.ms ?? null,
    completedMs: Math.round(big.ms),
    consumerBatches: batches.length,
    messages: batches.reduce((sum, e) => sum + (e.messages ?? 0), 0),
    started: batches.reduce((sum, e) => sum + (e.started ?? 0), 0),
    replayed: batches.reduce((sum, e) => sum + (e.replayed ?? 0), 0),
    retried: batches.reduce((sum, e) => sum + (e.retry ?? 0), 0),
    verdict: big.run.verdict,
    totals: big.run.totals,
  });
} catch (error) {
  note(error.stack ?? String(error));
  process.exitCode = 1;
} finally {
  await server?.stop();
  await targets.close();
  rmSync(state, { recursive: true, force: true });
}
