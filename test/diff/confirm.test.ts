import { describe, expect, it } from "vitest";
import {
  type ConfirmSettings,
  confirm,
  confirmSettings,
  DEFAULT_CONFIRM,
  needsConfirming,
} from "../../src/diff/confirm";
import { diffWithoutNoise, sampleNoise } from "../../src/diff/noise";
import type { SignalEnvelope } from "../../src/shapes/envelope";
import type { JsonValue } from "../../src/shapes/json";
import { failed, jsonBody, left, right } from "../support/envelopes";

const SETTINGS: ConfirmSettings = { spacingMs: 300, maxRounds: 4, budgetMs: 15_000 };

/** A fake clock: sleeping and probing move it; every wait is recorded. */
function clock(probeMs = 20) {
  let t = 1_000_000;
  const starts: number[] = [];
  return {
    starts,
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
    /** Probes both sides with what `answer` says at the current time: one sample of each, or several. */
    rounds(
      answer: (at: number) => { left: SignalEnvelope | SignalEnvelope[]; right: SignalEnvelope | SignalEnvelope[] },
    ) {
      return async () => {
        starts.push(t);
        const round = answer(t);
        t += probeMs;
        return { left: [round.left].flat(), right: [round.right].flat() };
      };
    },
  };
}

const body = (json: JsonValue, ms = 100) => ({ body: jsonBody(json), timing: { totalMs: ms, headersMs: null } });
const l = (json: JsonValue, ms?: number) => left(body(json, ms));
const r = (json: JsonValue, ms?: number) => right(body(json, ms));

/** The comparison's first samples: two per side, as the probe steps take them. */
function firstSamples(ls: SignalEnvelope[], rs: SignalEnvelope[]) {
  const stored = { left: ls[0] as SignalEnvelope, right: rs[0] as SignalEnvelope };
  return { stored, facts: { left: sampleNoise(ls, {}), right: sampleNoise(rs, {}) } };
}

describe("confirming a difference before reporting it", () => {
  it("takes no sample for an identical pair", async () => {
    const { stored, facts } = firstSamples([l({ a: 1 }), l({ a: 1 })], [r({ a: 1 }), r({ a: 1 })]);
    const c = clock();
    const confirmed = await confirm(stored, facts, {}, SETTINGS, {
      ...c,
      probeRound: c.rounds(() => {
        throw new Error("an identical pair must not be probed again");
      }),
    });
    expect(confirmed.rounds).toBe(0);
  });

  it("spreads the rounds 300 ms apart and takes all of them for a difference that holds", async () => {
    const { stored, facts } = firstSamples([l({ v: 1 }), l({ v: 1 })], [r({ v: 2 }), r({ v: 2 })]);
    const c = clock();
    const start = c.now();
    const confirmed = await confirm(stored, facts, {}, SETTINGS, {
      ...c,
      probeRound: c.rounds(() => ({ left: l({ v: 1 }), right: r({ v: 2 }) })),
    });
    expect(confirmed.rounds).toBe(4);
    expect(c.starts.map((t) => t - start)).toEqual([300, 600, 900, 1200]);
    expect(confirmed.left.statuses).toHaveLength(6);
    const found = diffWithoutNoise(stored.left, stored.right, {}, confirmed.left, confirmed.right);
    expect(found.diff.differences.map((d) => d.path)).toEqual(["/body/json/v"]);
  });

  it("takes as many samples of each side per round as the probe step took, each round one moment", async () => {
    const { stored, facts } = firstSamples([l({ v: 1 }, 800), l({ v: 1 }, 810)], [r({ v: 2 }, 200), r({ v: 2 }, 210)]);
    const c = clock();
    const confirmed = await confirm(stored, facts, {}, SETTINGS, {
      ...c,
      probeRound: c.rounds(() => ({
        left: [l({ v: 1 }, 805), l({ v: 1 }, 815)],
        right: [r({ v: 2 }, 205), r({ v: 2 }, 215)],
      })),
    });
    // 2 + 4 × 2 samples per side: a value random on every response would have to agree 10 times.
    expect(confirmed.rounds).toBe(4);
    expect(confirmed.left.statuses).toHaveLength(10);
    expect(confirmed.left.moments).toEqual([2, 2, 2, 2, 2]);
  });

  it("starts the next round at once when a round took longer than the spacing", async () => {
    const { stored, facts } = firstSamples([l({ v: 1 })], [r({ v: 2 })]);
    const c = clock(700);
    const start = c.now();
    await confirm(stored, facts, {}, SETTINGS, {
      ...c,
      probeRound: c.rounds(() => ({ left: l({ v: 1 }), right: r({ v: 2 }) })),
    });
    expect(c.starts.map((t) => t - start)).toEqual([300, 1000, 1700, 2400]);
  });

  it("calls a counter that ticks every second noise: it moves within the rounds' span", async () => {
    // Both concurrent first samples fall in the same second, so they agree; the sides differ.
    const uptime = (base: number) => (at: number) => ({ uptimeSeconds: base + Math.floor(at / 1000) });
    const [ul, ur] = [uptime(5000), uptime(90_000)];
    const c = clock();
    const { stored, facts } = firstSamples([l(ul(c.now())), l(ul(c.now()))], [r(ur(c.now())), r(ur(c.now()))]);
    const confirmed = await confirm(stored, facts, {}, SETTINGS, {
      ...c,
      probeRound: c.rounds((at) => ({ left: l(ul(at)), right: r(ur(at)) })),
    });
    // The first samples fall at the very start of a second, the worst case: the counter only moves
    // in the 4th round, 1.2 s later, and confirming stops there.
    expect(confirmed.rounds).toBe(4);
    const found = diffWithoutNoise(stored.left, stored.right, {}, confirmed.left, confirmed.right);
    expect(found.diff.identical).toBe(true);
    expect(found.noise).toEqual(expect.arrayContaining([{ path: "/body/json/uptimeSeconds", side: "left" }]));
  });

  it("stops early once every candidate varied: a 50/50 header is noise as soon as it flips", async () => {
    const h = (bucket: string) => ({ headers: { "content-type": "application/json", "x-ab-bucket": bucket } });
    const { stored, facts } = firstSamples([left(h("A")), left(h("A"))], [right(h("B")), right(h("B"))]);
    const buckets = ["A", "A", "B"];
    const c = clock();
    const confirmed = await confirm(stored, facts, {}, SETTINGS, {
      ...c,
      probeRound: c.rounds(() => ({ left: left(h(buckets.shift() ?? "A")), right: right(h("B")) })),
    });
    expect(confirmed.rounds).toBe(3);
    expect(confirmed.left.noise).toEqual(["/headers/x-ab-bucket"]);
  });

  it("confirms a latency difference over 3 moments, then stops", async () => {
    const { stored, facts } = firstSamples([l({ a: 1 }, 800), l({ a: 1 }, 840)], [r({ a: 1 }, 200), r({ a: 1 }, 230)]);
    const c = clock();
    const confirmed = await confirm(stored, facts, {}, SETTINGS, {
      ...c,
      probeRound: c.rounds(() => ({ left: l({ a: 1 }, 820), right: r({ a: 1 }, 215) })),
    });
    expect(confirmed.rounds).toBe(2);
    expect(confirmed.left.timings).toEqual([800, 840, 820, 820]);
  });

  it("takes every round when a latency difference forgives a busy round, then reports it", async () => {
    const { stored, facts } = firstSamples([l({ a: 1 }, 800), l({ a: 1 }, 840)], [r({ a: 1 }, 200), r({ a: 1 }, 230)]);
    const right = [700, 215, 220, 210];
    const c = clock();
    const confirmed = await confirm(stored, facts, {}, SETTINGS, {
      ...c,
      probeRound: c.rounds(() => ({ left: l({ a: 1 }, 820), right: r({ a: 1 }, right.shift()) })),
    });
    expect(confirmed.rounds).toBe(4);
    const found = diffWithoutNoise(stored.left, stored.right, {}, confirmed.left, confirmed.right);
    expect(found.timing.verdict).toBe("faster");
  });

  it("confirms a latency that a loaded first moment made look the same, and reports it", async () => {
    // The probe step's samples, taken at once on a loaded machine: 973/982 vs 911/911 ms.
    const { stored, facts } = firstSamples([l({ a: 1 }, 973), l({ a: 1 }, 982)], [r({ a: 1 }, 911), r({ a: 1 }, 911)]);
    expect(needsConfirming(stored, facts, {})).toBe(true);
    const c = clock();
    const confirmed = await confirm(stored, facts, {}, SETTINGS, {
      ...c,
      probeRound: c.rounds(() => ({ left: l({ a: 1 }, 840), right: r({ a: 1 }, 235) })),
    });
    // The loaded moment is the one forgiven, so every round is taken.
    expect(confirmed.rounds).toBe(4);
    const found = diffWithoutNoise(stored.left, stored.right, {}, confirmed.left, confirmed.right);
    expect(found.timing.verdict).toBe("faster");
    expect(found.diff.differences.map((d) => d.path)).toEqual(["/timing/totalMs"]);
  });

  it("looks again when a stalled machine swamped the first moments, and reports the regression", async () => {
    // Measured with load average 9 on 2 cores: 1,279/1,279 vs 1,129/1,129 ms, then 1,340/1,443 vs
    // 1,337/1,336 ms for an 800 ms and a 200 ms endpoint; once the stall ended, 850 vs 240 ms.
    const { stored, facts } = firstSamples(
      [l({ a: 1 }, 1279), l({ a: 1 }, 1279)],
      [r({ a: 1 }, 1129), r({ a: 1 }, 1129)],
    );
    const rounds = [
      { left: [1340, 1443], right: [1337, 1336] },
      { left: [850, 862], right: [240, 262] },
      { left: [841, 870], right: [251, 233] },
      { left: [866, 851], right: [228, 236] },
    ];
    const c = clock();
    const confirmed = await confirm(stored, facts, {}, SETTINGS, {
      ...c,
      probeRound: c.rounds(() => {
        const round = rounds.shift() ?? { left: [850, 850], right: [240, 240] };
        return { left: round.left.map((ms) => l({ a: 1 }, ms)), right: round.right.map((ms) => r({ a: 1 }, ms)) };
      }),
    });
    expect(confirmed.rounds).toBe(4);
    const found = diffWithoutNoise(stored.left, stored.right, {}, confirmed.left, confirmed.right);
    expect(found.timing.verdict).toBe("faster");
  });

  it("looks at a steady gap under the floors for two rounds only, then calls it the same", async () => {
    const { stored, facts } = firstSamples([l({ a: 1 }, 300), l({ a: 1 }, 310)], [r({ a: 1 }, 200), r({ a: 1 }, 205)]);
    const c = clock();
    const confirmed = await confirm(stored, facts, {}, SETTINGS, {
      ...c,
      probeRound: c.rounds(() => ({ left: l({ a: 1 }, 305), right: r({ a: 1 }, 202) })),
    });
    expect(confirmed.rounds).toBe(2);
    expect(diffWithoutNoise(stored.left, stored.right, {}, confirmed.left, confirmed.right).timing.verdict).toBe(
      "same",
    );
  });

  it("stops when a side stops answering: its samples disagree, which settles it", async () => {
    const { stored, facts } = firstSamples([l({ v: 1 })], [r({ v: 2 })]);
    const c = clock();
    const confirmed = await confirm(stored, facts, {}, SETTINGS, {
      ...c,
      probeRound: c.rounds(() => ({ left: failed("left", "timeout"), right: r({ v: 2 }) })),
    });
    expect(confirmed.rounds).toBe(1);
    expect(confirmed.left.errors).toEqual([null, "timeout"]);
  });

  it("starts no round once the time budget is spent", async () => {
    const { stored, facts } = firstSamples([l({ v: 1 })], [r({ v: 2 })]);
    const c = clock(6000);
    const confirmed = await confirm(
      stored,
      facts,
      {},
      { ...SETTINGS, budgetMs: 10_000 },
      {
        ...c,
        probeRound: c.rounds(() => ({ left: l({ v: 1 }), right: r({ v: 2 }) })),
      },
    );
    expect(confirmed.rounds).toBe(2);
  });

  it("confirms nothing when a side errored: the error is the answer", () => {
    const { stored, facts } = firstSamples([failed("left", "connection")], [r({ v: 2 })]);
    expect(needsConfirming(stored, facts, {})).toBe(false);
  });

  it("reads the spacing from CONFIRM_SPACING_MS and falls back to the production default", () => {
    expect(confirmSettings({ CONFIRM_SPACING_MS: "25" })).toEqual({ ...DEFAULT_CONFIRM, spacingMs: 25 });
    expect(confirmSettings({ CONFIRM_SPACING_MS: "soon" })).toEqual(DEFAULT_CONFIRM);
    expect(confirmSettings({})).toEqual({ spacingMs: 300, maxRounds: 4, budgetMs: 15_000 });
  });
});

describe("the chance of a 50/50 value leaking", () => {
  // Every outcome of a value that is A or B at random, with n samples per side: it is reported
  // only when every sample of each side agrees and the sides differ, 2 outcomes of 2^(2n).
  for (const n of [2, 3, 4]) {
    it(`is 2^(1−2·${n}) with ${n} samples per side`, () => {
      let leaks = 0;
      const outcomes = 2 ** (2 * n);
      for (let bits = 0; bits < outcomes; bits++) {
        const value = (i: number) => ((bits >> i) & 1 ? "A" : "B");
        const ls = Array.from({ length: n }, (_, i) => l({ bucket: value(i) }));
        const rs = Array.from({ length: n }, (_, i) => r({ bucket: value(n + i) }));
        const found = diffWithoutNoise(
          ls[0] as SignalEnvelope,
          rs[0] as SignalEnvelope,
          {},
          sampleNoise(ls, {}),
          sampleNoise(rs, {}),
        );
        if (!found.diff.identical) leaks++;
      }
      expect(leaks / outcomes).toBe(2 ** (1 - 2 * n));
    });
  }
});
