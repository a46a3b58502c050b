// The README's "In CI" section as a repository would use it: its envdiff.config.json (a suite with
// each side's token from the environment, and a GraphQL query sent with POST) and its workflow,
// run through the Action's entry with GitHub's environment simulated, against a real
// `wrangler dev --local` and the demo service (test/support/targets.ts). Only the example's hosts
// are replaced, by the local demo service's staging and production. The JSON Schema must accept the
// file as written, and the gate must pass identical sides, fail on GraphQL's `errors`, and follow
// the file's `failOn`.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";
import yaml from "js-yaml";
import { runAction } from "./action-runner.mjs";
import { startStack } from "./harness.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const schema = JSON.parse(readFileSync(join(ROOT, "packages/cli/envdiff.config.schema.json"), "utf8"));
const action = yaml.load(readFileSync(join(ROOT, "action.yml"), "utf8"));

/** The ```json block after "envdiff.config.json:" in the README's "In CI" section. */
function readmeConfig() {
  const section = README.slice(README.indexOf("## In CI"));
  const match = /envdiff\.config\.json`?:\n+```json\n([\s\S]*?)\n```/.exec(section);
  assert.ok(match, "the README's In CI section has an envdiff.config.json example");
  return { text: match[1], config: JSON.parse(match[1]) };
}

/** The ```yaml block after "The workflow:" in the README. */
function readmeWorkflow() {
  const section = README.slice(README.indexOf("The workflow:"));
  const match = /```yaml\n([\s\S]*?)\n```/.exec(section);
  assert.ok(match, "the README has an example workflow");
  return yaml.load(match[1]);
}

/** The `${NAME}` references of a text, in order, once each. */
const referencesIn = (text) => [...new Set([...text.matchAll(/(?<!\$)\$\{([A-Za-z_]\w*)\}/g)].map((m) => m[1]))];

const EXAMPLE_HOSTS = { left: "https://staging.example.com", right: "https://www.example.com" };

let stack;
const tmp = mkdtempSync(join(tmpdir(), "envdiff-readme-"));
let n = 0;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * The README's file with its two hosts replaced by the local demo service: the left one by
 * staging, the right one by `right` ("production", or "staging" for identical sides) under another
 * origin (localhost), as two deployments would be. A query string of its own keeps each run's
 * pairs apart from the other tests'. `gate` replaces the file's gate's fields.
 */
function localConfig(right, gate = {}) {
  const run = `run=${crypto.randomUUID()}`;
  const local = stack.targets.replace("127.0.0.1", "localhost");
  const { text } = readmeConfig();
  const rewritten = text
    .replaceAll(`"${EXAMPLE_HOSTS.left}`, `"${stack.targets}/variant/staging`)
    .replaceAll(`"${EXAMPLE_HOSTS.right}`, `"${local}/variant/${right}`)
    // Each URL, path and base its own pair for this run: a query on the paths and the GraphQL URLs.
    .replace(/"(\/api\/[^"?]*)(\?[^"]*)?"/g, (_m, path, query) => `"${path}${query ? `${query}&` : "?"}${run}"`)
    .replace(/(\/graphql)"/g, `$1?${run}"`);
  const config = JSON.parse(rewritten);
  config.gate = { ...config.gate, ...gate };
  delete config.$schema;
  return config;
}

/** A workspace holding `config` as envdiff.config.json. */
function workspace(config) {
  const dir = join(tmp, `ws-${++n}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "envdiff.config.json"), `${JSON.stringify(config, null, 2)}\n`);
  return dir;
}

/** The Action's step as the README's workflow writes it, its `with` and `env` given local values. */
function actionStep() {
  const steps = Object.values(readmeWorkflow().jobs).flatMap((job) => job.steps);
  const step = steps.find((s) => typeof s.uses === "string" && s.uses.includes("envdiff"));
  assert.ok(step, "the README's workflow uses the envdiff Action");
  return step;
}

/** Runs the Action's entry on `config` with the README step's inputs, the server the local one. */
async function gate(config, tokens) {
  const step = actionStep();
  const inputs = { ...Object.fromEntries(Object.keys(step.with).map((k) => [k, ""])), server: stack.url };
  const ws = workspace(config);
  return { ws, ...(await runAction(ws, inputs, tokens)) };
}

/** The requests that reached the demo service with one of `tokens` as their authorization. */
async function authorizationsOf(tokens) {
  const seen = await (await fetch(`${stack.targets}/variant-authorizations`)).json();
  const values = Object.values(tokens).map((t) => `Bearer ${t}`);
  return seen.filter((s) => values.includes(s.authorization));
}

const freshTokens = () => ({
  STAGING_TOKEN: `staging-${crypto.randomUUID()}`,
  PRODUCTION_TOKEN: `production-${crypto.randomUUID()}`,
});

describe("the README's envdiff.config.json", () => {
  it("is valid under the published JSON Schema, as written", () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const { config } = readmeConfig();
    assert.equal(validate(config), true, JSON.stringify(validate.errors));
    assert.equal(validate(localConfig("production")), true, JSON.stringify(validate.errors));
  });

  it("has the two checks the issue asks for: a suite with per-side tokens, and a POST GraphQL pair", () => {
    const { config, text } = readmeConfig();
    const suite = Object.values(config.checks).find((c) => c.suite);
    const post = Object.values(config.checks).find((c) => c.options?.method === "POST");
    assert.ok(suite && post, "a suite check and a POST check");
    assert.match(suite.options.left.headers.authorization, /\$\{STAGING_TOKEN\}/);
    assert.match(suite.options.right.headers.authorization, /\$\{PRODUCTION_TOKEN\}/);
    assert.match(post.left, /\/graphql$/);
    assert.equal(typeof post.options.body.json.query, "string");
    assert.deepEqual(referencesIn(text), ["STAGING_TOKEN", "PRODUCTION_TOKEN"]);
  });

  it("is refused by the schema with a body and no POST, as the server refuses it", () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const config = readmeConfig().config;
    const post = Object.values(config.checks).find((c) => c.options?.method === "POST");
    delete post.options.method;
    assert.equal(validate(config), false);
  });
});

describe("the README's workflow", () => {
  it("gives the Action only inputs it declares, and every variable the config file refers to", () => {
    const step = actionStep();
    const inputs = Object.keys(action.inputs);
    assert.deepEqual(
      Object.keys(step.with).filter((k) => !inputs.includes(k)),
      [],
    );
    assert.deepEqual(Object.keys(step.env).sort(), referencesIn(readmeConfig().text).sort());
  });
});

describe("the README's checks through the Action's entry", () => {
  it("passes (exit 0) when staging and production answer alike, each side with its own token", async () => {
    const tokens = freshTokens();
    const { code, stdout, stderr, outputs } = await gate(localConfig("staging"), tokens);
    assert.equal(code, 0, stdout + stderr);
    assert.equal(outputs.verdict, "pass");
    assert.deepEqual([outputs.high, outputs.medium], ["0", "0"]);
    const report = JSON.parse(readFileSync(outputs.report, "utf8"));
    assert.deepEqual(
      report.items.map((i) => [i.check, i.status]),
      [
        ["api", "completed"],
        ["api", "completed"],
        ["graphql", "completed"],
      ],
    );
    // Each side of the suite got its own token, from the environment, on every path; never the other's.
    const seen = await authorizationsOf(tokens);
    assert.ok(seen.length >= 4, `requests with the tokens: ${JSON.stringify(seen)}`);
    for (const { authorization, path } of seen) {
      assert.ok(path.startsWith("/api/"), `a token reached ${path}: the GraphQL check sets none`);
      assert.ok([`Bearer ${tokens.STAGING_TOKEN}`, `Bearer ${tokens.PRODUCTION_TOKEN}`].includes(authorization));
    }
    // Both sides are the staging variant here, under two origins: each origin saw only its own token.
    assert.equal(new Set(seen.map((s) => s.authorization)).size, 2);
  });

  it("fails (exit 1) on production's GraphQL `errors` and the suite's medium difference, with annotations", async () => {
    const tokens = freshTokens();
    const { ws, code, stdout, stderr, outputs, summary } = await gate(localConfig("production"), tokens);
    assert.equal(code, 1, stdout + stderr);
    assert.equal(outputs.verdict, "fail");
    assert.equal(outputs.high, "0");
    assert.ok(Number(outputs.medium) >= 2, `medium: ${outputs.medium}`);
    const graphqlLine =
      readFileSync(join(ws, "envdiff.config.json"), "utf8")
        .split("\n")
        .findIndex((l) => l.includes('"graphql"')) + 1;
    assert.match(
      stdout,
      new RegExp(
        `^::error file=envdiff\\.config\\.json,line=${graphqlLine},title=envdiff medium \\(new\\)%3A graphql%3A .*::medium new added /body/json/errors`,
        "m",
      ),
    );
    assert.match(summary, /`\/body\/json\/errors`/);
    const report = JSON.parse(readFileSync(outputs.report, "utf8"));
    const graphql = report.items.find((i) => i.check === "graphql");
    assert.equal(graphql.verdict, "different");
    const errors = graphql.differences.find((d) => d.path === "/body/json/errors");
    assert.equal(errors?.severity, "medium");
    assert.ok(
      graphql.failing.some((d) => d.path === "/body/json/errors"),
      "the errors array fails the gate",
    );
    const suitePaths = report.items.filter((i) => i.check === "api");
    assert.deepEqual(
      suitePaths.map((i) => i.verdict),
      ["different", "identical"],
    );
    // The staging side got staging's token and production's side production's, nothing else.
    const seen = await authorizationsOf(tokens);
    assert.deepEqual([...new Set(seen.map((s) => `${s.variant} ${s.authorization}`))].sort(), [
      `production Bearer ${tokens.PRODUCTION_TOKEN}`,
      `staging Bearer ${tokens.STAGING_TOKEN}`,
    ]);
  });

  it("passes (exit 0) the same differences when the file's gate is failOn high", async () => {
    const { code, stdout, stderr, outputs } = await gate(localConfig("production", { failOn: "high" }), freshTokens());
    assert.equal(code, 0, stdout + stderr);
    assert.equal(outputs.verdict, "pass");
    assert.ok(Number(outputs.medium) >= 2);
  });
});
