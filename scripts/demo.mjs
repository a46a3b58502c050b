#!/usr/bin/env node
// npm run demo: a real comparison, offline. Starts two local versions of a small service
// ("staging" and "production"), starts the Worker with `wrangler dev --local`, compares
// them through the REST API and prints what envdiff found. Needs no account and no network.
import { setTimeout as sleep } from "node:timers/promises";
import { startVariant } from "../test/support/targets.ts";
import { startDevServer } from "./lib/dev-server.mjs";

const PORT = Number(process.env.DEMO_PORT ?? 8788);
const API = `http://127.0.0.1:${PORT}`;
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

const staging = await startVariant("staging", 0);
const production = await startVariant("production", 0);
console.log(`staging    ${staging.baseUrl}\nproduction ${production.baseUrl}`);

let server;
async function shutdown(code) {
  await server?.stop();
  await Promise.all([staging.close(), production.close()]);
  process.exit(code);
}
process.on("SIGINT", () => shutdown(130));

try {
  server = await startDevServer({ port: PORT, persistTo: ".wrangler/demo-state" });
} catch (error) {
  console.error(error.message);
  await shutdown(1);
}

async function compare(path) {
  const leftUrl = `${staging.baseUrl}${path}`;
  const rightUrl = `${production.baseUrl}${path}`;
  const started = Date.now();
  const res = await fetch(`${API}/api/compare`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    // Both services run on 127.0.0.1, so the hosts cannot name the sides: the labels do.
    body: JSON.stringify({ leftUrl, rightUrl, options: { leftLabel: "staging", rightLabel: "production" } }),
  });
  const accepted = await res.json();
  if (res.status !== 202) throw new Error(`POST /api/compare answered ${res.status}: ${JSON.stringify(accepted)}`);
  for (;;) {
    const state = await (await fetch(`${API}/api/compare/${accepted.comparisonId}`)).json();
    if (state.status !== "running") return { state, ms: Date.now() - started };
    await sleep(200);
  }
}

function show(path, { state, ms }) {
  console.log(`\n${bold(`GET ${path}`)}  ${dim(`${state.status} in ${ms} ms · ${state.comparisonId.slice(0, 12)}…`)}`);
  if (state.status === "failed") return console.log(`  failed: ${state.error.code}: ${state.error.message}`);
  const { diff, explanation, resolved } = state.result;
  console.log(`  ${explanation.summary}`);
  for (const d of diff.differences) {
    const left = JSON.stringify(d.left);
    const right = JSON.stringify(d.right);
    console.log(`  ${d.severity.padEnd(6)} ${d.history.padEnd(9)} ${d.path}  ${left} → ${right}`);
  }
  if (diff.identical) console.log("  (identical once volatile headers such as date and x-request-id are ignored)");
  for (const r of resolved) console.log(`  resolved  ${r.path}`);
}

console.log(`envdiff    ${API}  (wrangler dev --local)`);
try {
  for (const path of ["/api/status", "/api/health", "/api/same"]) show(path, await compare(path));
  console.log(`\n${bold("Again, to show history")}: the same differences are now marked recurring.`);
  show("/api/status", await compare("/api/status"));
  console.log(`\nOpenAPI: ${API}/api/openapi.json`);
  await shutdown(0);
} catch (error) {
  console.error(error);
  console.error(server.log());
  await shutdown(1);
}
