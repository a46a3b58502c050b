// envdiff.config.json as built (packages/cli/dist): the file's structure with messages that name the
// place, header values only from the environment, ${NAME} references, the gate's precedence, `init`'s
// starting files, and the published JSON Schema: it accepts what the README and `init` write and
// refuses what the CLI refuses.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";
import { settleGate } from "../../packages/cli/dist/check.js";
import { checkLine, parseConfig, selectChecks } from "../../packages/cli/dist/config.js";
import { openApiPaths, runInit, schemaReference } from "../../packages/cli/dist/init.js";

const ROOT = resolve(import.meta.dirname, "../..");
const schema = JSON.parse(readFileSync(join(ROOT, "packages/cli/envdiff.config.schema.json"), "utf8"));
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
const tmp = mkdtempSync(join(tmpdir(), "envdiff-config-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const pair = { left: "https://staging.example/api", right: "https://www.example/api" };
const file = (config) => JSON.stringify(config, null, 2);
const parse = (config) => parseConfig(file(config), "envdiff.config.json");

/** The ```json block right after a line ending in "envdiff.config.json:", in a markdown file. */
function exampleIn(markdown) {
  const match = /envdiff\.config\.json`?:\n+```json\n([\s\S]*?)\n```/.exec(readFileSync(join(ROOT, markdown), "utf8"));
  assert.ok(match, `${markdown} has no envdiff.config.json example`);
  return JSON.parse(match[1]);
}

describe("the config file", () => {
  const refused = [
    ["text that is not JSON", "{", /is not JSON/],
    ["an unknown top-level key", { checks: { a: pair }, servers: "x" }, /the top level: unknown key "servers"/],
    ["no check", { checks: {} }, /checks: must name at least one check/],
    ["a check name with a space", { checks: { "my check": pair } }, /checks\.my check: a check's name/],
    [
      "a pair without its right URL",
      { checks: { a: { left: pair.left } } },
      /checks\.a\.right: must be a non-empty string/,
    ],
    [
      "a suite with both paths and discover",
      {
        checks: {
          s: {
            suite: {
              leftBase: "https://a",
              rightBase: "https://b",
              paths: ["/"],
              discover: { sitemap: "https://a/s" },
            },
          },
        },
      },
      /checks\.s\.suite: give exactly one of "paths" and "discover"/,
    ],
    [
      "a literal header value",
      { checks: { a: { ...pair, options: { headers: { accept: "application/json" } } } } },
      /checks\.a\.options\.headers\.accept: header values are never written in the file/,
    ],
    [
      "a literal per-side credential",
      { checks: { a: { ...pair, options: { right: { headers: { "x-api-key": "s3cr3t" } } } } } },
      /checks\.a\.options\.right\.headers\.x-api-key: header values are never written/,
    ],
    [
      "a gate that fails on critical",
      { checks: { a: pair }, gate: { failOn: "critical" } },
      /gate\.failOn: must be one of/,
    ],
    ["an inconclusive gate of maybe", { checks: { a: pair }, gate: { inconclusive: "maybe" } }, /gate\.inconclusive/],
  ];
  for (const [name, config, message] of refused) {
    it(`refuses ${name}, saying where`, () => {
      const text = typeof config === "string" ? config : file(config);
      assert.throws(() => parseConfig(text, "envdiff.config.json"), message);
      if (typeof config !== "string") assert.equal(validate(config), false, "the JSON Schema refuses it too");
    });
  }

  it("expands ${NAME} in every string of the checks that run, and $${NAME} stays literal", () => {
    const config = parse({
      checks: {
        api: {
          left: "${STAGING}/api",
          right: "https://www.example/api",
          options: { left: { headers: { authorization: "Bearer ${TOKEN}" } }, ignorePaths: ["/body/json/$${X}"] },
        },
      },
    });
    const [check] = selectChecks(config, [], { STAGING: "https://staging.example", TOKEN: "t0k" });
    assert.equal(check.left, "https://staging.example/api");
    assert.deepEqual(check.options, {
      left: { headers: { authorization: "Bearer t0k" } },
      ignorePaths: ["/body/json/${X}"],
    });
  });

  it("names every missing or empty variable and where it is used, in one error", () => {
    const config = parse({
      checks: {
        api: {
          ...pair,
          options: {
            left: { headers: { authorization: "Bearer ${STAGING_TOKEN}" } },
            right: { headers: { authorization: "Bearer ${PROD_TOKEN}" } },
          },
        },
      },
    });
    assert.throws(
      () => selectChecks(config, [], { PROD_TOKEN: "" }),
      /these environment variables are not set or empty: \$\{STAGING_TOKEN\} \(checks\.api\.options\.left\.headers\.authorization\), \$\{PROD_TOKEN\} \(checks\.api\.options\.right\.headers\.authorization\)/,
    );
  });

  it("runs the checks named, in the file's order, and expands only theirs", () => {
    const config = parse({
      checks: {
        a: pair,
        b: { ...pair, options: { headers: { authorization: "${UNSET}" } } },
        c: {
          suite: {
            leftBase: "https://a.example",
            rightBase: "https://b.example",
            discover: { sitemap: "https://a.example/s.xml" },
          },
        },
      },
    });
    assert.deepEqual(
      selectChecks(config, ["c", "a"], {}).map((c) => [c.name, c.kind]),
      [
        ["a", "pair"],
        ["c", "suite"],
      ],
    );
    assert.throws(() => selectChecks(config, ["d"], {}), /has no check "d"; it has a, b, c/);
  });

  it("settles the gate: flags over the file over the defaults", () => {
    const config = parse({ checks: { a: pair }, gate: { failOn: "medium", newOnly: true, inconclusive: "fail" } });
    assert.deepEqual(settleGate({}, config), { failOn: "medium", newOnly: true, failOnInconclusive: true });
    assert.deepEqual(settleGate({ failOn: "low" }, config), { failOn: "low", newOnly: true, failOnInconclusive: true });
    assert.deepEqual(settleGate({}, parse({ checks: { a: pair } })), {
      failOn: "high",
      newOnly: false,
      failOnInconclusive: false,
    });
  });

  it("finds the line of a check's key for annotations", () => {
    const text = file({ $comment: '"a": no', checks: { a: pair, b: pair } });
    assert.equal(checkLine(text, "a"), 4);
    assert.equal(checkLine(text, "b"), 8);
  });
});

describe("the JSON Schema", () => {
  it("validates the README's example file", () => {
    const example = exampleIn("README.md");
    assert.equal(validate(example), true, JSON.stringify(validate.errors));
    parseConfig(file(example), "README.md"); // and the CLI reads it
  });

  it("validates the example in docs/cli.md", () => {
    const example = exampleIn("docs/cli.md");
    assert.equal(validate(example), true, JSON.stringify(validate.errors));
    parseConfig(file(example), "docs/cli.md");
  });

  it("has every compare option of the committed OpenAPI document under a check's options", () => {
    const doc = JSON.parse(readFileSync(join(ROOT, "packages/cli/openapi.json"), "utf8"));
    const api = Object.keys(doc.components.schemas.CompareOptions.properties).sort();
    assert.deepEqual(Object.keys(schema.$defs.CheckOptions.properties).sort(), api);
  });

  it("takes header values from the environment only, as the CLI does", () => {
    const withHeader = (value) => ({ checks: { a: { ...pair, options: { headers: { authorization: value } } } } });
    assert.equal(validate(withHeader("Bearer ${TOKEN}")), true);
    assert.equal(validate(withHeader("Bearer abc")), false);
    assert.equal(validate(withHeader("$${TOKEN}")), false);
  });
});

describe("envdiff init", () => {
  const init = (from, extra = {}) => ({
    kind: "init",
    configFile: undefined,
    force: false,
    name: undefined,
    server: undefined,
    from,
    ...extra,
  });

  it("writes a file the schema and `check` accept, and never overwrites one unasked", () => {
    const dir = mkdtempSync(join(tmp, "pair-"));
    const message = runInit(init({ kind: "pair", left: pair.left, right: pair.right }, { name: "api" }), dir);
    assert.match(message, /Wrote envdiff\.config\.json with the check "api"/);
    const written = JSON.parse(readFileSync(join(dir, "envdiff.config.json"), "utf8"));
    assert.equal(validate(written), true, JSON.stringify(validate.errors));
    assert.deepEqual(written.checks.api.left, pair.left);
    assert.match(written.$comment, /Header values never go in this file/);
    assert.throws(() => runInit(init({ kind: "pair", ...pair }), dir), /exists: --force replaces it/);
    runInit(init({ kind: "pair", left: pair.left, right: "https://other.example/" }, { force: true }), dir);
    assert.equal(
      JSON.parse(readFileSync(join(dir, "envdiff.config.json"), "utf8")).checks.main.right,
      "https://other.example/",
    );
  });

  it("lists the paths of a local OpenAPI document that need no parameter", () => {
    const doc = {
      openapi: "3.1.0",
      paths: {
        "/health": { get: {} },
        "/items/{id}": { get: {} },
        "/search": { get: { parameters: [{ name: "q", in: "query", required: true }] } },
        "/list": { get: { parameters: [{ name: "page", in: "query" }] } },
        "/ref": { get: { parameters: [{ $ref: "#/components/parameters/X" }] } },
        "/submit": { post: {} },
      },
    };
    assert.deepEqual(openApiPaths(doc), ["/health", "/list"]);
    const dir = mkdtempSync(join(tmp, "openapi-"));
    writeFileSync(join(dir, "openapi.json"), JSON.stringify(doc));
    const source = {
      kind: "suite",
      leftBase: "https://a.example",
      rightBase: "https://b.example",
      source: { openapi: join(dir, "openapi.json") },
    };
    runInit(init(source), dir);
    const written = JSON.parse(readFileSync(join(dir, "envdiff.config.json"), "utf8"));
    assert.deepEqual(written.checks.main.suite.paths, ["/health", "/list"]);
    assert.equal(validate(written), true, JSON.stringify(validate.errors));
  });

  it("leaves a document at a URL to the server's discovery", () => {
    const dir = mkdtempSync(join(tmp, "discover-"));
    const source = {
      kind: "suite",
      leftBase: "https://a.example",
      rightBase: "https://b.example",
      source: { openapi: "https://a.example/openapi.json" },
    };
    runInit(init(source, { configFile: "ci/envdiff.json" }), dir).toString();
    const written = JSON.parse(readFileSync(join(dir, "ci/envdiff.json"), "utf8"));
    assert.deepEqual(written.checks.main.suite.discover, { openapi: "https://a.example/openapi.json" });
  });

  it("points $schema at the schema it ships, relative to the file when it can", () => {
    assert.equal(
      schemaReference("/repo", "/repo/node_modules/envdiff/envdiff.config.schema.json"),
      "./node_modules/envdiff/envdiff.config.schema.json",
    );
    assert.equal(
      schemaReference("/repo", "/repo/packages/cli/envdiff.config.schema.json"),
      "./packages/cli/envdiff.config.schema.json",
    );
    assert.equal(
      schemaReference("/elsewhere", "/usr/lib/node_modules/envdiff/envdiff.config.schema.json"),
      "./node_modules/envdiff/envdiff.config.schema.json",
    );
  });
});
