import { describe, expect, it } from "vitest";
import { judgeTiming, suspected, TIMING_RULE, timingDifference, unstableSide } from "../../src/diff/timing";

describe("latency judged on every sample of both sides", () => {
  it("reports a 600 ms regression over a 200 ms endpoint, with 80 ms of jitter on both sides", () => {
    const staging = [812, 866, 803, 841, 877, 820];
    const production = [231, 204, 270, 212, 259, 246];
    const timing = judgeTiming(staging, production);
    // The right side (production) is the faster one.
    expect(timing.verdict).toBe("faster");
    expect(timing.leftMs).toEqual(staging);
    expect(timing.rightMs).toEqual(production);
    expect(timingDifference(timing)).toMatchObject({ path: "/timing/totalMs", left: 831, right: 239 });
  });

  it("does not let load that slows both samples of a round hide the regression", () => {
    // Measured on a loaded machine: a busy first round slowed production to 574 ms, more than
    // staging's best (843 ms) divided by the ratio floor; round by round, staging stays far slower.
    const staging = [1124, 1198, 843, 854, 993, 920];
    const production = [574, 574, 427, 214, 229, 323];
    expect(judgeTiming(staging, production).verdict).toBe("faster");
  });

  it("forgives one round in which a busy request slowed only the faster side", () => {
    // Measured on a loaded machine: in the 4th round production took 810 ms, staging 1003 ms.
    const staging = [923, 924, 1262, 1003, 828, 876];
    const production = [384, 318, 653, 810, 243, 254];
    expect(judgeTiming(staging, production).verdict).toBe("faster");
    // With fewer than 4 rounds, every round must agree.
    expect(judgeTiming([923, 1003], [384, 810]).verdict).toBe("unstable");
  });

  it("forgives two of five moments short of the floors when the slower side was above at every moment", () => {
    // Measured on a loaded machine (DevHub's search, 350 ms slower on staging): two moments, pairs of
    // samples, at which load slowed production left gaps of 224 and 155 ms.
    const staging = [580, 601, 472, 466, 514, 513, 441, 435, 438, 422];
    const production = [341, 392, 77, 61, 96, 70, 283, 283, 86, 101];
    expect(judgeTiming(staging, production, [2, 2, 2, 2, 2]).verdict).toBe("faster");
    // Below at one moment: still unstable.
    const crossed = [341, 392, 77, 61, 96, 70, 483, 483, 86, 101];
    expect(judgeTiming(staging, crossed, [2, 2, 2, 2, 2]).verdict).toBe("unstable");
    // With four moments, one may fall short, not two.
    expect(judgeTiming(staging.slice(0, 8), production.slice(0, 8), [2, 2, 2, 2]).verdict).toBe("unstable");
  });

  it("calls a side that is far slower in some rounds only unstable, not slower", () => {
    expect(judgeTiming([900, 120, 880, 110], [100, 100, 100, 100]).verdict).toBe("unstable");
    expect(judgeTiming([900, 120, 110, 110], [100, 100, 100, 100]).verdict).toBe("same");
  });

  it("never drops a large, consistent difference because one side jitters", () => {
    // Issue 23: staging 1,694 ms, production 213 ms, whose samples varied.
    expect(judgeTiming([213, 540], [1694, 1702]).verdict).toBe("slower");
  });

  it("calls jitter of up to 80 ms the same, also when one sample of one side is slow", () => {
    expect(judgeTiming([12, 85, 40, 61], [70, 22, 9, 88]).verdict).toBe("same");
    expect(judgeTiming([12, 85, 640, 61], [70, 22, 9, 88]).verdict).toBe("same");
  });

  it("needs both floors: a ratio alone or a gap alone is not a difference", () => {
    // 5 ms vs 40 ms is 8× but 35 ms; 3.0 s vs 3.4 s is 400 ms but 1.13×.
    expect(judgeTiming([5, 6], [40, 41]).verdict).toBe("same");
    expect(judgeTiming([3000, 3010], [3400, 3420]).verdict).toBe("same");
    expect(TIMING_RULE).toEqual({ ratio: 1.5, minMs: 250 });
  });

  it("calls overlapping samples whose medians are far apart unstable, naming the side that spreads", () => {
    const timing = judgeTiming([100, 1000, 1000, 1000, 120, 1000], [300, 310, 290, 305, 300, 296]);
    expect(timing.verdict).toBe("unstable");
    expect(unstableSide(timing)).toBe("left");
    expect(timingDifference(timing)).toBeNull();
  });

  it("counts the samples taken at once as one moment, so a loaded first moment is the one forgiven", () => {
    // Measured with a 14-path suite loading the machine: the probe step's two samples of each side
    // (taken at once) read 973/982 vs 911/911 ms; every confirming round then showed the regression.
    const staging = [973, 982, 850, 862, 841, 870];
    const production = [911, 911, 240, 262, 251, 233];
    expect(judgeTiming(staging, production, [2]).verdict).toBe("faster");
    // Counted as two rounds, one loaded moment would be two disagreeing rounds: more than is forgiven
    // once production was above staging in one of them (from 5 moments on, two are forgiven only when
    // the slower side was above at every one).
    const crossing = [990, 911, 240, 262, 251, 233];
    expect(judgeTiming(staging, crossing, [2]).verdict).toBe("faster");
    expect(judgeTiming(staging, crossing).verdict).toBe("unstable");
  });

  it("takes the ratio over the faster side's best moment: load that slows both sides keeps the gap", () => {
    // 1,161 vs 818 ms is 1.4×, under the ratio floor, yet 343 ms apart, as in every round after it.
    const staging = [1164, 1158, 1010, 990, 1020, 1005];
    const production = [818, 818, 700, 640, 420, 650];
    expect(judgeTiming(staging, production, [2]).verdict).toBe("faster");
    // Without load the ratio floor still holds: 3.0 s vs 3.4 s is 400 ms but 1.13×.
    expect(judgeTiming([3000, 3010, 2990, 3005], [3400, 3420, 3390, 3410], [2]).verdict).toBe("same");
  });

  it("suspects a side slower at every moment under the floors, so that confirming looks again", () => {
    const loaded = judgeTiming([973, 982], [911, 911], [2]);
    expect(loaded.verdict).toBe("same");
    expect(suspected(loaded, [2])).toBe(true);
    // Jitter on both sides, or a side slower at one moment only, is not suspect.
    expect(suspected(judgeTiming([40, 75], [20, 61], [2]), [2])).toBe(false);
    expect(suspected(judgeTiming([300, 310, 120], [200, 205, 118], [2]), [2])).toBe(false);
  });

  it("leaves out moments at which a stalled machine swamped both sides, and still reports the regression", () => {
    // Measured on a loaded machine (load average 9 on 2 cores): the newsroom's 800 vs 200 ms endpoint
    // read 1,279/1,279 vs 1,129/1,129 ms, then 1,340/1,443 vs 1,337/1,336 ms: both sides waited for
    // the same stall. The moments after it show the regression.
    const staging = [1279, 1279, 1340, 1443, 850, 862, 841, 870, 866, 851];
    const production = [1129, 1129, 1337, 1336, 240, 262, 251, 233, 228, 236];
    // Counted, the two swamped moments would be more than the one forgiven: unstable at best.
    expect(judgeTiming(staging, production, [2, 2, 2, 2, 2]).verdict).toBe("faster");
  });

  it("keeps a swamped moment that a side answered fast at: one that was fast refutes a difference", () => {
    // Left loaded alone at three moments, right at one, both at none: no moment is swamped.
    expect(judgeTiming([700, 200, 700, 700, 200], [200, 700, 200, 200, 200]).verdict).toBe("unstable");
    // Both sides stalled at every moment but one: too few moments are left to judge without them.
    expect(judgeTiming([1200, 1250, 800], [1150, 1300, 200]).verdict).toBe("same");
  });

  it("suspects a latency whose moments' medians part, or with a swamped moment, so that confirming looks again", () => {
    // 150 ms apart, then 55: slower at every moment but by less than 60 ms once.
    expect(suspected(judgeTiming([1279, 1279, 1340, 1443], [1129, 1129, 1337, 1336], [2, 2]), [2, 2])).toBe(true);
    const swamped = judgeTiming([1279, 1279, 1340, 1443, 850, 862], [1129, 1129, 1337, 1336, 240, 262], [2, 2, 2]);
    expect(swamped.verdict).toBe("same");
    expect(suspected(swamped, [2, 2, 2])).toBe(true);
  });

  it("judges nothing without samples on a side", () => {
    expect(judgeTiming([], [900]).verdict).toBe("same");
  });
});
