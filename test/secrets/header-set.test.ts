/**
 * Per-side headers follow their URL, not their position (issue 21, finding 3): the pure rules of
 * src/secrets/header-set.ts, including a value sealed before sides were bound and a suite's
 * headers moved from its bases to one path's URLs.
 */
import { describe, expect, it } from "vitest";
import { headerSetOf, headersFor, headersForSide, parseHeaderSet, rebindSides } from "../../src/secrets/header-set";

const STAGING = "https://staging.example.com/status";
const PROD = "https://www.example.com/status";
const options = {
  headers: { Accept: "application/json" },
  left: { headers: { Authorization: "Bearer STAGING-ONLY" } },
  right: { headers: { Authorization: "Bearer PROD-ONLY" } },
};

describe("headers bound to their URL", () => {
  it.each([
    ["shared only", { A: "1" }, undefined, { A: "1" }],
    ["a side adds its own", { A: "1" }, { B: "2" }, { A: "1", B: "2" }],
    [
      "a side replaces a shared one whatever the case",
      { Authorization: "shared" },
      { authorization: "side" },
      { authorization: "side" },
    ],
    ["a side alone", {}, { "X-Token": "t" }, { "X-Token": "t" }],
  ])("%s", (_name, shared, own, expected) => {
    expect(headersForSide(shared, own)).toEqual(expected);
  });

  it("each URL gets its own credential whichever side a request names it on", () => {
    const set = headerSetOf(options, { left: STAGING, right: PROD });
    for (const [side, url] of [
      ["left", STAGING],
      ["right", PROD],
      ["right", STAGING],
      ["left", PROD],
    ] as const) {
      const expected = url === STAGING ? "Bearer STAGING-ONLY" : "Bearer PROD-ONLY";
      expect(headersFor(set, { side, url })).toEqual({ Accept: "application/json", Authorization: expected });
    }
  });

  it("a URL the set names no side for gets the shared headers only", () => {
    const set = headerSetOf(options, { left: STAGING, right: PROD });
    expect(headersFor(set, { side: "left", url: "https://elsewhere.example.com/" })).toEqual({
      Accept: "application/json",
    });
  });

  it("URLs are matched as the pair key normalises them: host case, default port, fragment", () => {
    const set = headerSetOf(options, { left: "https://STAGING.example.com:443/status#x", right: PROD });
    expect(headersFor(set, { side: "right", url: STAGING }).Authorization).toBe("Bearer STAGING-ONLY");
  });

  it("a pair of one URL with itself: the position decides, since either is that host", () => {
    const set = headerSetOf(options, { left: STAGING, right: STAGING });
    expect(headersFor(set, { side: "left", url: STAGING }).Authorization).toBe("Bearer STAGING-ONLY");
    expect(headersFor(set, { side: "right", url: STAGING }).Authorization).toBe("Bearer PROD-ONLY");
  });

  it("a value sealed before sides were bound is read as bound to the positions it is read with", () => {
    const legacy = JSON.stringify({ headers: { A: "1" }, left: { T: "l" }, right: { T: "r" } });
    const set = parseHeaderSet(legacy, { left: STAGING, right: PROD });
    expect(headersFor(set, { side: "right", url: STAGING })).toEqual({ A: "1", T: "l" });
    expect(parseHeaderSet(JSON.stringify(set), { left: PROD, right: STAGING })).toEqual(set);
  });

  it("a suite's headers move from its bases to a path's URLs, each side to its own host", () => {
    const bases = { left: "https://staging.example.com/", right: "https://www.example.com/" };
    const set = headerSetOf(options, bases);
    const path = { left: "https://staging.example.com/a?b=1", right: "https://www.example.com/a?b=1" };
    const moved = rebindSides(set, bases, path);
    expect(headersFor(moved, { side: "left", url: path.left }).Authorization).toBe("Bearer STAGING-ONLY");
    // Bases swapped behind envdiff's back (a D1 row edited): each host still gets its own.
    const swapped = rebindSides(set, { left: bases.right, right: bases.left }, { left: path.right, right: path.left });
    expect(headersFor(swapped, { side: "left", url: path.right }).Authorization).toBe("Bearer PROD-ONLY");
    expect(headersFor(swapped, { side: "right", url: path.left }).Authorization).toBe("Bearer STAGING-ONLY");
    // A base that names neither side's URL gets nothing but the shared headers.
    const other = rebindSides(set, { left: "https://evil.example.net/", right: bases.right }, path);
    expect(headersFor(other, { side: "left", url: path.left })).toEqual({ Accept: "application/json" });
  });
});
