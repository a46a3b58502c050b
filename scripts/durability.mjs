#!/usr/bin/env node
// npm run test:durability: kills `wrangler dev --local` with SIGKILL while comparisons are in
// flight, starts it again on the same --persist-to directory and checks that nothing was lost:
// completed comparisons are byte-for-byte unchanged, in-flight ones end (their workflow resumes,
// or the deadline watchdog fails them with deadline_exceeded), the pair lists hold the right
// counts, and new comparisons work. Prints PASS/FAIL per check; exits 1 on any failure.
// Observed with wrangler 4.156: the local Workflows engine does not resume instances killed this
// way, so the watchdog's alarm (persisted with the object) is what ends them, at the deadline.
import { existsSync, mkdirSync, mkdtempSync, rmdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { startTargets } from "../test/support/targets.ts";
import { startDevServer } from "./lib/dev-server.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Short, so a comparison whose workflow is lost fails within the run. */
const DEADLINE_MS = Number(process.env.DURABILITY_DEADLINE_MS ?? 15_000);
/** Everything, both starts included, must finish within this. */
const BUDGET_MS = 115_000;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const note = (message) => console.log(`[${elapsed()}] ${message}`);
const results = [];
const check = (name, ok, detail = "") => {
  results.push({ name, ok });
  console.log(`${ok ? "PASS" : "FAIL"}  ${name}${detail ? ` — ${detail}` : ""}`);
};

// wrangler refuses to start while the web page's assets directory is missing (it is built by
// build:web); the page is not under test here, so an empty directory will do.
const ASSETS = join(ROOT, "dist", "web");
const madeAssets = !existsSync(ASSETS);
if (madeAssets) mkdirSync(ASSETS, { recursive: true });

const state = mkdtempSync(join(tmpdir(), "envdiff-durability-"));
const targets = await startTargets(0);
let wrangler = null;
let cleaning = null;

function cleanup() {
  cleaning ??= (async () => {
    await wrangler?.stop();
    await targets.close();
    rmSync(state, { recursive: true, force: true });
    try {
      if (madeAssets) rmdirSync(ASSETS); // only while still empty: a build may have filled it meanwhile
    } catch {}
  })();
  return cleaning;
}

async function finish() {
  const failed = results.filter((r) => !r.ok);
  await cleanup();
  console.log(
    failed.length === 0
      ? `\nPASS durability across a hard kill: ${results.length} checks in ${elapsed()}`
      : `\nFAIL durability across a hard kill: ${failed.length} of ${results.length} checks failed (${elapsed()})`,
  );
  process.exit(failed.length === 0 ? 0 : 1);
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => cleanup().then(() => process.exit(130)));
const budget = setTimeout(() => {
  check(`finished within ${BUDGET_MS / 1000} s`, false);
  void finish();
}, BUDGET_MS);

/** Starts wrangler dev on the shared state directory (see scripts/lib/dev-server.mjs). */
async function startWrangler() {
  wrangler = await startDevServer({ persistTo: state, vars: { RUN_DEADLINE_MS: String(DEADLINE_MS) } });
  return { api: wrangler.url };
}

async function post(api, body) {
  const res = await fetch(`${api}/api/compare`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status !== 202) throw new Error(`POST /api/compare answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Polls a comparison until it leaves `running`; returns its state (or the last one at the bound). */
async function waitForEnd(api, comparisonId, boundMs) {
  const until = Date.now() + boundMs;
  for (;;) {
    const current = await (await fetch(`${api}/api/compare/${comparisonId}`)).json();
    if (current.status !== "running" || Date.now() > until) return current;
    await sleep(200);
  }
}

try {
  const t = targets.baseUrl;
  const run = crypto.randomUUID().slice(0, 8);
  const pairs = {
    json: [`${t}/json?run=${run}`, `${t}/json?run=${run}&b`],
    variant: [`${t}/variant/staging/api/status?run=${run}`, `${t}/variant/production/api/status?run=${run}`],
    slow: [`${t}/delay?ms=4000&run=${run}`, `${t}/json?run=${run}&slow`],
  };

  let { api } = await startWrangler();
  note(`wrangler dev up at ${api} (state ${state})`);

  // Completed comparisons, with the exact bytes a client reads.
  const completed = [];
  for (const [leftUrl, rightUrl] of [pairs.json, pairs.variant, pairs.json, pairs.variant, pairs.json]) {
    const { comparisonId, pairKey } = await post(api, { leftUrl, rightUrl });
    const end = await waitForEnd(api, comparisonId, 20_000);
    if (end.status !== "completed") throw new Error(`setup comparison ended ${end.status}: ${JSON.stringify(end)}`);
    const body = await (await fetch(`${api}/api/compare/${comparisonId}`)).text();
    completed.push({ comparisonId, pairKey, body });
  }
  note(`${completed.length} comparisons completed`);

  // In flight when the process dies: probes waiting on slow and hanging targets.
  const inFlight = [];
  for (const body of [
    { leftUrl: pairs.slow[0], rightUrl: pairs.slow[1] },
    { leftUrl: pairs.slow[0], rightUrl: pairs.slow[1] },
    { leftUrl: `${t}/hang?run=${run}`, rightUrl: pairs.json[1], options: { timeoutMs: 20_000 } },
    {
      leftUrl: pairs.variant[0].replace("api/status", "api/health"),
      rightUrl: `${t}/hang?run=${run}&v`,
      options: { timeoutMs: 20_000 },
    },
  ]) {
    const { comparisonId, pairKey } = await post(api, body);
    inFlight.push({ comparisonId, pairKey, createdAt: Date.now() });
  }
  await sleep(1000);
  const stillRunning = await Promise.all(
    inFlight.map(async (c) => (await (await fetch(`${api}/api/compare/${c.comparisonId}`)).json()).status),
  );
  check(
    "in-flight comparisons were running when the process was killed",
    stillRunning.every((s) => s === "running"),
    stillRunning.join(", "),
  );

  note("SIGKILL to the wrangler process group");
  await wrangler.kill();
  const killedAt = Date.now();
  ({ api } = await startWrangler());
  note(`restarted at ${api} in ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);

  const after = await Promise.all(
    completed.map(async (c) => (await fetch(`${api}/api/compare/${c.comparisonId}`)).text()),
  );
  const changed = completed.filter((c, i) => after[i] !== c.body);
  check(
    `all ${completed.length} completed comparisons are unchanged, byte for byte`,
    changed.length === 0,
    changed.map((c) => c.comparisonId).join(" "),
  );

  // A lost workflow leaves its comparison to the watchdog: the deadline plus slack for the alarm.
  const bound = DEADLINE_MS + 25_000;
  const ends = await Promise.all(
    inFlight.map((c) => waitForEnd(api, c.comparisonId, bound - (Date.now() - c.createdAt))),
  );
  for (const [i, end] of ends.entries()) {
    const c = inFlight[i];
    const how =
      end.status === "completed"
        ? "completed: its workflow resumed"
        : end.status === "failed"
          ? `failed with ${end.error?.code}${end.error?.code === "deadline_exceeded" ? ": the watchdog ended it" : ""}`
          : "still running";
    const ms = Date.parse(end.updatedAt) - c.createdAt;
    check(
      `in-flight comparison ${i + 1} ended`,
      end.status !== "running",
      `${how}, ${(ms / 1000).toFixed(1)} s after its POST`,
    );
  }

  // What the restarted process did for them, from its structured log: did any workflow resume?
  const events = new Map();
  for (const line of wrangler.log().split("\n")) {
    // wrangler wraps warnings and errors in colours and a banner: find the JSON object inside.
    const event = /\{"level":"\w+","event":"([^"]+)"/.exec(line)?.[1];
    if (event && event !== "request" && inFlight.some((c) => line.includes(c.comparisonId)))
      events.set(event, (events.get(event) ?? 0) + 1);
  }
  const seen = [...events].map(([event, n]) => `${event} ×${n}`).join(", ");
  note(`after the restart, log events for the in-flight comparisons: ${seen || "none"}`);

  // Each pair's list holds every comparison made in it, with the statuses read one by one.
  const expected = new Map();
  for (const c of [...completed, ...inFlight])
    expected.set(c.pairKey, [...(expected.get(c.pairKey) ?? []), c.comparisonId]);
  for (const [pairKey, ids] of expected) {
    const list = await (await fetch(`${api}/api/pairs/${pairKey}/comparisons?limit=50`)).json();
    const listed = new Set(list.comparisons.map((c) => c.comparisonId));
    const ok = list.comparisons.length === ids.length && ids.every((id) => listed.has(id));
    check(`pair ${pairKey.slice(0, 12)}… lists its ${ids.length} comparisons`, ok, `listed ${list.comparisons.length}`);
    const running = list.comparisons.filter((c) => c.status === "running").length;
    check(`pair ${pairKey.slice(0, 12)}… has nothing left running`, running === 0, running ? `${running} running` : "");
  }

  const fresh = await post(api, { leftUrl: pairs.variant[0], rightUrl: pairs.variant[1] });
  const freshEnd = await waitForEnd(api, fresh.comparisonId, 20_000);
  check("a new comparison after the restart completes", freshEnd.status === "completed", freshEnd.status);
} catch (error) {
  check("the run itself", false, error instanceof Error ? error.message : String(error));
}
clearTimeout(budget);
await finish();
