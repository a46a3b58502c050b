#!/usr/bin/env node
// watch-tick-1000 (part of npm run bench): 1,000 watched pairs due at once against instant local
// targets, in `wrangler dev --local`. Seeds the directory with `wrangler d1 execute --local`, runs one
// cron tick through /__scheduled, then polls GET /api/pairs until every pair's watch has started and
// every comparison has ended. Prints JSON lines: time from the tick until all started and until all
// completed, and the tick's and the queue consumer's counters (parsed from the Worker's log lines).
// Bounded: it gives up after WATCH_BENCH_TIMEOUT_MS (default 15 minutes) and always stops the server.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startTargets } from "../test/support/targets.ts";
import { startDevServer } from "./lib/dev-server.mjs";

const PAIRS = Number(process.env.WATCH_BENCH_PAIRS ?? 1000);
const TIMEOUT_MS = Number(process.env.WATCH_BENCH_TIMEOUT_MS ?? 15 * 60_000);
const ROOT = resolve(import.meta.dirname, "..");
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`;
const name = `watch-tick-${PAIRS}`;
const print = (metric, value, unit, extra = {}) =>
  console.log(
    JSON.stringify({
      name: metric ? `${name}-${metric}` : name,
      value: Math.round(value),
      unit,
      pairs: PAIRS,
      machine,
      ...extra,
    }),
  );
const note = (message) => process.stderr.write(`${message}\n`);

/** src/pair-key.ts in Node: sha256 of the two normalised URLs, sorted, joined by a newline. */
function pairKey(left, right) {
  const [a, b] = [left, right].map((u) => new URL(u).href).sort();
  return createHash("sha256").update(`${a}\n${b}`).digest("hex");
}

const targets = await startTargets(0);
const state = mkdtempSync(join(tmpdir(), "envdiff-watch-bench-"));
let server;
const stop = async (code) => {
  await server?.stop();
  await targets.close();
  rmSync(state, { recursive: true, force: true });
  process.exit(code);
};

try {
  const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: "true" };
  const wrangler = (args) => execFileSync(WRANGLER, args, { cwd: ROOT, stdio: "pipe", env });
  wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", state]);
  // Due a minute ago, watched every 5 minutes: what PUT .../watch leaves after a first comparison.
  const dueAt = Date.now() - 60_000;
  const rows = Array.from({ length: PAIRS }, (_, i) => {
    const left = `${targets.baseUrl}/json?bench=${i}`;
    const right = `${targets.baseUrl}/json?bench=${i}&b`;
    const key = pairKey(left, right);
    return {
      pair: `('${key}','${left}','${right}',${dueAt},${dueAt},'${key}:seed','completed',${dueAt})`,
      watch: `('pair','${key}',5,1,${dueAt})`,
    };
  });
  const seed = join(state, "seed.sql");
  const columns = `pair_key, left_url, right_url, first_compared_at, last_compared_at, last_comparison_id,
    last_status, updated_at`;
  const chunks = [];
  for (let i = 0; i < rows.length; i += 200) {
    const page = rows.slice(i, i + 200);
    chunks.push(`INSERT INTO pairs (${columns}) VALUES ${page.map((r) => r.pair).join(",")};`);
    chunks.push(
      `INSERT INTO watches (target_kind, target_id, interval_minutes, enabled, next_due_at) VALUES ${page.map((r) => r.watch).join(",")};`,
    );
  }
  writeFileSync(seed, chunks.join("\n"));
  wrangler(["d1", "execute", "DB", "--local", "--persist-to", state, "--file", seed]);
  server = await startDevServer({ persistTo: state, args: ["--test-scheduled"] });
} catch (error) {
  note(`${name}: ${error.message}`);
  await stop(1);
}

/** Every pair of the directory, through the API's own pages. */
async function allPairs() {
  const pairs = [];
  let cursor = null;
  do {
    const res = await fetch(
      `${server.url}/api/pairs?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    if (!res.ok) throw new Error(`GET /api/pairs: ${res.status}`);
    const page = await res.json();
    pairs.push(...page.pairs);
    cursor = page.nextCursor;
  } while (cursor);
  return pairs;
}

try {
  await measure();
} catch (error) {
  note(`${name}: ${error.stack ?? error}`);
  await stop(1);
}

async function measure() {
  const tickAt = Date.now();
  const tick = await fetch(`${server.url}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}&time=${tickAt}`);
  note(`${name}: tick answered ${tick.status} after ${Date.now() - tickAt} ms`);
  let allStartedMs = null;
  let allCompletedMs = null;
  let last = { started: 0, completed: 0 };
  while (Date.now() - tickAt < TIMEOUT_MS) {
    const pairs = await allPairs();
    const started = pairs.filter((p) => p.watch?.lastStartedAt);
    const completed = pairs.filter((p) => !p.lastComparisonId.endsWith(":seed"));
    if (started.length !== last.started || completed.length !== last.completed) {
      note(
        `${name}: +${Date.now() - tickAt} ms  started ${started.length}/${PAIRS}  completed ${completed.length}/${PAIRS}`,
      );
    }
    last = { started: started.length, completed: completed.length };
    if (allStartedMs === null && started.length === PAIRS) {
      // The Worker's own start times, not this loop's polling: the latest start is when all had started.
      allStartedMs = Math.max(...started.map((p) => Date.parse(p.watch.lastStartedAt))) - tickAt;
    }
    if (completed.length === PAIRS) {
      allCompletedMs = Date.now() - tickAt;
      break;
    }
    await sleep(1000);
  }

  // The Worker's JSON log lines: the tick's report and one line per consumed batch.
  const lines = server
    .log()
    .split("\n")
    .flatMap((line) => {
      const start = line.indexOf("{");
      if (start < 0) return [];
      try {
        return [JSON.parse(line.slice(start))];
      } catch {
        return [];
      }
    });
  const tickReport = lines.find((l) => l.event === "watch.tick") ?? {};
  const batches = lines.filter((l) => l.event === "fanout.batch");
  const outcomes = {};
  for (const b of batches) {
    for (const [k, v] of Object.entries(b))
      if (typeof v === "number" && k !== "messages" && k !== "paceMs") outcomes[k] = (outcomes[k] ?? 0) + v;
  }
  const sizes = batches.map((b) => b.messages);
  const counters = {
    // The machine is shared: its load average over the run says how much of the time was waiting for a core.
    loadAverage: Math.round(loadavg()[1] * 10) / 10,
    due: tickReport.due,
    tickPages: tickReport.pages,
    sendBatchCalls: tickReport.sendBatchCalls,
    consumerBatches: batches.length,
    messagesConsumed: sizes.reduce((a, b) => a + b, 0),
    largestBatch: Math.max(0, ...sizes),
    // Time the consumer waited to stay under 100 starts a second (0: its batches were slower than that anyway).
    paceWaitMs: batches.reduce((sum, b) => sum + (b.paceMs ?? 0), 0),
    outcomes,
  };
  // The contract's `watch-tick-1000`: ms from the tick until every due watch had started.
  if (allStartedMs !== null) print(null, allStartedMs, "ms", { measures: "tick until all started", ...counters });
  else print("started", last.started, "pairs", { ...counters, timedOutAfterMs: TIMEOUT_MS });
  if (allCompletedMs !== null) print("all-completed", allCompletedMs, "ms", { completed: last.completed });
  else print("completed", last.completed, "pairs", { timedOutAfterMs: TIMEOUT_MS });
  await stop(allCompletedMs === null ? 1 : 0);
}
