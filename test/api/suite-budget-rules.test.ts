/** The arithmetic of the suite budget (src/api/suite-budget.ts): what a run costs, and the bound it gives. */
import { describe, expect, it } from "vitest";
import { SlidingWindow } from "../../src/api/sliding-window";
import { requestsPerMinuteBound, suiteRunProbes } from "../../src/api/suite-budget";

describe("the suite budget's rules", () => {
  it("a run costs 2 sides × its samples per path, the default samples counted as three", () => {
    expect(suiteRunProbes(4, { samples: 1 })).toBe(8);
    expect(suiteRunProbes(4, {})).toBe(24);
    expect(suiteRunProbes(500, { samples: 2 })).toBe(3000);
  });

  it("states its bound: by default, 20,160 requests a minute for one identity", () => {
    // (60 calls × 2 sides × 3 samples + 3000 suite probes) × (1 request + 5 redirects).
    expect(requestsPerMinuteBound(60, 3000)).toBe(20_160);
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
