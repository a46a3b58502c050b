import { describe, expect, it } from "vitest";
import { groupConsequences, nestConsequences } from "../../src/diff/consequences";
import type { Difference } from "../../src/shapes/result";
import { difference, diffOf, header, json, status } from "../support/differences";

const body = (path: string, left: string, right: string) =>
  difference("body", path, left, right, { severity: "medium" });
const info = (name: string, left: string | null, right: string | null) =>
  header(name, left, right, { severity: "info" });
const redirects = (left: string | null, right: string | null) =>
  difference(
    "redirect",
    "/redirects",
    left === null ? [] : [{ status: 302, location: left }],
    right === null ? [] : [{ status: 302, location: right }],
    { severity: "medium" },
  );

/** What a reader sees: each cause's path, with the paths that follow from it. */
const outline = (differences: Difference[]) =>
  differences.map((d) => [d.path, (d.consequences ?? []).map((c) => c.path)]);

describe("consequences nested under their cause", () => {
  it.each<[string, Difference[], [string, string[]][]]>([
    [
      "a body change carries its content-length and etag",
      [json("/price", 12, 14, { severity: "medium" }), info("content-length", "20", "21"), info("etag", '"a"', '"b"')],
      [["/body/json/price", ["/headers/content-length", "/headers/etag"]]],
    ],
    [
      "the first (most severe) body row is the cause when several differ",
      [
        json("/price", 12, 14, { severity: "medium" }),
        json("/tags/3", null, "new"),
        info("content-length", "20", "30"),
      ],
      [
        ["/body/json/price", ["/headers/content-length"]],
        ["/body/json/tags/3", []],
      ],
    ],
    [
      "a status across classes carries the error page's body, type and length, not the security headers",
      [
        status(200, 503),
        header("x-frame-options", "DENY", null),
        header("content-type", "application/json", "text/html"),
        body("/body/kind", "json", "text"),
        info("content-length", "20", "900"),
      ],
      [
        ["/status", ["/headers/content-type", "/body/kind", "/headers/content-length"]],
        ["/headers/x-frame-options", []],
      ],
    ],
    [
      "a status within one class leaves the body a cause of its own",
      [status(200, 204, { severity: "medium" }), body("/body/kind", "json", "empty"), info("content-length", "2", "0")],
      [
        ["/status", []],
        ["/body/kind", ["/headers/content-length"]],
      ],
    ],
    [
      "an unavailable side carries its Retry-After, a status that asks for credentials its WWW-Authenticate",
      [
        status(503, 200),
        header("retry-after", "30", null, { severity: "low" }),
        header("www-authenticate", 'Bearer realm="api"', null, { severity: "low" }),
        header("x-frame-options", "DENY", null),
      ],
      [
        ["/status", ["/headers/retry-after", "/headers/www-authenticate"]],
        ["/headers/x-frame-options", []],
      ],
    ],
    [
      "a status across classes carries the headers only one of the two responses has, but not a security header",
      [
        status(405, 200),
        header("allow", "GET", null, { severity: "low" }),
        info("accept-ranges", null, "bytes"),
        header("x-ratelimit-limit", null, "5000", { severity: "low" }),
        header("strict-transport-security", null, "max-age=600"),
        header("x-app-version", "1.2", "1.3", { severity: "low" }),
      ],
      [
        ["/status", ["/headers/allow", "/headers/accept-ranges", "/headers/x-ratelimit-limit"]],
        ["/headers/strict-transport-security", []],
        ["/headers/x-app-version", []],
      ],
    ],
    [
      "a status within one class, with the same empty body, carries the length only one side sends",
      [status(200, 204, { severity: "medium" }), info("content-length", "0", null)],
      [["/status", ["/headers/content-length"]]],
    ],
    [
      "one error against another carries each error's own message",
      [
        status(404, 410, { severity: "medium" }),
        json("/error", "not_found", "gone", { severity: "medium" }),
        json("/message", "No invoice", "Invoice archived", { severity: "medium" }),
        info("content-length", "40", "52"),
      ],
      [["/status", ["/body/json/error", "/body/json/message", "/headers/content-length"]]],
    ],
    [
      "an unstable side's first status decides the class",
      [{ ...status(503, 200), left: [503, 200] }, json("/ok", false, true, { severity: "medium" })],
      [["/status", ["/body/json/ok"]]],
    ],
    [
      "a redirect that ends somewhere else carries the other page",
      [
        redirects("/login", null),
        header("content-type", "text/html", "application/json"),
        body("/body/kind", "text", "json"),
      ],
      [["/redirects", ["/headers/content-type", "/body/kind"]]],
    ],
    [
      "a redirect that ends somewhere else carries the other page's headers, not its missing security header",
      [
        redirects("/docs/de/", "/docs/en/"),
        header("content-language", "de", "en", { severity: "low" }),
        header("strict-transport-security", null, "max-age=600"),
        body("/body/text/@1", "-1| Erste Schritte", "+1| Getting started"),
      ],
      [
        ["/redirects", ["/headers/content-language", "/body/text/@1"]],
        ["/headers/strict-transport-security", []],
      ],
    ],
    [
      "a redirect that ends at the same place carries nothing",
      [
        difference("redirect", "/redirects", [{ status: 301, location: "/a" }], [{ status: 302, location: "/a" }], {
          severity: "medium",
        }),
        body("/body/kind", "text", "json"),
      ],
      [
        ["/redirects", []],
        ["/body/kind", []],
      ],
    ],
    [
      "another content-encoding carries the length and etag of the encoded bytes",
      [info("content-encoding", "gzip", null), info("content-length", "300", "1200"), info("etag", 'W/"a"', '"a"')],
      [["/headers/content-encoding", ["/headers/content-length", "/headers/etag"]]],
    ],
    [
      "headers that do not follow from anything stay causes",
      [header("x-version", "1", "2", { severity: "low" }), info("content-length", "2", "3")],
      [
        ["/headers/x-version", []],
        ["/headers/content-length", []],
      ],
    ],
  ])("%s", (_case, differences, expected) => {
    expect(outline(nestConsequences(differences).top)).toEqual(expected);
  });

  it("never nests deeper than one level: a body row's consequences move with it under the status", () => {
    const { top } = nestConsequences([
      status(200, 500),
      { ...json("/a", 1, 2), consequences: [info("etag", '"a"', '"b"')] },
    ]);
    expect(outline(top)).toEqual([["/status", ["/body/json/a", "/headers/etag"]]]);
    expect(top[0]?.consequences?.every((c) => !("consequences" in c))).toBe(true);
  });
});

describe("grouping a comparison's diff", () => {
  const sameBody = { body: { sha256: "aaa" } } as const;
  const otherBody = { body: { sha256: "bbb" } } as const;
  const sides = (left: { body: { sha256: string } }, right: { body: { sha256: string } }) => ({
    left: { body: { contentType: null, bytes: 0, truncated: false, kind: "json" as const, ...left.body } },
    right: { body: { contentType: null, bytes: 0, truncated: false, kind: "json" as const, ...right.body } },
  });

  it("counts causes only: a body change with its content-length is one difference", () => {
    const found = {
      diff: diffOf(json("/price", 12, 14, { severity: "medium" }), info("content-length", "20", "21")),
      noise: [],
    };
    const { diff } = groupConsequences(found, sides(sameBody, otherBody));
    expect(diff.summary).toEqual({ high: 0, medium: 1, low: 0, info: 0, total: 1 });
    expect(diff.differences).toHaveLength(1);
    expect(diff.differences[0]?.consequences?.map((c) => c.path)).toEqual(["/headers/content-length"]);
  });

  it("moves a content-length that follows from noise into the noise, so the comparison is identical", () => {
    // The body differed only where the diff left it out (a value that varied between samples).
    const found = {
      diff: diffOf(info("content-length", "20", "23"), info("etag", '"a"', '"b"')),
      noise: [{ path: "/body/json/uptimeSeconds", side: "left" as const }],
    };
    const grouped = groupConsequences(found, sides(sameBody, otherBody));
    expect(grouped.diff.identical).toBe(true);
    expect(grouped.diff.differences).toEqual([]);
    expect(grouped.diff.summary).toEqual({ high: 0, medium: 0, low: 0, info: 0, total: 0 });
    expect(grouped.noise).toEqual([
      { path: "/body/json/uptimeSeconds", side: "left" },
      { path: "/headers/content-length", side: "left" },
      { path: "/headers/content-length", side: "right" },
      { path: "/headers/etag", side: "left" },
      { path: "/headers/etag", side: "right" },
    ]);
  });

  it("keeps a content-length that differs while the bodies are the same: nothing else explains it", () => {
    const found = { diff: diffOf(info("content-length", "20", "23")), noise: [] };
    const grouped = groupConsequences(found, sides(sameBody, sameBody));
    expect(grouped.diff.differences.map((d) => d.path)).toEqual(["/headers/content-length"]);
    expect(grouped.noise).toEqual([]);
  });

  it("keeps counting what the report cap left out, minus what it nested", () => {
    const diff = diffOf(json("/a", 1, 2, { severity: "medium" }), info("etag", '"a"', '"b"'));
    const found = { diff: { ...diff, summary: { ...diff.summary, medium: 400, total: 401 } }, noise: [] };
    expect(groupConsequences(found, sides(sameBody, otherBody)).diff.summary).toEqual({
      high: 0,
      medium: 400,
      low: 0,
      info: 0,
      total: 400,
    });
  });

  it("passes any other field of the step's result through untouched", () => {
    const found = { diff: diffOf(), noise: [], verdict: "identical" };
    expect(groupConsequences(found, sides(sameBody, sameBody))).toBe(found);
  });
});
