/** The suites' pure parts, by tables of cases: paths, discovery parsing, totals and verdicts, batches. */
import { describe, expect, it } from "vitest";
import type { SuiteItemRow } from "../../src/db/d1-schema";
import { openApiPaths, sitemapLocations } from "../../src/suites/discover-parse";
import { normaliseBase, pathUnderBase, resolvePaths } from "../../src/suites/paths";
import { sortBySeverity, toSuiteItem, totalsOf, verdictOf } from "../../src/suites/summary";

const LEFT = "https://staging.example.com/v1";
const RIGHT = "https://www.example.com/v1";

describe("paths", () => {
  it.each([
    ["https://a.example.com/", "https://a.example.com"],
    ["https://a.example.com/v1/", "https://a.example.com/v1"],
    ["https://a.example.com/v1?x=1", null],
    ["https://a.example.com/#top", null],
  ])("the base %s is %s", (base, expected) => {
    expect(normaliseBase(base)).toBe(expected);
  });

  it.each([
    ["https://staging.example.com/v1/users?x=1", "/users?x=1"],
    ["https://staging.example.com/v1", "/"],
    ["https://staging.example.com/v10/users", null],
    ["https://staging.example.com/other", null],
    ["https://www.example.com/v1/users", null],
    ["http://staging.example.com/v1/users", null],
  ])("%s under the left base is %s", (url, expected) => {
    expect(pathUnderBase(url, LEFT)).toBe(expected);
  });

  it("keeps the first of repeated paths, in order, and turns URLs under the left base into paths", () => {
    const result = resolvePaths(["/a", "/b#frag", "/a", `${LEFT}/c`], LEFT, RIGHT);
    expect(result).toEqual({ ok: true, paths: ["/a", "/b", "/c"] });
  });

  it.each([
    [["/ok", "https://evil.example.com/x"], /paths\[1\] is an absolute URL that is not under the left base/],
    [["//evil.example.com/x"], /protocol-relative/],
    [["users"], /must start with \//],
    [["/a b"], /spaces or control characters/],
    [[""], /is empty/],
    [[], /no paths/],
    [Array.from({ length: 501 }, (_, i) => `/${i}`), /at most 500 paths; got 501/],
  ])("refuses %j", (entries, message) => {
    const result = resolvePaths(entries, LEFT, RIGHT);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe("discovery documents", () => {
  it("OpenAPI: GET operations without path templates or required parameters, $refs followed", () => {
    const doc = {
      openapi: "3.1.0",
      components: { parameters: { Q: { name: "q", in: "query", required: true } } },
      paths: {
        "/a": { get: {} },
        "/b": { get: { parameters: [{ name: "x", in: "query" }] } },
        "/c/{id}": { get: {} },
        "/d": { get: { parameters: [{ $ref: "#/components/parameters/Q" }] } },
        "/e": { get: { parameters: [{ $ref: "#/components/parameters/Missing" }] } },
        "/f": { post: {} },
        "/g": { parameters: [{ name: "t", in: "header", required: true }], get: {} },
        "/h": { post: { parameters: [{ name: "q", in: "query", required: true }] } },
        "/i/{id}": { post: {} },
      },
    };
    expect(openApiPaths(doc)).toEqual({ ok: true, entries: ["/a", "/b"] });
    // A POST suite keeps the POST operations, by the same rules.
    expect(openApiPaths(doc, "post")).toEqual({ ok: true, entries: ["/f"] });
  });

  it.each([
    [{ swagger: "2.0", paths: {} }, /not an OpenAPI 3\.x/],
    [{ openapi: "3.0.0" }, /no `paths`/],
    [[1, 2], /not an OpenAPI 3\.x/],
    [undefined, /not an OpenAPI 3\.x/],
  ])("OpenAPI refuses %j", (doc, message) => {
    const parsed = openApiPaths(doc);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it("sitemap: every <loc>, entities and CDATA decoded", () => {
    const xml = `<urlset><url><loc> https://a.example.com/x?a=1&amp;b=2 </loc></url><url><loc><![CDATA[https://a.example.com/y]]></loc></url></urlset>`;
    expect(sitemapLocations(xml)).toEqual({
      ok: true,
      entries: ["https://a.example.com/x?a=1&b=2", "https://a.example.com/y"],
    });
  });

  it("sitemap: CDATA is taken as written, references decoded outside it only", () => {
    const xml = "<urlset><url><loc>https://a.example.com/<![CDATA[a&amp;b]]>&#x2F;c&#47;d</loc></url></urlset>";
    expect(sitemapLocations(xml)).toEqual({ ok: true, entries: ["https://a.example.com/a&amp;b/c/d"] });
  });

  it.each(["&#x110000;", "&#1114112;", "&#0;", "&#xD800;", "&#xFFFF;", "&#x1F;", "&#99999999999;", "&#x;", "&#;"])(
    "sitemap refuses the character reference %s instead of failing on it",
    (reference) => {
      const parsed = sitemapLocations(`<urlset><url><loc>https://a.example.com/p${reference}</loc></url></urlset>`);
      expect(parsed).toMatchObject({ ok: false, message: expect.stringMatching(/names no XML character/) });
    },
  );

  it.each([
    ["<html></html>", /not a sitemap/],
    ["<sitemapindex><sitemap><loc>https://a.example.com/s1.xml</loc></sitemap></sitemapindex>", /sitemap index/],
    [undefined, /not a sitemap/],
  ])("sitemap refuses %s", (text, message) => {
    const parsed = sitemapLocations(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

function row(path: string, fields: Partial<SuiteItemRow> = {}): SuiteItemRow {
  return {
    id: 1000,
    runId: 1,
    path,
    pairKey: "a".repeat(64),
    comparisonId: `${"a".repeat(64)}:x`,
    status: "completed",
    high: 0,
    medium: 0,
    low: 0,
    info: 0,
    newCount: 0,
    recurringCount: 0,
    resolvedCount: 0,
    newHigh: 0,
    resolvedHigh: 0,
    inconclusive: false,
    finishedAt: 1,
    ...fields,
  };
}

describe("totals, verdict and order", () => {
  const item = (path: string, fields: Partial<SuiteItemRow> = {}) => toSuiteItem(row(path, fields), LEFT, RIGHT);

  it("sorts high first, then failed, medium, low, info, identical and running, keeping list order within each", () => {
    const items = [
      item("/same"),
      item("/running", { status: "running" }),
      item("/low", { low: 2 }),
      item("/failed", { status: "failed" }),
      item("/high", { high: 1, low: 3 }),
      item("/medium", { medium: 1 }),
      item("/same2"),
    ];
    expect(sortBySeverity(items).map((i) => i.path)).toEqual([
      "/high",
      "/failed",
      "/medium",
      "/low",
      "/same",
      "/same2",
      "/running",
    ]);
  });

  it.each([
    [[item("/a"), item("/b", { status: "running" }), item("/c", { status: "failed" })], "running"],
    [[item("/a"), item("/b", { high: 1 }), item("/c", { status: "failed" })], "failed"],
    [[item("/a"), item("/b", { info: 1 })], "different"],
    [[item("/a"), item("/b")], "identical"],
    [[item("/a"), item("/b", { inconclusive: true })], "inconclusive"],
    [[item("/a", { inconclusive: true }), item("/b", { low: 1 })], "different"],
  ])("verdict of %#", (items, verdict) => {
    expect(verdictOf(totalsOf(items))).toBe(verdict);
  });

  it("counts a path whose comparison was inconclusive apart from identical and different ones", () => {
    // An unstable side: a high /status difference, and the verdict inconclusive.
    const items = [
      item("/flaky", { high: 1, newCount: 1, inconclusive: true }),
      item("/same"),
      item("/diff", { low: 1 }),
    ];
    expect(items.map((i) => i.verdict)).toEqual(["inconclusive", "identical", "different"]);
    expect(totalsOf(items)).toMatchObject({ identical: 1, different: 1, inconclusive: 1 });
  });

  it("marks each path's history and adds up the run's totals", () => {
    const items = [
      item("/new", { high: 1, newCount: 1 }),
      item("/old", { medium: 2, recurringCount: 2 }),
      item("/fixed", { resolvedCount: 1 }),
      item("/same"),
    ];
    expect(items.map((i) => i.history)).toEqual(["new", "recurring", "resolved", "clean"]);
    expect(items[0]?.leftUrl).toBe(`${LEFT}/new`);
    expect(totalsOf(items)).toEqual({
      paths: 4,
      running: 0,
      failed: 0,
      identical: 2,
      different: 2,
      inconclusive: 0,
      differences: { high: 1, medium: 2, low: 0, info: 0 },
      new: 1,
      resolved: 1,
    });
  });
});
