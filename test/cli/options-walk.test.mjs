// Every option the API takes can be set from the CLI AND from the config file (issue 24, item 2). The
// walk reads the compare options and the suite request of the document the server serves, so an
// option the server gains fails here until the CLI has a flag for it and the config schema has it.
// Each request the CLI builds is checked against the served document with Ajv and sent to the real
// server, which must accept it; the config file's check must build the very same request.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parseCommand } from "../../packages/cli/dist/args.js";
import { parseConfig, selectChecks } from "../../packages/cli/dist/config.js";
import { OPTION_FLAGS } from "../../packages/cli/dist/request-flags.js";
import {
  checkCompareRequest,
  checkSuiteRequest,
  compareRequest,
  suiteRequest,
} from "../../packages/cli/dist/requests.js";
import { startStack } from "./harness.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const configSchema = JSON.parse(readFileSync(join(ROOT, "packages/cli/envdiff.config.schema.json"), "utf8"));

/** The flags that set each compare option, with a value the server takes. */
const EXAMPLES = {
  method: ["--method", "HEAD"],
  headers: ["-H", "X-Trace: on"],
  left: ["--left-header", "Authorization: Bearer staging-secret"],
  right: ["--right-header", "Authorization: Bearer production-secret"],
  timeoutMs: ["--timeout", "2000"],
  ignoreHeaders: ["--ignore-header", "date"],
  ignorePaths: ["--ignore-path", "/timing"],
  samples: ["--samples", "3"],
  masks: ["--mask", '{"pattern":"v\\\\d+","in":"body","replacement":"v#"}'],
  arrayKeys: ["--array-key", "/body/json/items=id"],
  unorderedPaths: ["--unordered-path", "/body/json/tags"],
  leftLabel: ["--left-label", "staging"],
  rightLabel: ["--right-label", "production"],
  body: ["--method", "POST", "--body-json", '{"query":"{ shop { name } }"}', "--body-secret"],
};
const FLAG_NAMES = { "-H": "header" };

let stack;
let doc;
let ajv;
const tmp = mkdtempSync(join(tmpdir(), "envdiff-walk-"));
before(async () => {
  stack = await startStack();
  doc = await (await fetch(`${stack.url}/api/openapi.json`)).json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, "openapi.json");
});
after(async () => {
  await stack?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const requestSchema = (path) =>
  ajv.getSchema(`openapi.json#/paths/${path.replace(/\//g, "~1")}/post/requestBody/content/application~1json/schema`);
const parse = (argv) => parseCommand(argv, { ENVDIFF_URL: stack.url }, (file) => readFileSync(file, "utf8"));

/** The same options for a config file: each header value moved to an environment variable. */
function inConfig(options) {
  const env = {};
  const refer = (headers) =>
    Object.fromEntries(
      Object.entries(headers).map(([name, value], i) => {
        const variable = `WALK_${Object.keys(env).length + i}`;
        env[variable] = value;
        return [name, `\${${variable}}`];
      }),
    );
  const copy = structuredClone(options);
  if (copy.headers) copy.headers = refer(copy.headers);
  for (const side of ["left", "right"]) if (copy[side]) copy[side] = { headers: refer(copy[side].headers) };
  return { options: copy, env };
}

function checkFromConfig(config, env) {
  const validate = ajv.compile(configSchema);
  assert.equal(validate(config), true, `the config schema refuses it: ${ajv.errorsText(validate.errors)}`);
  const [check] = selectChecks(parseConfig(JSON.stringify(config), "envdiff.config.json"), [], env);
  return check;
}

async function post(path, body) {
  const res = await fetch(`${stack.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 202, `the server refuses ${JSON.stringify(body)}: ${text}`);
}

describe("every compare option in the served document", () => {
  it("is walked: the document has compare options", () => {
    assert.ok(Object.keys(doc.components.schemas.CompareOptions.properties).length >= 10);
  });

  it("each one is set by a CLI flag and a config key, to a request the document and the server accept", async () => {
    const fields = Object.keys(doc.components.schemas.CompareOptions.properties);
    const missing = fields.filter((f) => !EXAMPLES[f] || !OPTION_FLAGS[f]);
    assert.deepEqual(missing, [], "options without a CLI flag (request-flags.ts) and an example here");
    for (const field of fields) {
      const flags = EXAMPLES[field].filter((a) => a.startsWith("-")).map((a) => FLAG_NAMES[a] ?? a.slice(2));
      assert.ok(
        flags.some((f) => OPTION_FLAGS[field].includes(f)),
        `${field}: ${flags.join(", ")} is not its flag in OPTION_FLAGS`,
      );
      const q = `?walk=${field}&run=${crypto.randomUUID()}`;
      const [left, right] = [`${stack.targets}/json${q}`, `${stack.targets}/json${q}&b`];
      const command = parse(["compare", left, right, ...EXAMPLES[field]]);
      const request = compareRequest(command);
      assert.notEqual(request.options?.[field], undefined, `${field}: the CLI did not set it`);
      const validate = requestSchema("/api/compare");
      assert.ok(
        validate(request),
        `${field}: the document refuses ${JSON.stringify(request)}: ${ajv.errorsText(validate.errors)}`,
      );
      await post("/api/compare", request);

      const { options, env } = inConfig(request.options);
      const check = checkFromConfig({ checks: { walk: { left, right, options } } }, env);
      assert.deepEqual(checkCompareRequest(check), request, `${field}: the config file builds another request`);
    }
  });
});

describe("every suite request field in the served document", () => {
  it("is set by `envdiff suite` and by a config file's suite check, to requests the server accepts", async () => {
    const paths = join(tmp, "paths.txt");
    writeFileSync(paths, "/json\n/text\n");
    const bases = [
      "--left-base",
      `${stack.targets}/variant/staging`,
      "--right-base",
      `${stack.targets}/variant/production`,
    ];
    const listed = suiteRequest(
      parse(["suite", ...bases, "--paths", paths, "--name", "walk", "--ignore-path", "/timing"]),
    );
    const discovered = suiteRequest(parse(["suite", ...bases, "--openapi", `${stack.targets}/json`, "--name", "walk"]));
    const fields = Object.keys(doc.components.schemas.SuiteRequest.properties);
    assert.deepEqual(
      fields.filter((f) => listed[f] === undefined && discovered[f] === undefined),
      [],
      "suite request fields no CLI flag sets",
    );
    const validate = requestSchema("/api/suites");
    for (const request of [listed, discovered]) {
      assert.ok(
        validate(request),
        `the document refuses ${JSON.stringify(request)}: ${ajv.errorsText(validate.errors)}`,
      );
    }
    await post("/api/suites", listed);

    const { name: _, options, ...suite } = listed;
    assert.deepEqual(checkSuiteRequest(checkFromConfig({ checks: { walk: { suite, options } } }, {})), listed);
    const { name: __, ...discover } = discovered;
    assert.deepEqual(checkSuiteRequest(checkFromConfig({ checks: { walk: { suite: discover } } }, {})), discovered);
  });
});
