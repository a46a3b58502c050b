import { describe, expect, it } from "vitest";
import { escapeSegment, isAtOrBelow, pointerFrom } from "../../src/diff/pointer";

describe("RFC 6901 pointers", () => {
  it.each([
    ["plain", "plain"],
    ["a/b", "a~1b"],
    ["m~n", "m~0n"],
    ["~1", "~01"],
    ["/~", "~1~0"],
    ["", ""],
  ])("escapes %j as %j", (raw, escaped) => {
    expect(escapeSegment(raw)).toBe(escaped);
  });

  it("builds paths from keys and indexes", () => {
    expect(pointerFrom("/body/json", ["items", 3, "a/b"])).toBe("/body/json/items/3/a~1b");
  });

  it.each([
    ["/body/json/meta", "/body/json/meta", true],
    ["/body/json/meta/id", "/body/json/meta", true],
    ["/body/json/metadata", "/body/json/meta", false],
    ["/body/json", "/body/json/meta", false],
    ["/headers/x-a", "/headers", true],
  ] as const)("treats %s as under %s: %s", (path, prefix, expected) => {
    expect(isAtOrBelow(path, prefix)).toBe(expected);
  });
});
