import { describe, expect, it } from "vitest";
import { diffEnvelopes } from "../../src/diff";
import type { JsonObject } from "../../src/shapes/json";
import { difference, failed, jsonBody, left, right } from "../support/envelopes";

function numbered(count: number, offset: number): JsonObject {
  const doc: JsonObject = {};
  for (let i = 0; i < count; i++) doc[`k${i}`] = i + offset;
  return doc;
}

describe("the report", () => {
  it("keeps 200 differences but counts the true total in the summary", () => {
    const result = diffEnvelopes(
      left({ body: jsonBody(numbered(450, 0)) }),
      right({ body: jsonBody(numbered(450, 1)) }),
    );
    expect(result.identical).toBe(false);
    expect(result.differences).toHaveLength(200);
    expect(result.differences[0]).toEqual(difference("body", "/body/json/k0", "changed", "medium", 0, 1));
    expect(result.differences[199]?.path).toBe("/body/json/k199");
    expect(result.summary).toEqual({ high: 0, medium: 450, low: 0, info: 0, total: 450 });
  });

  it("honours a smaller report size and keeps the most severe differences when cutting", () => {
    const l = left({ headers: { "x-a": "1", "x-b": "1" }, body: jsonBody(numbered(5, 0)) });
    const r = right({ status: 500, headers: { "x-a": "2", "x-b": "2" }, body: jsonBody(numbered(5, 1)) });
    const result = diffEnvelopes(l, r, { maxReported: 3 });
    expect(result.differences).toEqual([
      difference("status", "/status", "changed", "high", 200, 500),
      difference("body", "/body/json/k0", "changed", "medium", 0, 1),
      difference("body", "/body/json/k1", "changed", "medium", 1, 2),
    ]);
    expect(result.summary).toEqual({ high: 1, medium: 5, low: 2, info: 0, total: 8 });
  });

  it("orders differences most severe first, and as found within a severity", () => {
    const l = left({
      headers: { "content-type": "application/json", "x-version": "1", etag: "a" },
      body: jsonBody({ a: 1, b: 1 }),
      timing: { totalMs: 100, headersMs: null },
    });
    const r = right({
      status: 404,
      headers: { "content-type": "application/json", "x-version": "2", etag: "b" },
      body: jsonBody({ a: 2, c: 3 }),
      timing: { totalMs: 900, headersMs: null },
    });
    const result = diffEnvelopes(l, r);
    expect(result.differences.map((d) => [d.severity, d.path])).toEqual([
      ["high", "/status"],
      ["medium", "/body/json/a"],
      ["medium", "/body/json/b"],
      ["medium", "/body/json/c"],
      ["medium", "/timing/totalMs"],
      ["low", "/headers/x-version"],
      ["info", "/headers/etag"],
    ]);
    expect(result.summary).toEqual({ high: 1, medium: 4, low: 1, info: 1, total: 7 });
  });

  it("marks every difference as new for the history step to re-mark", () => {
    const result = diffEnvelopes(failed("left", "dns"), right());
    expect(result.differences.every((d) => d.history === "new")).toBe(true);
  });

  it("drops whole areas of the envelope through ignore paths", () => {
    const l = left({ status: 200, body: jsonBody({ a: 1 }), timing: { totalMs: 10, headersMs: null } });
    const r = right({ status: 201, body: jsonBody({ a: 2 }), timing: { totalMs: 5000, headersMs: null } });
    const result = diffEnvelopes(l, r, { ignorePaths: ["/body", "/timing"] });
    expect(result.differences).toEqual([difference("status", "/status", "changed", "medium", 200, 201)]);
    expect(result.summary.total).toBe(1);
  });

  it("counts only what survives the ignore rules, so an ignored difference leaves the pair identical", () => {
    const result = diffEnvelopes(left({ status: 200 }), right({ status: 500 }), { ignorePaths: ["/status"] });
    expect(result).toEqual({
      identical: true,
      differences: [],
      summary: { high: 0, medium: 0, low: 0, info: 0, total: 0 },
    });
  });
});
