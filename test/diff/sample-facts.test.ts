import { describe, expect, it } from "vitest";
import { addSample, diffWithoutNoise, sampleNoise, samplesOf } from "../../src/diff/noise";
import { verdictOf } from "../../src/diff/verdict";
import type { SignalEnvelope } from "../../src/shapes/envelope";
import type { JsonValue } from "../../src/shapes/json";
import { failed, jsonBody, left, right, textBody } from "../support/envelopes";

const l = (json: JsonValue) => left({ body: jsonBody(json) });
const r = (json: JsonValue) => right({ body: jsonBody(json) });

/** As the workflow takes them: the first two samples of each side at once, then one per confirming round. */
function sides(samples: SignalEnvelope[]) {
  const first = samples[0] as SignalEnvelope;
  return samples
    .slice(2)
    .reduce((facts, sample) => addSample(facts, first, sample, {}), sampleNoise(samples.slice(0, 2), {}));
}

function compare(ls: SignalEnvelope[], rs: SignalEnvelope[]) {
  const facts = { left: sides(ls), right: sides(rs) };
  const found = diffWithoutNoise(ls[0] as SignalEnvelope, rs[0] as SignalEnvelope, {}, facts.left, facts.right);
  return { ...found, ...facts, ...verdictOf(found.diff, facts.left, facts.right, found.timing, found.timingCounts) };
}

describe("noise recognised by what varies, not only by path", () => {
  it("compares an array whose order varies within a side without order, and still finds the missing element", () => {
    // Search results in a random order on every request; a-0998 is missing on the left.
    const found = compare(
      [l({ results: ["a-3", "a-1", "a-2"] }), l({ results: ["a-1", "a-2", "a-3"] })],
      [r({ results: ["a-2", "a-0998", "a-3", "a-1"] }), r({ results: ["a-3", "a-0998", "a-1", "a-2"] })],
    );
    expect(found.left.reordered).toEqual(["/body/json/results"]);
    expect(found.diff.differences).toMatchObject([{ path: "/body/json/results/1", change: "added", right: "a-0998" }]);
  });

  it("calls a shuffled <li> list noise wherever the hunk boundaries fall, and keeps the real line", () => {
    const page = (items: string[], price: string) =>
      textBody(
        ["<main>", `<p>Read on for ${price} a month.</p>`, "<ul>", ...items.map((i) => `<li>${i}</li>`), "</ul>"].join(
          "\n",
        ),
      );
    const stories = ["Budget", "Tram", "Harbour", "Rates", "Strike"];
    const orders = [
      [0, 1, 2, 3, 4],
      [4, 3, 2, 1, 0],
      [2, 0, 4, 1, 3],
      [1, 4, 0, 3, 2],
    ].map((order) => order.map((i) => stories[i] as string));
    const ls = [left({ body: page(orders[0] ?? [], "€5.99") }), left({ body: page(orders[1] ?? [], "€5.99") })];
    const rs = [right({ body: page(orders[2] ?? [], "€4.99") }), right({ body: page(orders[3] ?? [], "€4.99") })];
    const found = compare(ls, rs);
    expect(found.diff.differences).toHaveLength(1);
    expect(JSON.stringify(found.diff.differences[0]?.left)).toContain("€5.99");
  });

  it("calls a line of a shuffled list noise even when it kept its place in the hunks", () => {
    const page = (items: string) =>
      textBody(["<ul>", ...items.split("").map((i) => `<li>${i}</li>`), "</ul>"].join("\n"));
    // B is in the longest common subsequence of the left's two samples (their hunks hold A and D),
    // but both its neighbours changed. The right side's samples happened to agree.
    const ls = [left({ body: page("ABCDE") }), left({ body: page("BACED") })];
    const rs = [right({ body: page("ACBDE") }), right({ body: page("ACBDE") })];
    // By lines alone: the paths of the samples' own hunks are left out, so they cannot hide it.
    const [fl, fr] = [
      { ...sampleNoise(ls, {}), noise: [] },
      { ...sampleNoise(rs, {}), noise: [] },
    ];
    const found = diffWithoutNoise(ls[0] as SignalEnvelope, rs[0] as SignalEnvelope, {}, fl, fr);
    expect(found.diff.differences).toEqual([]);
  });

  it("keeps a line next to a varying one: a changed title after a request id is real", () => {
    const page = (id: string, title: string) =>
      textBody([`<meta name="request-id" content="${id}">`, `<title>${title}</title>`, "<main>Hi</main>"].join("\n"));
    const found = compare(
      [left({ body: page("a1", "Staging") }), left({ body: page("a2", "Staging") })],
      [right({ body: page("b1", "News") }), right({ body: page("b2", "News") })],
    );
    expect(found.diff.differences).toHaveLength(1);
    expect(JSON.stringify(found.diff.differences[0]?.left)).toContain("<title>Staging</title>");
  });

  it("calls a per-request counter noise once two samples read different values", () => {
    const found = compare([l({ served: 41 }), l({ served: 43 })], [r({ served: 9001 }), r({ served: 9001 })]);
    expect(found.diff.identical).toBe(true);
    expect(found.noise).toEqual([{ path: "/body/json/served", side: "left" }]);
  });

  it("lists each sample's status and time in order", () => {
    const slow = left({ timing: { totalMs: 340, headersMs: null } });
    expect(samplesOf(sampleNoise([left(), slow], {}))).toEqual([
      { status: 200, totalMs: 100 },
      { status: 200, totalMs: 340 },
    ]);
  });
});

describe("the three-way verdict", () => {
  it("is identical when nothing differs and every side was steady", () => {
    expect(compare([l({ a: 1 }), l({ a: 1 })], [r({ a: 1 }), r({ a: 1 })])).toMatchObject({
      verdict: "identical",
      inconclusive: [],
    });
  });

  it("is different when a difference holds", () => {
    expect(compare([l({ a: 1 })], [r({ a: 2 })]).verdict).toBe("different");
  });

  it("is inconclusive when a side's samples disagree on the status (unstable_status), with the statuses", () => {
    const found = compare([left({ status: 200 }), left({ status: 503 })], [right(), right()]);
    expect(found.verdict).toBe("inconclusive");
    expect(found.inconclusive).toEqual([
      { reason: "unstable_status", path: "/status", side: "left", samples: [200, 503] },
    ]);
  });

  it("is inconclusive when some samples of a side got no answer (sample_errors)", () => {
    const found = compare([left(), left()], [right(), failed("right", "timeout")]);
    expect(found.inconclusive).toEqual([
      { reason: "sample_errors", path: "/error", side: "right", samples: [200, null] },
    ]);
    expect(found.verdict).toBe("inconclusive");
  });

  it("is inconclusive when the latency is unstable and nothing else differs (unstable_timing)", () => {
    const ms = (totalMs: number) => ({ timing: { totalMs, headersMs: null } });
    const found = compare(
      [100, 1000, 1000, 1000, 120, 1000].map((t) => left(ms(t))),
      [300, 310, 290, 305, 300, 296].map((t) => right(ms(t))),
    );
    expect(found.timing.verdict).toBe("unstable");
    expect(found.verdict).toBe("inconclusive");
    expect(found.inconclusive).toEqual([
      { reason: "unstable_timing", path: "/timing/totalMs", side: "left", samples: [100, 1000, 1000, 1000, 120, 1000] },
    ]);
  });

  it("is inconclusive when a side's body changes kind between samples (unstable_value)", () => {
    const found = compare([l({ a: 1 }), left({ body: textBody("<h1>Oops</h1>") })], [r({ a: 1 }), r({ a: 1 })]);
    expect(found.inconclusive).toEqual([{ reason: "unstable_value", path: "/body/kind", side: "left" }]);
    expect(found.verdict).toBe("inconclusive");
  });

  it("stays different when the latency is unstable but a value differs", () => {
    const ms = (totalMs: number, v: number) => ({ body: jsonBody({ v }), timing: { totalMs, headersMs: null } });
    const found = compare(
      [100, 1000, 1000, 1000, 120, 1000].map((t) => left(ms(t, 1))),
      [300, 310, 290, 305, 300, 296].map((t) => right(ms(t, 2))),
    );
    expect(found.verdict).toBe("different");
    expect(found.inconclusive.map((i) => i.reason)).toEqual(["unstable_timing"]);
  });
});
