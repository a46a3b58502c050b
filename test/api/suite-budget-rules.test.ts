/** The arithmetic of the suite budget (src/api/suite-budget.ts): what a run costs, and the bound it gives. */
import { describe, expect, it } from "vitest";
import { requestsPerMinuteBound, suiteRunProbes } from "../../src/api/suite-budget";
import { SlidingWindow } from "../../src/do/sliding-window";

describe("the suite budget's rules", () => {
  it("a run costs 2 sides × its samples × (1 + 4 confirming rounds) per path, the default samples counted as three", () => {
    expect(suiteRunProbes(4, { samples: 1 })).toBe(40);
    expect(suiteRunProbes(4, {})).toBe(120);
    expect(suiteRunProbes(500, { samples: 3 })).toBe(15_000);
  });

  it("states its bound: by default, 100,800 requests a minute for one identity", () => {
    // (60 calls × 2 sides × 3 samples × (1 + 4 rounds) + 15000 suite probes) × (1 request + 5 redirects).
    expect(requestsPerMinuteBound(60, 15_000)).toBe(100_800);
  });

  it("the window weighs each hit by its cost and says when there is room again", () => {
    const window = new SlidingWindow(60_000);
    expect(window.hit(20, 0, 10).allowed).toBe(true);
    expect(window.hit(20, 1_000, 10).allowed).toBe(true);
    expect(window.hit(20, 2_000, 1)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 58 });
    expect(window.hit(20, 60_000, 10).allowed).toBe(true);
    expect(window.hit(20, 60_500, 1)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(window.hit(20, 60_500, 11)).toMatchObject({ allowed: false, retryAfterSeconds: 60 });
  });
});
