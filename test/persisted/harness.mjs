/**
 * The harness of the tests that need real files (npm run test:persisted): `wrangler dev --local`
 * with its own `--persist-to` folder, where D1, the Durable Objects (their SQLite and WAL), Workflows
 * and Queues keep their state, and secrets read from a dotenv file, the format of .dev.vars. Plus the
 * local targets and a client for the API. Node's test runner, not the workerd pool.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { startDevServer } from "../../scripts/lib/dev-server.mjs";
import { preferMemoryTmpDir } from "../../scripts/lib/memory-tmp.mjs";
import { startSuiteTargets } from "../support/suite-targets.ts";
import { startTargets } from "../support/targets.ts";

// The servers' state folders in memory where the machine has it (scripts/lib/memory-tmp.mjs).
preferMemoryTmpDir();

export const newKey = () => randomBytes(32).toString("base64");

/** A folder for a server's state, and one for its dotenv files. */
export function folders(name) {
  const root = mkdtempSync(join(tmpdir(), `envdiff-${name}-`));
  return { root, state: join(root, "state") };
}

/** Writes a dotenv file with the two secrets, as a developer's .dev.vars holds them. */
export function devVars(root, name, key, previous = "none") {
  const file = join(root, name);
  writeFileSync(file, `ENVDIFF_SECRETS_KEY=${key}\nENVDIFF_SECRETS_KEY_PREVIOUS=${previous}\n`, { mode: 0o600 });
  return file;
}

export async function startAll() {
  const [targets, suiteTargets] = await Promise.all([startTargets(0), startSuiteTargets(0)]);
  return { targets, suiteTargets, close: () => Promise.all([targets.close(), suiteTargets.close()]) };
}

/**
 * The targets and a state folder for one test file, torn down after it: `stack.worker` is the server
 * the test started last, stopped at the end if it still runs.
 */
export function stackForFile(name) {
  const stack = { servers: null, dirs: null, worker: null };
  before(async () => {
    stack.servers = await startAll();
    stack.dirs = folders(name);
  });
  after(async () => {
    await stack.worker?.stop();
    await stack.servers?.close();
    if (stack.dirs) rmSync(stack.dirs.root, { recursive: true, force: true });
  });
  return stack;
}

/** The Worker with the state in `state` and the secrets of `envFile`; `--test-scheduled` runs ticks. */
export function startWorker(state, envFile) {
  return startDevServer({ persistTo: state, envFile, args: ["--test-scheduled"] });
}

/** A JSON client of one server: `call(method, path, body?)` → { status, json, text }. */
export function client(server) {
  return async (method, path, body) => {
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers["content-type"] = "application/json";
    }
    const res = await fetch(`${server.url}${path}`, init);
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, json, text };
  };
}

/** Polls until `check()` returns something truthy; fails with `what` after `ms`. */
export async function until(what, check, ms = 30_000) {
  const stop = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > stop) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Waits for a comparison's end and returns its state. */
export function ended(call, comparisonId) {
  return until(`comparison ${comparisonId}`, async () => {
    const { json } = await call("GET", `/api/compare/${comparisonId}`);
    return json && json.status !== "running" ? json : null;
  });
}

/** Waits for a suite's run `runId` to finish and returns it. */
export function finished(call, suiteId, runId) {
  return until(`suite run ${runId}`, async () => {
    const { json } = await call("GET", `/api/suites/${suiteId}`);
    return json?.run?.runId === runId && json.run.finishedAt !== null ? json.run : null;
  });
}

/** One cron tick, as the platform would run it (`wrangler dev --test-scheduled`). */
export async function tick(server) {
  const res = await fetch(`${server.url}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
  if (!res.ok) throw new Error(`tick: ${res.status} ${await res.text()}`);
}

export async function json(url) {
  return (await fetch(url)).json();
}
