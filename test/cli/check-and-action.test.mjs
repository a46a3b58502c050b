// A repository's envdiff.config.json, run by `envdiff check` and by the GitHub Action's entry
// (action/index.mjs, the committed bundle action.yml runs) with GitHub's environment simulated:
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE, RUNNER_TEMP and the INPUT_* variables.
// Against a real `wrangler dev --local`: outputs, summary, annotations, the JUnit file and the exit
// codes, per-side tokens from the environment reaching their own side, `init`, `pairs`, and a hostile
// target's text. Exit 4 comes from a stand-in server that answers with issue 23's inconclusive result.
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import yaml from "js-yaml";
import { runAction } from "./action-runner.mjs";
import { comparisonState } from "./fixtures.mjs";
import { runCli, startStack } from "./harness.mjs";
import { assertNeutral, startHostileTarget } from "./hostile-target.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "envdiff-action-"));
let stack;
let hostile;
let n = 0;

before(async () => {
  [stack, hostile] = await Promise.all([startStack(), startHostileTarget()]);
});
after(async () => {
  await Promise.all([stack?.stop(), hostile?.close()]);
  rmSync(tmp, { recursive: true, force: true });
});

/** A fresh workspace holding `config` as envdiff.config.json. */
function workspace(config) {
  const dir = join(tmp, `ws-${++n}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "envdiff.config.json"), `${JSON.stringify(config, null, 2)}\n`);
  return dir;
}

/** Two checks as the README describes them: a suite with per-side tokens, and a pair that differs. */
function repositoryConfig(key) {
  const port = new URL(stack.targets).port;
  return {
    checks: {
      api: {
        suite: {
          leftBase: `${stack.targets}/recorded`,
          rightBase: `http://localhost:${port}/recorded`,
          paths: [`/${key}`],
        },
        options: {
          left: { headers: { authorization: "Bearer ${STAGING_TOKEN}" } },
          right: { headers: { authorization: "Bearer ${PROD_TOKEN}" } },
        },
      },
      health: {
        left: `${stack.targets}/variant/staging/api/health?${key}`,
        right: `${stack.targets}/variant/production/api/health?${key}`,
      },
    },
    gate: { failOn: "high" },
  };
}
const TOKENS = { STAGING_TOKEN: "staging-secret", PROD_TOKEN: "production-secret" };

/** stdout of the action minus the lines it writes for the runner on purpose. */
function reportLines(stdout) {
  const fence = /^::stop-commands::(.+)$/m.exec(stdout)?.[1];
  assert.ok(fence, "the report is fenced with ::stop-commands::");
  const inside = stdout.slice(
    stdout.indexOf(`::stop-commands::${fence}\n`) + fence.length + 18,
    stdout.indexOf(`::${fence}::`),
  );
  const outside = stdout.replace(inside, "").replace(`::stop-commands::${fence}\n`, "").replace(`::${fence}::\n`, "");
  return { inside, outside: outside.replace(/^::add-mask::.*\n/m, "") };
}

describe("action.yml", () => {
  it("declares the contract's inputs and outputs and runs the bundle on the runner's Node", () => {
    const action = yaml.load(readFileSync(join(ROOT, "action.yml"), "utf8"));
    assert.deepEqual(Object.keys(action.inputs), ["config", "checks", "server", "token"]);
    assert.deepEqual(Object.keys(action.outputs), ["verdict", "high", "medium", "low", "info", "report", "junit"]);
    assert.deepEqual(action.runs, { using: "node24", main: "action/index.mjs" });
    assert.equal(action.inputs.config.default, "envdiff.config.json");
  });
});

describe("the action's entry, with GitHub's environment simulated", () => {
  it("gates both checks together: outputs, summary, annotations on the config's lines, JUnit, exit 1", async () => {
    const key = `action-${crypto.randomUUID()}`;
    const ws = workspace(repositoryConfig(key));
    const { code, stdout, stderr, outputs, summary } = await runAction(
      ws,
      { config: "envdiff.config.json", checks: "", server: stack.url, token: "ci-token-123" },
      TOKENS,
    );
    assert.equal(code, 1, stdout + stderr);
    assert.ok(stdout.startsWith("::add-mask::ci-token-123\n"), "the token is masked before anything else");
    assert.deepEqual(
      { verdict: outputs.verdict, high: outputs.high, medium: outputs.medium, low: outputs.low },
      { verdict: "fail", high: "1", medium: "0", low: "0" },
    );
    const { inside, outside } = reportLines(stdout);
    assert.match(inside, /^health: .*\/api\/health.* {2}\[completed · different\]/m);
    assert.match(inside, /^FAIL: 1 difference\(s\) at or above high/m);
    const healthLine =
      readFileSync(join(ws, "envdiff.config.json"), "utf8")
        .split("\n")
        .findIndex((l) => l.includes('"health"')) + 1;
    assert.match(
      outside,
      new RegExp(
        `^::error file=envdiff.config.json,line=${healthLine},title=envdiff high \\(new\\)%3A health%3A .*::high new changed /status: 503 → 200$`,
        "m",
      ),
    );
    assert.match(summary, /^## envdiff check api, health$/m);
    assert.match(summary, /\| fail \| high \| new \| changed \| `\/status` \| `503` \| `200` \|/);

    const report = JSON.parse(readFileSync(outputs.report, "utf8"));
    assert.equal(report.exitCode, 1);
    assert.deepEqual(
      report.items.map((i) => i.check),
      ["api", "health"],
    );
    const junit = readFileSync(outputs.junit, "utf8");
    assert.equal(XMLValidator.validate(junit), true);
    const suites = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(junit).testsuites
      .testsuite;
    assert.deepEqual(
      suites.map((s) => [s.name, s.tests, s.failures]),
      [
        ["envdiff api", "1", "0"],
        ["envdiff health", "1", "1"],
      ],
    );

    // Each side received its own token from the environment, never the other's.
    const seen = await (await fetch(`${stack.targets}/recorded/${key}/requests`)).json();
    const byHost = new Set(seen.map((h) => `${h.host.split(":")[0]} ${h.authorization}`));
    assert.deepEqual([...byHost].sort(), ["127.0.0.1 Bearer staging-secret", "localhost Bearer production-secret"]);
  });

  it("runs only the checks named, and passes when they do", async () => {
    const ws = workspace(repositoryConfig(`named-${crypto.randomUUID()}`));
    const { code, outputs } = await runAction(
      ws,
      { config: "envdiff.config.json", checks: "api", server: stack.url },
      TOKENS,
    );
    assert.equal(code, 0);
    assert.equal(outputs.verdict, "pass");
    assert.deepEqual(
      JSON.parse(readFileSync(outputs.report, "utf8")).items.map((i) => i.check),
      ["api"],
    );
  });

  it("fails with exit 3 and an ::error naming a missing secret, without starting anything", async () => {
    const ws = workspace(repositoryConfig(`missing-${crypto.randomUUID()}`));
    const { code, stdout, outputs } = await runAction(
      ws,
      { config: "envdiff.config.json", server: stack.url },
      { STAGING_TOKEN: "s" },
    );
    assert.equal(code, 3);
    assert.match(
      stdout,
      /^::error title=envdiff::envdiff\.config\.json: this environment variable is not set or empty: \$\{PROD_TOKEN\} \(checks\.api\.options\.right\.headers\.authorization\)\.$/m,
    );
    assert.equal(outputs.verdict, "error");
  });

  it("keeps a hostile target's text out of the log's commands, the annotations and the summary", async () => {
    const q = `?run=${crypto.randomUUID()}`;
    const ws = workspace({
      checks: { evil: { left: `${hostile.baseUrl}/left${q}`, right: `${hostile.baseUrl}/right${q}` } },
      gate: { failOn: "low" },
    });
    const { code, stdout, summary, outputs } = await runAction(ws, { server: stack.url });
    assert.equal(code, 1, stdout);
    const { inside, outside } = reportLines(stdout);
    assertNeutral(inside, "the fenced report");
    assertNeutral(outside, "the annotations", { ours: true });
    assertNeutral(summary, "the job summary");
    assertNeutral(readFileSync(outputs.junit, "utf8"), "the JUnit file");
    assertNeutral(readFileSync(outputs.report, "utf8"), "the JSON report");
    assert.match(inside, /"::stop-commands::fence"/, "the values are still shown");
  });
});

describe("envdiff check and envdiff init from the command line", () => {
  it("init writes a file that check runs, the gate in the file and flags over it", async () => {
    const dir = join(tmp, `init-${++n}`);
    mkdirSync(dir);
    const q = `?init=${crypto.randomUUID()}`;
    const urls = [
      `${stack.targets}/variant/staging/api/status${q}`,
      `${stack.targets}/variant/production/api/status${q}`,
    ];
    const init = await runCli(["init", ...urls, "--name", "status", "--server", stack.url], {}, dir);
    assert.equal(init.code, 0, init.stderr);
    const file = join(dir, "envdiff.config.json");
    const config = JSON.parse(readFileSync(file, "utf8"));
    assert.equal(config.server, stack.url);
    config.gate.failOn = "medium";
    writeFileSync(file, JSON.stringify(config));
    const gated = await runCli(["check"], {}, dir);
    assert.equal(gated.code, 1, gated.stderr);
    assert.match(gated.stdout, /^FAIL: 1 difference\(s\) at or above medium \(--fail-on medium\)$/m);
    const overridden = await runCli(["check", "status", "--fail-on", "high"], {}, dir);
    assert.equal(overridden.code, 0, overridden.stderr);
    assert.equal((await runCli(["check", "nope"], {}, dir)).code, 3);
  });

  it("check annotates the config file's line in GitHub Actions", async () => {
    const ws = workspace(repositoryConfig(`cli-${crypto.randomUUID()}`));
    const { code, stderr } = await runCli(
      ["check", "health", "--server", stack.url],
      { GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: ws },
      ws,
    );
    assert.equal(code, 1);
    assert.match(stderr, /^::error file=envdiff\.config\.json,line=\d+,title=envdiff high \(new\)%3A health%3A /m);
  });

  it("pairs shows every severity's count and the verdict", async () => {
    const q = `?pairs=${crypto.randomUUID()}`;
    const urls = [
      `${stack.targets}/variant/staging/api/status${q}`,
      `${stack.targets}/variant/production/api/status${q}`,
    ];
    const compared = await runCli(["compare", ...urls, "--format", "json"], { ENVDIFF_URL: stack.url });
    const pairKey = JSON.parse(compared.stdout).items[0].comparisonId.split(":")[0];
    // The directory is written by the workflow's step after the one that completes the comparison.
    for (let i = 0; i < 200 && (await fetch(`${stack.url}/api/pairs/${pairKey}`)).status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const { stdout } = await runCli(["pairs", "--limit", "100"], { ENVDIFF_URL: stack.url });
    const line = stdout.split("\n").find((l) => l.startsWith(pairKey.slice(0, 12)));
    assert.match(line, /completed +different +high 0 · medium 1 · low 1 · info 0/);
  });
});

describe("an inconclusive comparison (issue 23), from a stand-in server", () => {
  let server;
  let url;
  /** Answers POST /api/compare and the summary view with the contract's inconclusive result. */
  before(async () => {
    const comparisonId = `${"c".repeat(64)}:00000000-0000-4000-8000-00000000000c`;
    const state = comparisonState(
      {
        verdict: "inconclusive",
        inconclusive: [{ reason: "unstable_status", side: "right", samples: [{ status: 200 }, { status: 503 }] }],
        diff: { identical: true, differences: [] },
        explanation: { source: "rules", summary: "The right side answered 200 and then 503.", severity: "none" },
      },
      { comparisonId, pairKey: "c".repeat(64) },
    );
    server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.method === "POST") {
        res
          .writeHead(202)
          .end(JSON.stringify({ comparisonId, pairKey: state.pairKey, status: "running", createdAt: state.createdAt }));
      } else res.end(JSON.stringify(state));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => server?.close());

  const config = (gate) => ({
    checks: { home: { left: "https://staging.example/", right: "https://www.example/" } },
    gate,
  });

  it("passes unless the gate says so; exits 4 under the config's gate or --fail-on-inconclusive", async () => {
    const passing = workspace(config({}));
    const quiet = await runCli(["check", "--server", url], {}, passing);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.match(quiet.stdout, /\? inconclusive unstable_status at right samples/);
    assert.equal((await runCli(["check", "--server", url, "--fail-on-inconclusive"], {}, passing)).code, 4);
    const failing = workspace(config({ inconclusive: "fail" }));
    const gated = await runCli(["check", "--server", url], {}, failing);
    assert.equal(gated.code, 4);
    assert.match(gated.stdout, /^INCONCLUSIVE: 1 comparison\(s\) could not decide/m);
  });

  it("the action exits 4 with the verdict inconclusive", async () => {
    const { code, outputs } = await runAction(workspace(config({ inconclusive: "fail" })), { server: url });
    assert.equal(code, 4);
    assert.equal(outputs.verdict, "inconclusive");
  });
});
