// The CLI's pure parts, as built (packages/cli/dist): flags, the gate, Retry-After, escaping, and
// the neutralising of what a target sent (issue 21, finding 7).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCommand } from "../../packages/cli/dist/args.js";
import { retryAfterSeconds } from "../../packages/cli/dist/client.js";
import { xml } from "../../packages/cli/dist/format-junit.js";
import { cell } from "../../packages/cli/dist/format-markdown.js";
import { exitCode, failing } from "../../packages/cli/dist/gate.js";
import { annotations } from "../../packages/cli/dist/github.js";
import { HELP } from "../../packages/cli/dist/help.js";
import { guardDocument, plain, safeJson } from "../../packages/cli/dist/neutralise.js";
import { OPTION_FLAGS } from "../../packages/cli/dist/request-flags.js";

const env = { ENVDIFF_URL: "http://127.0.0.1:8787" };
const files = { "q.graphql.json": '{"query":"{ shop { name } }"}', "body.txt": "a=1&b=2" };
const readText = (file) => {
  if (!(file in files)) throw new Error(`ENOENT: ${file}`);
  return files[file];
};
const parse = (argv, e = env) => parseCommand(argv, e, readText);
const diff = (severity, history = "new") => ({
  kind: "header",
  path: `/headers/${severity}`,
  change: "changed",
  left: 1,
  right: 2,
  severity,
  history,
});

describe("flags", () => {
  it("--run N reads one run of a suite by its number in the suite, and only with get <suiteId>", () => {
    const suiteId = "6f0c0000-0000-4000-8000-000000000000";
    assert.equal(parse(["get", suiteId, "--run", "1"]).run, 1);
    assert.equal(parse(["get", suiteId]).run, undefined);
    assert.throws(() => parse(["get", suiteId, "--run", "0"]), /--run must be an integer from 1/);
    assert.throws(() => parse(["get", `${"0".repeat(64)}:${suiteId}`, "--run", "1"]), /--run numbers a suite's runs/);
    assert.throws(
      () => parse(["compare", "https://a.example", "https://b.example", "--run", "1"]),
      /--run goes with get/,
    );
  });

  it("turn request options into the API's options, and only those given", () => {
    const command = parse([
      "compare",
      "https://a.example",
      "https://b.example",
      "-H",
      "X-A: 1",
      "--left-header",
      "Authorization: Bearer s",
      "--timeout",
      "2000",
      "--ignore-path",
      "/timing",
    ]);
    assert.deepEqual(command.common.options, {
      headers: { "X-A": "1" },
      left: { headers: { Authorization: "Bearer s" } },
      timeoutMs: 2000,
      ignorePaths: ["/timing"],
    });
    assert.deepEqual(command.common.gate, { failOn: "high", newOnly: false, failOnInconclusive: false });
  });

  const set = [
    [["--mask", "v\\d+"], { masks: [{ pattern: "v\\d+" }] }],
    [
      ["--mask", '{"pattern":"\\\\d+","in":"body","replacement":"N"}'],
      { masks: [{ pattern: "\\d+", in: "body", replacement: "N" }] },
    ],
    [
      ["--array-key", "/body/json/items=id", "--array-key", "/body/json/a=b=c"],
      { arrayKeys: { "/body/json/items": "id", "/body/json/a=b": "c" } },
    ],
    [["--unordered-path", "/body/json/tags"], { unorderedPaths: ["/body/json/tags"] }],
    [["--left-label", "staging", "--right-label", "production"], { leftLabel: "staging", rightLabel: "production" }],
    [
      ["--method", "post", "--body-json", "@q.graphql.json"],
      { method: "POST", body: { json: { query: "{ shop { name } }" } } },
    ],
    [["--method", "POST", "--body-json", "[1,2]"], { method: "POST", body: { json: [1, 2] } }],
    [
      ["--method", "POST", "--body-text", "@body.txt", "--body-content-type", "application/x-www-form-urlencoded"],
      { method: "POST", body: { text: "a=1&b=2", contentType: "application/x-www-form-urlencoded" } },
    ],
  ];
  for (const [flags, options] of set) {
    it(`${flags.join(" ")} sets ${Object.keys(options).join(" and ")}`, () => {
      assert.deepEqual(parse(["compare", "https://a.example", "https://b.example", ...flags]).common.options, options);
    });
  }

  it("--help names the flag of every request option", () => {
    for (const flag of new Set(Object.values(OPTION_FLAGS).flat())) assert.match(HELP, new RegExp(`--${flag}\\b`));
  });

  it("--fail-on-inconclusive and --new-only reach the gate", () => {
    const { gate } = parse(["compare", "a", "b", "--fail-on", "medium", "--new-only", "--fail-on-inconclusive"]).common;
    assert.deepEqual(gate, { failOn: "medium", newOnly: true, failOnInconclusive: true });
  });

  const refused = [
    [["compare", "https://a.example"], /two URLs/],
    [["compare", "a", "b", "--fail-on", "critical"], /--fail-on must be one of/],
    [["compare", "a", "b", "--format", "xml"], /--format must be one of/],
    [["compare", "a", "b", "--samples", "4"], /--samples must be an integer from 1 to 3/],
    [["compare", "a", "b", "-H", "no-colon"], /takes "Name: value"/],
    [["suite", "--left-base", "a", "--right-base", "b"], /exactly one of --paths/],
    [["suite", "--left-base", "a", "--right-base", "b", "--paths", "f", "--sitemap", "s"], /exactly one of --paths/],
    [["frobnicate"], /Unknown command/],
    [[], /Name a command/],
    [["compare", "a", "b", "--colour"], /Unknown option/],
    [["compare", "a", "b", "--method", "DELETE"], /never sends PUT, PATCH or DELETE/],
    [["compare", "a", "b", "--body-json", "{}"], /needs --method POST/],
    [["compare", "a", "b", "--method", "POST", "--body-json", "{"], /--body-json is not JSON/],
    [["compare", "a", "b", "--method", "POST", "--body-json", "@nope.json"], /Cannot read nope.json/],
    [["compare", "a", "b", "--method", "POST", "--body-json", "1", "--body-text", "x"], /not both/],
    [["compare", "a", "b", "--body-content-type", "text/plain"], /goes with --body-text/],
    [["compare", "a", "b", "--array-key", "/body/json/items"], /POINTER=FIELD/],
    [["compare", "a", "b", "--mask", '{"in":"body"}'], /--mask takes a pattern/],
    [["check", "--ignore-path", "/x"], /keeps request options in the config file, not --ignore-path/],
    [["init", "a", "b", "-H", "a: b"], /keeps request options in the config file, not --header/],
    [["init", "a"], /init takes two URLs/],
  ];
  for (const [argv, message] of refused) {
    it(`refuse ${argv.join(" ")}`, () => assert.throws(() => parse(argv), message));
  }

  it("need a server from --server or ENVDIFF_URL, --server winning", () => {
    assert.throws(() => parse(["pairs"], {}), /ENVDIFF_URL/);
    assert.equal(parse(["pairs", "--server", "http://x:1/"]).common.server, "http://x:1");
    assert.equal(parse(["pairs"], { ...env, ENVDIFF_TOKEN: "t" }).common.token, "t");
  });

  it("let check go without a server, since its config file may name one", () => {
    const command = parse(["check", "api", "web", "--config", "ci/envdiff.json", "--fail-on", "low"], {});
    assert.equal(command.output.server, null);
    assert.deepEqual(command.names, ["api", "web"]);
    assert.equal(command.configFile, "ci/envdiff.json");
    assert.deepEqual(command.gate, { failOn: "low" });
  });
});

describe("the gate", () => {
  const all = [diff("info"), diff("low"), diff("medium"), diff("high", "recurring")];
  const cases = [
    ["none", false, []],
    ["high", false, ["high"]],
    ["medium", false, ["medium", "high"]],
    ["info", false, ["info", "low", "medium", "high"]],
    ["info", true, ["info", "low", "medium"]],
    ["high", true, []],
  ];
  for (const [failOn, newOnly, expected] of cases) {
    it(`--fail-on ${failOn}${newOnly ? " --new-only" : ""} fails on ${expected.join(", ") || "nothing"}`, () => {
      assert.deepEqual(
        failing(all, failOn, newOnly).map((d) => d.severity),
        expected,
      );
    });
  }
  it("exits 2 for a failed comparison even beside differences, 1 for differences, 4 for a gated inconclusive, else 0", () => {
    const ok = { failed: false, failing: [], inconclusive: false };
    assert.equal(
      exitCode(
        [
          { ...ok, failing: [diff("high")] },
          { ...ok, failed: true },
        ],
        true,
      ),
      2,
    );
    assert.equal(
      exitCode(
        [
          { ...ok, failing: [diff("high")] },
          { ...ok, inconclusive: true },
        ],
        true,
      ),
      1,
    );
    assert.equal(exitCode([{ ...ok, inconclusive: true }], true), 4);
    assert.equal(exitCode([{ ...ok, inconclusive: true }], false), 0);
    assert.equal(exitCode([ok], true), 0);
  });
});

describe("Retry-After", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  const cases = [
    ["5", 5],
    [" 0 ", 0],
    [null, 1],
    ["soon", 1],
    ["Thu, 01 Jan 2026 00:00:10 GMT", 10],
    ["99999", 120],
  ];
  for (const [header, seconds] of cases) {
    it(`${JSON.stringify(header)} waits ${seconds}s`, () => assert.equal(retryAfterSeconds(header, now), seconds));
  }
});

describe("escaping", () => {
  it("keeps markdown text one line and inert: pipes, newlines, HTML, links and emphasis escaped", () => {
    assert.equal(cell("a|b\nc <b> [x](y) *z*"), "a\\|b\\\\nc \\<b\\> \\[x\\](y) \\*z\\*");
  });
  it("makes any text XML 1.0: markup escaped, control characters replaced", () => {
    assert.equal(xml(`<a b="c">&'\u0001`), "&lt;a b=&quot;c&quot;&gt;&amp;&apos;\uFFFD");
  });
  it("writes GitHub annotations whose newlines and separators cannot end them early", () => {
    const report = {
      items: [
        {
          check: null,
          name: "a, b: c",
          status: "completed",
          error: null,
          differences: [{ ...diff("high"), path: "/x\n::error::y%0A" }],
          failing: [],
          inconclusive: [],
        },
      ],
    };
    report.items[0].failing = report.items[0].differences;
    assert.deepEqual(annotations(report), [
      "::error title=envdiff high (new)%3A a%2C b%3A c::high new changed /x\\n::error::y%250A: 1 → 2",
    ]);
  });
});

describe("what a target sent, neutralised", () => {
  const hostile = [
    ["ESC and an SGR sequence", "\u001b[31mred", "\\u001b[31mred"],
    [
      "an OSC 8 hyperlink ended by BEL",
      "\u001b]8;;https://evil.example\u0007x",
      "\\u001b]8;;https://evil.example\\u0007x",
    ],
    ["a C1 CSI", "\u009b2J", "\\u009b2J"],
    ["a line break before a workflow command", "a\n::error::pwned", "a\\n::error::pwned"],
    ["a workflow command at the start", "::add-mask::x", "\\::add-mask::x"],
    ["one after blank space", "  ::stop-commands::t", "  \\::stop-commands::t"],
    ["an Azure Pipelines command", "##vso[task.setvariable variable=x]1", "\\##vso[task.setvariable variable=x]1"],
    ["a right-to-left override", "abc\u202edef", "abc\\u202edef"],
    ["a lone surrogate", "a\ud800b", "a\\ud800b"],
    ["ordinary text and emoji", "café 🙂 :: ok", "café 🙂 :: ok"],
  ];
  for (const [name, input, expected] of hostile) {
    it(`plain text shows ${name} as visible escapes`, () => assert.equal(plain(input), expected));
  }
  it("JSON keeps the value (it parses back the same) with no C1 or bidirectional control raw", () => {
    const value = { "\u009b": "\u001b]0;t\u0007\u202e\u0085" };
    const text = safeJson(value);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
    assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f\u202e]/);
    assert.deepEqual(JSON.parse(text), value);
  });
  it("a whole document keeps its own lines but no line may start a command", () => {
    assert.equal(guardDocument("ok\n::error::x\n  ##[group]y\u001b\n"), "ok\n\\::error::x\n  \\##[group]y\\u001b\n");
  });
});
