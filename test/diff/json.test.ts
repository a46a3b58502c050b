import { describe, expect, it } from "vitest";
import { diffEnvelopes } from "../../src/diff";
import type { JsonValue } from "../../src/shapes/json";
import { difference, jsonBody, left, right } from "../support/envelopes";

const diffJsonBodies = (l: JsonValue, r: JsonValue, rules = {}) =>
  diffEnvelopes(left({ body: jsonBody(l) }), right({ body: jsonBody(r) }), rules);

describe("JSON bodies", () => {
  it("reports nothing when the bodies hash the same", () => {
    expect(diffJsonBodies({ a: [1, { b: null }] }, { a: [1, { b: null }] }).identical).toBe(true);
  });

  it("treats the same document with keys in another order as identical", () => {
    expect(diffJsonBodies({ a: 1, b: 2 }, { b: 2, a: 1 }).identical).toBe(true);
  });

  it("treats a float summed in another order as the same number, and still sees a real change or an id", () => {
    // 0.1 + 0.2 is 0.30000000000000004; a total summed in a random order differs in its 16th digit.
    expect(diffJsonBodies({ total: 0.1 + 0.2, n: 48.21 }, { total: 0.3, n: 48.209999999999994 }).identical).toBe(true);
    expect(diffJsonBodies({ total: 783.1900000000001 }, { total: 633.89 }).differences.map((d) => d.path)).toEqual([
      "/body/json/total",
    ]);
    // Integers are exact: ids and counters differ in their last digit.
    expect(diffJsonBodies({ id: 1234567890123456 }, { id: 1234567890123457 }).identical).toBe(false);
  });

  it("reports changed, removed and added fields at their pointers", () => {
    const result = diffJsonBodies(
      { version: "1.4.0", user: { name: "Ada", legacyId: 7 } },
      { version: "1.5.0", user: { name: "Ada", email: "ada@example.com" } },
    );
    expect(result.differences).toEqual([
      difference("body", "/body/json/version", "changed", "medium", "1.4.0", "1.5.0"),
      difference("body", "/body/json/user/legacyId", "removed", "medium", 7, null),
      difference("body", "/body/json/user/email", "added", "medium", null, "ada@example.com"),
    ]);
    // A field present on one side only is as severe whichever side lacks it.
    expect(result.summary).toEqual({ high: 0, medium: 3, low: 0, info: 0, total: 3 });
  });

  it("reports a type change once, at the path where the types part", () => {
    const result = diffJsonBodies(
      { count: 3, tags: ["a"], meta: { x: 1 }, flag: null },
      { count: "3", tags: { 0: "a" }, meta: [1], flag: false },
    );
    expect(result.differences).toEqual([
      difference("body", "/body/json/count", "changed", "medium", 3, "3"),
      difference("body", "/body/json/tags", "changed", "medium", ["a"], { 0: "a" }),
      difference("body", "/body/json/meta", "changed", "medium", { x: 1 }, [1]),
      difference("body", "/body/json/flag", "changed", "medium", null, false),
    ]);
  });

  it("reports a growing array as one difference per new element, and an element edited in place as a change", () => {
    const result = diffJsonBodies({ items: [1, 2, 3] }, { items: [1, 2, 30, 4, { id: 5 }] });
    expect(result.differences).toEqual([
      difference("body", "/body/json/items/2", "changed", "medium", 3, 30),
      { ...difference("body", "/body/json/items/3", "added", "low", null, 4), key: 4, rightPath: "/body/json/items/3" },
      difference("body", "/body/json/items/4", "added", "low", null, { id: 5 }),
    ]);
  });

  it("reports a shrinking array as each missing element", () => {
    expect(diffJsonBodies([{ id: 1 }, { id: 2 }], [{ id: 1 }]).differences).toEqual([
      difference("body", "/body/json/1", "removed", "low", { id: 2 }, null, { key: 2, leftPath: "/body/json/1" }),
    ]);
  });

  it("escapes keys containing / and ~ in pointers", () => {
    const result = diffJsonBodies(
      { paths: { "/api/v1": "up", "~home": 1, "a~/b": true } },
      { paths: { "/api/v1": "down", "~home": 2, "a~/b": false } },
    );
    expect(result.differences.map((d) => d.path)).toEqual([
      "/body/json/paths/~1api~1v1",
      "/body/json/paths/~0home",
      "/body/json/paths/a~0~1b",
    ]);
  });

  it("reports a top-level scalar change at /body/json", () => {
    expect(diffJsonBodies("ok", "degraded").differences).toEqual([
      difference("body", "/body/json", "changed", "medium", "ok", "degraded"),
    ]);
  });

  it("drops differences under an ignored path but keeps siblings that share a name prefix", () => {
    const result = diffJsonBodies(
      { meta: { requestId: "a", at: 1 }, metadata: { v: 1 }, items: [{ updatedAt: 1, id: 1 }] },
      { meta: { requestId: "b", at: 2 }, metadata: { v: 2 }, items: [{ updatedAt: 2, id: 1 }] },
      { ignorePaths: ["/body/json/meta", "/body/json/items/0/updatedAt"] },
    );
    expect(result.differences).toEqual([difference("body", "/body/json/metadata/v", "changed", "medium", 1, 2)]);
  });

  it("matches ignore paths against escaped keys", () => {
    const result = diffJsonBodies({ "a/b": 1, c: 1 }, { "a/b": 2, c: 1 }, { ignorePaths: ["/body/json/a~1b"] });
    expect(result.identical).toBe(true);
  });

  it("summarises large added subtrees instead of copying them into the result", () => {
    const big = Array.from({ length: 500 }, (_, i) => ({ id: i, name: `item ${i}` }));
    expect(diffJsonBodies({}, { big }).differences).toEqual([
      difference("body", "/body/json/big", "added", "medium", null, "[array of 500 items]"),
    ]);
  });
});
