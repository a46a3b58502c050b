// The CLI's pure parts, as built (packages/cli/dist): flags, the gate, Retry-After, escaping.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCommand } from "../../packages/cli/dist/args.js";
import { retryAfterSeconds } from "../../packages/cli/dist/client.js";
import { xml } from "../../packages/cli/dist/format-junit.js";
import { cell } from "../../packages/cli/dist/format-markdown.js";
import { exitCode, failing } from "../../packages/cli/dist/gate.js";
import { annotations } from "../../packages/cli/dist/github.js";

const env = { ENVDIFF_URL: "http://127.0.0.1:8787" };
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
  it("turn request options into the API's options, and only those given", () => {
    const command = parseCommand(
      [
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
      ],
      env,
    );
    assert.deepEqual(command.common.options, {
      headers: { "X-A": "1" },
      left: { headers: { Authorization: "Bearer s" } },
      timeoutMs: 2000,
      ignorePaths: ["/timing"],
    });
    assert.equal(command.common.failOn, "high");
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
  ];
  for (const [argv, message] of refused) {
    it(`refuse ${argv.join(" ")}`, () => assert.throws(() => parseCommand(argv, env), message));
  }

  it("need a server from --server or ENVDIFF_URL, --server winning", () => {
    assert.throws(() => parseCommand(["pairs"], {}), /ENVDIFF_URL/);
    assert.equal(parseCommand(["pairs", "--server", "http://x:1/"], env).common.server, "http://x:1");
    assert.equal(parseCommand(["pairs"], { ...env, ENVDIFF_TOKEN: "t" }).common.token, "t");
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
  it("exits 2 for a failed comparison even beside differences, 1 for differences, else 0", () => {
    assert.equal(
      exitCode([
        { failed: false, failing: [diff("high")] },
        { failed: true, failing: [] },
      ]),
      2,
    );
    assert.equal(exitCode([{ failed: false, failing: [diff("high")] }]), 1);
    assert.equal(exitCode([{ failed: false, failing: [] }]), 0);
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
  it("keeps a markdown table cell one cell: pipes, newlines and HTML", () => {
    assert.equal(cell("a|b\nc <b>"), "a\\|b c &lt;b&gt;");
  });
  it("makes any text XML 1.0: markup escaped, control characters replaced", () => {
    assert.equal(xml(`<a b="c">&'\u0001`), "&lt;a b=&quot;c&quot;&gt;&amp;&apos;\uFFFD");
  });
  it("writes GitHub annotations whose newlines and separators cannot end them early", () => {
    const report = {
      items: [
        {
          name: "a, b: c",
          status: "completed",
          error: null,
          differences: [{ ...diff("high"), path: "/x\n::error::y" }],
          failing: [],
        },
      ],
    };
    report.items[0].failing = report.items[0].differences;
    assert.deepEqual(annotations(report), [
      "::error title=envdiff high (new)%3A a%2C b%3A c::/x%0A::error::y changed: 1 → 2",
    ]);
  });
});
