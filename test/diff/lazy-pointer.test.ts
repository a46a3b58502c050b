/** The lazy pointer answers exactly as the written pointer would, for every prefix, escape and bound. */
import { describe, expect, it } from "vitest";
import { SegmentPath } from "../../src/diff/lazy-pointer";
import { isAtOrBelow, pointerFrom } from "../../src/diff/pointer";

const PATHS: (string | number)[][] = [
  [],
  ["a"],
  ["a", "b"],
  ["a/b", 3],
  ["~", "~1", "/"],
  ["meta", "id"],
  ["metadata"],
  ["k".repeat(5000), 0],
  ["漢字", "😀"],
  [0, 1, 2],
];

const PREFIXES = [
  "/body/json",
  "/body/json/a",
  "/body/json/a~1b",
  "/body/json/a~1b/3",
  "/body/json/~0/~01",
  "/body/json/meta",
  "/body/json/metadata",
  `/body/json/${"k".repeat(5000)}`,
  `/body/json/${"k".repeat(10)}`,
  "/body/json/漢字/😀",
  "/body/json/0/1",
  "/body/jso",
  "/headers",
  "",
  "/",
];

describe("SegmentPath", () => {
  it("writes the same pointer as pointerFrom", () => {
    for (const segments of PATHS)
      expect(new SegmentPath("/body/json", segments).pointer()).toBe(pointerFrom("/body/json", segments));
  });

  it("answers isAtOrBelow like the written pointer, for every path and prefix", () => {
    for (const segments of PATHS) {
      const lazy = new SegmentPath("/body/json", segments);
      const written = pointerFrom("/body/json", segments);
      for (const prefix of PREFIXES)
        expect([segments, prefix, lazy.isAtOrBelow(prefix)]).toEqual([segments, prefix, isAtOrBelow(written, prefix)]);
    }
  });

  it("stops writing a bounded pointer soon after the bound, never at the cost of a long key", () => {
    const pointer = new SegmentPath("/body/json", ["k".repeat(900_000), "x"]).pointer(512);
    expect(pointer.length).toBeLessThanOrEqual(512 + 12);
    expect(pointer.startsWith("/body/json/kkk")).toBe(true);
  });
});
