/**
 * No request header value in clear in any persisted byte (issue 21, finding 1). Over 40 real
 * credential header names and random ones, each with a value of its own, go through a comparison,
 * a pair's saved settings, a pair watch with a webhook, a suite and its re-run, and a suite watch,
 * on `wrangler dev --local --persist-to`. Then every file of the state folder, whatever it belongs
 * to (D1's and the objects' SQLite with their WAL and shared memory, Workflows, Queues, the local
 * traces), and everything the server logged, is searched byte by byte: no value, no webhook secret.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { CREDENTIAL_HEADER_NAMES, randomHeaderNames } from "../support/credential-headers.ts";
import { client, devVars, ended, finished, json, newKey, stackForFile, startWorker, tick, until } from "./harness.mjs";

const NAMES = [...CREDENTIAL_HEADER_NAMES, ...randomHeaderNames(10)];

/** Header options whose every value holds `sentinel`: 20 shared, 20 for the left side, the rest for the right. */
function headerOptions(sentinel, tag) {
  const values = (names, where) =>
    Object.fromEntries(names.map((name) => [name, `${sentinel}-${tag}-${where}-${name}`]));
  return {
    headers: values(NAMES.slice(0, 20), "shared"),
    left: { headers: values(NAMES.slice(20, 40), "left") },
    right: { headers: values(NAMES.slice(40, 60), "right") },
  };
}

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const stack = stackForFile("sentinel");

test("no header value of any name, nor a webhook secret, in any persisted file or log line", async () => {
  assert.ok(NAMES.length >= 50);
  const t = stack.servers.targets.baseUrl;
  const s = stack.servers.suiteTargets.baseUrl;
  const sentinel = `files-${crypto.randomUUID()}`;
  const k = crypto.randomUUID();
  const sk = `f${k.slice(0, 8)}`;
  stack.worker = await startWorker(stack.dirs.state, devVars(stack.dirs.root, "dev.vars", newKey()));
  const call = client(stack.worker);
  const leftUrl = `${t}/recorded/${k}-left`;
  const rightUrl = `${t}/recorded/${k}-right`;

  const compare = await call("POST", "/api/compare", {
    leftUrl,
    rightUrl,
    options: { ...headerOptions(sentinel, "run"), samples: 1 },
  });
  assert.equal(compare.status, 202, compare.text);
  assert.equal((await ended(call, compare.json.comparisonId)).status, "completed");
  const { pairKey } = compare.json;
  const seen = await json(`${t}/recorded/${k}-left/requests`);
  assert.equal(seen[0]["x-auth-key"], `${sentinel}-run-shared-X-Auth-Key`, "the values were sent");

  assert.equal((await call("PUT", `/api/pairs/${pairKey}/settings`, headerOptions(sentinel, "settings"))).status, 200);
  await until("the directory row", async () => (await call("GET", `/api/pairs/${pairKey}`)).status === 200);
  const watch = await call("PUT", `/api/pairs/${pairKey}/watch`, {
    intervalMinutes: 5,
    webhookUrl: `${t}/webhook/${k}`,
    options: { ...headerOptions(sentinel, "watch"), samples: 1 },
  });
  assert.equal(watch.status, 200, watch.text);
  const secrets = [watch.json.webhookSecret];

  const suite = await call("POST", "/api/suites", {
    leftBase: `${s}/left`,
    rightBase: `${s}/right`,
    paths: [`/recorded/${sk}`],
    options: { ...headerOptions(sentinel, "suite"), samples: 1, ignorePaths: ["/timing/totalMs"] },
  });
  assert.equal(suite.status, 202, suite.text);
  const { suiteId } = suite.json;
  await finished(call, suiteId, suite.json.runId);
  const rerun = await call("POST", `/api/suites/${suiteId}/runs`, {});
  await finished(call, suiteId, rerun.json.runId);
  const suiteWatch = await call("PUT", `/api/suites/${suiteId}/watch`, {
    intervalMinutes: 5,
    webhookUrl: `${t}/webhook/${sk}`,
  });
  assert.equal(suiteWatch.status, 200, suiteWatch.text);
  secrets.push(suiteWatch.json.webhookSecret);

  // The watches run on the tick: the pair's and the suite's.
  await tick(stack.worker);
  await until("the watch runs", async () => {
    const pairRuns = (await call("GET", `/api/pairs/${pairKey}/comparisons`)).json.comparisons;
    const suiteRun = (await call("GET", `/api/suites/${suiteId}`)).json.run;
    return (
      pairRuns.length >= 2 &&
      pairRuns.every((c) => c.status !== "running") &&
      suiteRun.runId > rerun.json.runId &&
      suiteRun.finishedAt
    );
  });
  assert.equal((await json(`${s}/recorded/left/${sk}`)).length, 3, "three suite runs probed the left side");
  await stack.worker.stop();
  const log = stack.worker.log();

  // Every persisted byte, and every log line.
  const all = files(stack.dirs.state);
  const stores = new Set(all.map((file) => relative(stack.dirs.state, file).split("/").slice(0, 2).join("/")));
  for (const store of ["v3/d1", "v3/do", "v3/workflows"]) assert.ok(stores.has(store), `${store} was persisted`);
  assert.ok(
    all.some((file) => file.endsWith("-wal")),
    "WAL files are searched too",
  );
  const needles = [sentinel, ...secrets.map((secret) => secret.slice("whsec_".length))].map((n) => Buffer.from(n));
  let sealedSeen = false;
  for (const file of all) {
    const bytes = readFileSync(file);
    sealedSeen ||= bytes.includes("enc:v2:");
    for (const needle of needles)
      assert.ok(!bytes.includes(needle), `${relative(stack.dirs.state, file)} holds a secret in clear`);
  }
  assert.ok(sealedSeen, "the sealed values are in the files searched");
  assert.ok(log.includes("comparison.completed"), "the log was captured");
  for (const needle of needles) assert.ok(!log.includes(needle.toString()), "the log holds a secret in clear");
});
