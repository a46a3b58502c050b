// The CLI's formats on result fixtures, as built (packages/cli/dist): values as JSON literals, the
// "missing" side, the cut marker, and the result names issue 23 adds (CONTRACT.md § Comparison results):
// consequences folded under their cause, keys and per-side paths, renames, the three-way verdict and
// exit 4, timing. Results from a server without those names read as before.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { micromark } from "micromark";
import { gfmTable, gfmTableHtml } from "micromark-extension-gfm-table";
import { formatJunit } from "../../packages/cli/dist/format-junit.js";
import { formatMarkdown } from "../../packages/cli/dist/format-markdown.js";
import { formatText } from "../../packages/cli/dist/format-text.js";
import { annotations } from "../../packages/cli/dist/github.js";
import { literal } from "../../packages/cli/dist/neutralise.js";
import { buildReport, reportItem } from "../../packages/cli/dist/report.js";
import { comparisonState as state } from "./fixtures.mjs";

const gate = (over = {}) => ({ failOn: "high", newOnly: false, failOnInconclusive: false, ...over });
const difference = (over) => ({
  kind: "body",
  path: "/body/json/x",
  change: "changed",
  left: 1,
  right: 2,
  severity: "medium",
  history: "new",
  ...over,
});
const report = (states, g = gate()) =>
  buildReport(
    "envdiff compare",
    states.map((s, i) => reportItem(s, { check: null, name: `item ${i}`, comparisonId: s.comparisonId }, g)),
    g,
  );

/** A status change with its two consequences, as issue 23's server nests them. */
const withConsequences = state({
  verdict: "different",
  diff: {
    differences: [
      difference({
        kind: "status",
        path: "/status",
        left: 503,
        right: 200,
        severity: "high",
        consequences: [
          difference({ kind: "header", path: "/headers/content-length", left: "10", right: "12", severity: "low" }),
          difference({
            path: "/body/json/error",
            change: "removed",
            left: "down",
            right: undefined,
            severity: "medium",
          }),
        ],
      }),
    ],
  },
});

describe("values", () => {
  const cases = [
    ["the string null", "null", '"null"'],
    ["null", null, "null"],
    ["an absent value", undefined, "missing"],
    ["the string missing", "missing", '"missing"'],
    ["a number", 503, "503"],
    ["an object", { a: [1] }, '{"a":[1]}'],
  ];
  for (const [name, value, expected] of cases) {
    it(`${name} prints as ${expected}`, () => assert.equal(literal(value), expected));
  }
  it("a long value is cut with a marker that gives its full length", () => {
    const long = "x".repeat(500);
    const shown = literal(long);
    assert.ok(shown.startsWith(`"${"x".repeat(79)}… [cut: 502 characters]`), shown);
  });
  it("the side a difference is absent from reads missing in text, even when the server sent null there", () => {
    const text = formatText(
      report([state({ diff: { differences: [difference({ change: "added", left: null, right: "null" })] } })]),
    );
    assert.match(text, /changed|added/);
    assert.match(text, / missing → "null"$/m);
  });
});

describe("consequences (issue 23)", () => {
  it("text folds them under their cause, one step in, after it", () => {
    const lines = formatText(report([withConsequences])).split("\n");
    const cause = lines.findIndex((l) => /✗ high .* \/status {2}503 → 200$/.test(l));
    assert.ok(cause >= 0, lines.join("\n"));
    assert.match(lines[cause + 1], /^ {6}↳ low new changed \/headers\/content-length: "10" → "12"$/);
    assert.match(lines[cause + 2], /^ {6}↳ medium new removed \/body\/json\/error: "down" → missing$/);
  });

  it("counts and the gate see causes only: a medium consequence does not fail --fail-on medium on its own", () => {
    const onlyLowCause = state({
      diff: {
        differences: [
          difference({
            severity: "low",
            consequences: [difference({ path: "/headers/etag", severity: "medium" })],
          }),
        ],
      },
    });
    const r = report([onlyLowCause], gate({ failOn: "medium" }));
    assert.deepEqual(r.counts, { high: 0, medium: 0, low: 1, info: 0 });
    assert.equal(r.exitCode, 0);
    assert.match(formatText(r), /^Differences: high 0 · medium 0 · low 1 · info 0$/m);
  });

  it("markdown puts them right under their cause, marked ↳ and never gated", () => {
    const html = micromark(formatMarkdown(report([withConsequences])), {
      extensions: [gfmTable()],
      htmlExtensions: [gfmTableHtml()],
    });
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
      [...m[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => c[1]),
    );
    assert.deepEqual(
      rows.slice(1).map((r) => [r[0], r[1], r[4]]),
      [
        ["fail", "high", "<code>/status</code>"],
        ["↳", "low", "<code>/headers/content-length</code>"],
        ["↳", "medium", "<code>/body/json/error</code>"],
      ],
    );
  });

  it("JUnit keeps them in the failure's text under their cause, and counts one failure", () => {
    const xml = formatJunit(report([withConsequences]));
    assert.equal(XMLValidator.validate(xml), true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml);
    assert.equal(parsed.testsuites.failures, "1");
    const text = parsed.testsuites.testsuite.testcase.failure["#text"];
    assert.match(text, /high new changed \/status: 503 → 200\n {2}↳ low new changed \/headers\/content-length/);
  });

  it("annotations name the cause and how many consequences follow it", () => {
    assert.deepEqual(annotations(report([withConsequences])), [
      "::error title=envdiff high (new)%3A item 0::high new changed /status: 503 → 200 (+2 consequence(s))",
    ]);
  });
});

describe("paths a person can follow (issue 23)", () => {
  it("a keyed element names its key and the path in each document", () => {
    const keyed = difference({
      path: "/body/json/projects/3/region",
      key: "prj_4kq2",
      leftPath: "/body/json/projects/3/region",
      rightPath: "/body/json/projects/5/region",
      left: "eu",
      right: "us",
    });
    const text = formatText(report([state({ diff: { differences: [keyed] } })]));
    assert.match(
      text,
      /\/body\/json\/projects\/3\/region \[key "prj_4kq2"; left \/body\/json\/projects\/3\/region, right \/body\/json\/projects\/5\/region\] {2}"eu" → "us"/,
    );
  });
  it("a rename is one row from the old name to the new one", () => {
    const renamed = difference({
      change: "renamed",
      path: "/body/json/taxId",
      leftPath: "/body/json/taxId",
      rightPath: "/body/json/vatId",
      left: "X1",
      right: "X1",
      severity: "low",
    });
    const text = formatText(report([state({ diff: { differences: [renamed] } })]));
    assert.match(text, /low {4}new {7}renamed \/body\/json\/taxId → \/body\/json\/vatId {2}"X1" → "X1"/);
  });
});

describe("the three-way verdict (issue 23)", () => {
  const inconclusive = state({
    verdict: "inconclusive",
    inconclusive: [
      { reason: "unstable_timing", path: "/timing/totalMs", side: "right", samples: [{ status: 200, totalMs: 120 }] },
    ],
    timing: { verdict: "unstable", leftMs: [100, 110], rightMs: [120, 900], rule: "ratio 2, floor 100 ms" },
    diff: { identical: true, differences: [] },
  });

  it("passes by default, saying it was not gated", () => {
    const r = report([inconclusive]);
    assert.equal(r.exitCode, 0);
    assert.equal(r.verdict, "pass");
    const text = formatText(r);
    assert.match(text, /\[completed · inconclusive\]/);
    assert.match(
      text,
      /\? inconclusive unstable_timing at \/timing\/totalMs, right samples \[\{"status":200,"totalMs":120\}\]/,
    );
    assert.match(text, /timing unstable: left 100, 110 ms · right 120, 900 ms/);
    assert.match(text, /^PASS \(--fail-on high\) · 1 inconclusive, not gated without --fail-on-inconclusive$/m);
  });

  it("exits 4 under --fail-on-inconclusive, with a JUnit failure and an ::error", () => {
    const r = report([inconclusive], gate({ failOnInconclusive: true }));
    assert.equal(r.exitCode, 4);
    assert.equal(r.verdict, "inconclusive");
    assert.match(formatText(r), /^INCONCLUSIVE: 1 comparison\(s\) could not decide/m);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(formatJunit(r));
    assert.equal(parsed.testsuites.testsuite.testcase.failure.type, "inconclusive");
    assert.match(annotations(r)[0], /^::error title=envdiff inconclusive%3A item 0::inconclusive unstable_timing/);
  });

  it("ranks exits: a failed comparison (2) over differences (1) over inconclusive (4)", () => {
    const failed = state(null, { status: "failed", error: { code: "deadline_exceeded", message: "late" } });
    const high = state({ diff: { differences: [difference({ severity: "high" })] } });
    const g = gate({ failOnInconclusive: true });
    assert.equal(report([inconclusive, high, failed], g).exitCode, 2);
    assert.equal(report([inconclusive, high], g).exitCode, 1);
    assert.equal(report([inconclusive], g).exitCode, 4);
  });

  it("a result from an older server, without verdict, reads identical or different from its diff", () => {
    const old = report([
      state({ diff: { identical: true, differences: [] } }),
      state({ diff: { differences: [difference({})] } }),
    ]);
    assert.deepEqual(
      old.items.map((i) => [i.verdict, i.inconclusive.length, i.timing]),
      [
        ["identical", 0, null],
        ["different", 0, null],
      ],
    );
  });
});
