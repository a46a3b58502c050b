import { describe, expect, it } from "vitest";
import { diffEnvelopes } from "../../src/diff";
import type { JsonValue } from "../../src/shapes/json";
import { difference, jsonBody, left, right } from "../support/envelopes";

const diffJsonBodies = (l: JsonValue, r: JsonValue, rules = {}) =>
  diffEnvelopes(left({ body: jsonBody(l) }), right({ body: jsonBody(r) }), rules).differences;

const products = [1, 2, 3, 4, 5].map((id) => ({ id, name: `P${id}`, stock: 10 }));

describe("arrays aligned by identity", () => {
  it("reports one inserted element as one difference, not a shift of every later element", () => {
    const l = [1, 2, 3, 4];
    // A scalar is matched by value, so it is its own key (history follows it wherever it moves).
    expect(diffJsonBodies(l, [1, 9, 2, 3, 4])).toEqual([
      { ...difference("body", "/body/json/1", "added", "low", null, 9), key: 9, rightPath: "/body/json/1" },
    ]);
  });

  it("names a string missing from a list by its value, whatever index it has", () => {
    const ranges = ["192.30.252.0/22", "185.199.108.0/22", "140.82.112.0/20"];
    const keys = [ranges, [ranges[2], ranges[0], ranges[1]]].map((right) =>
      diffJsonBodies(ranges.slice(0, 2), right as string[]).map((d) => [d.change, d.key]),
    );
    expect(keys).toEqual([[["added", "140.82.112.0/20"]], [["added", "140.82.112.0/20"]]]);
  });

  it("matches the edges of a connection by their node's id, not by their cursor, which is a position", () => {
    const edge = (i: number, id: string, isArchived: boolean) => ({ cursor: `cursor:${i}`, node: { id, isArchived } });
    const rows = diffJsonBodies(
      [edge(1, "R_a", false), edge(2, "R_b", true), edge(3, "R_c", false)],
      [edge(1, "R_c", false), edge(2, "R_a", false), edge(3, "R_b", false)],
      { unorderedPaths: ["/body/json"] },
    ).filter((r) => !r.path.endsWith("/cursor"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ path: "/body/json/1/node/isArchived", key: "R_b", left: true, right: false });
  });

  it("reports one deleted element as one difference at its left index", () => {
    expect(diffJsonBodies([{ n: 1 }, { n: 2 }, { n: 3 }], [{ n: 1 }, { n: 3 }])).toEqual([
      difference("body", "/body/json/1", "removed", "low", { n: 2 }, null),
    ]);
  });

  it("reports an element moved elsewhere in the list as one low order change", () => {
    expect(diffJsonBodies(["a", "b", "c", "d"], ["b", "c", "d", "a"])).toEqual([
      difference("body", "/body/json", "changed", "low", ["a", "b", "c", "d"], ["b", "c", "d", "a"]),
    ]);
  });

  it("matches objects by id: the same products in another order plus one stock change give two differences", () => {
    const reordered = [...products].reverse().map((p) => (p.id === 3 ? { ...p, stock: 0 } : p));
    expect(diffJsonBodies({ products }, { products: reordered })).toEqual([
      difference("body", "/body/json/products/2/stock", "changed", "medium", 10, 0, {
        key: 3,
        leftPath: "/body/json/products/2/stock",
        rightPath: "/body/json/products/2/stock",
      }),
      difference("body", "/body/json/products", "changed", "low", [1, 2, 3, 4, 5], [5, 4, 3, 2, 1]),
    ]);
  });

  it("reports nothing for a pure reordering under unorderedPaths, even with a wildcard", () => {
    const reordered = [...products].reverse();
    expect(diffJsonBodies({ products }, { products: reordered }, { unorderedPaths: ["/body/json/*"] })).toEqual([]);
    expect(diffJsonBodies({ tags: ["x", "y"] }, { tags: ["y", "x"] }, { unorderedPaths: ["/body/json/tags"] })).toEqual(
      [],
    );
  });

  it("matches by a key named in arrayKeys", () => {
    const l = [
      { sku: "A", qty: 1 },
      { sku: "B", qty: 2 },
    ];
    const r = [
      { sku: "B", qty: 3 },
      { sku: "A", qty: 1 },
    ];
    expect(diffJsonBodies({ lines: l }, { lines: r }, { arrayKeys: { "/body/json/lines": "sku" } })).toEqual([
      difference("body", "/body/json/lines/1/qty", "changed", "medium", 2, 3, {
        key: "B",
        leftPath: "/body/json/lines/1/qty",
        rightPath: "/body/json/lines/0/qty",
      }),
      difference("body", "/body/json/lines", "changed", "low", ["A", "B"], ["B", "A"]),
    ]);
  });

  it("falls back to content alignment when ids repeat, instead of guessing a match", () => {
    const l = [
      { id: 1, v: "a" },
      { id: 1, v: "b" },
    ];
    const r = [
      { id: 1, v: "a" },
      { id: 1, v: "c" },
    ];
    expect(diffJsonBodies(l, r)).toEqual([difference("body", "/body/json/1/v", "changed", "medium", "b", "c")]);
  });

  it("reports an added and a removed product by id, each once", () => {
    const r = [...products.filter((p) => p.id !== 2), { id: 6, name: "P6", stock: 1 }];
    expect(diffJsonBodies(products, r)).toEqual([
      difference("body", "/body/json/1", "removed", "low", products[1] as JsonValue, null, {
        key: 2,
        leftPath: "/body/json/1",
      }),
      difference(
        "body",
        "/body/json/4",
        "added",
        "low",
        null,
        { id: 6, name: "P6", stock: 1 },
        {
          key: 6,
          rightPath: "/body/json/4",
        },
      ),
    ]);
  });

  it("compares arrays of scalars by content: reordered tags are one order change", () => {
    expect(diffJsonBodies({ tags: ["new", "sale", "oak"] }, { tags: ["oak", "new", "sale"] })).toEqual([
      difference("body", "/body/json/tags", "changed", "low", ["new", "sale", "oak"], ["oak", "new", "sale"]),
    ]);
  });
});
