import { describe, expect, it } from "vitest";
import { clockNoise } from "../../src/diff/clock";
import { diffWithoutNoise, sampleNoise } from "../../src/diff/noise";
import { jsonBody, left, right } from "../support/envelopes";

const at = "2026-11-28T04:00:00.000Z";

describe("noise told apart by samples", () => {
  it("calls what differs between two samples of one side noise, and keeps it out of the differences", () => {
    const l1 = left({ body: jsonBody({ price: 12, requestId: "a" }) });
    const l2 = left({ body: jsonBody({ price: 12, requestId: "b" }) });
    const r1 = right({ body: jsonBody({ price: 14, requestId: "c" }) });
    const r2 = right({ body: jsonBody({ price: 14, requestId: "d" }) });
    const { diff, noise } = diffWithoutNoise(l1, r1, {}, sampleNoise([l1, l2], {}), sampleNoise([r1, r2], {}));
    expect(diff.differences.map((d) => d.path)).toEqual(["/body/json/price"]);
    expect(diff.summary).toEqual({ high: 0, medium: 1, low: 0, info: 0, total: 1 });
    expect(noise).toEqual([
      { path: "/body/json/requestId", side: "left" },
      { path: "/body/json/requestId", side: "right" },
    ]);
  });

  it("reports a status that differs between samples as an unstable side, high, with every sample's status", () => {
    const up = left({ status: 200 });
    const down = left({ status: 503 });
    const other = right({ status: 200 });
    const samples = sampleNoise([down, up], {});
    expect(samples).toMatchObject({ statuses: [503, 200], errors: [null, null], noise: [] });
    const { diff } = diffWithoutNoise(down, other, {}, samples, sampleNoise([other, other], {}));
    expect(diff.differences[0]).toMatchObject({ path: "/status", severity: "high", left: [503, 200], right: 200 });
    expect(diff.summary.high).toBe(1);
    expect(diff.summary.total).toBe(1);
  });

  it("with one sample finds no noise", () => {
    expect(sampleNoise([left({})], {})).toMatchObject({ statuses: [200], noise: [], reordered: [], lines: [] });
  });
});

describe("clock-derived values", () => {
  const withTime = (t: string, startedAt = at) => left({ startedAt, body: jsonBody({ generatedAt: t }) });

  it("calls two timestamps of the moment each side answered noise, even in the same second", () => {
    const l = withTime("2026-11-28T04:00:00.120Z");
    const r = right({ startedAt: at, body: jsonBody({ generatedAt: "2026-11-28T04:00:00.450Z" }) });
    const { noise, diff } = diffWithoutNoise(l, r, {}, sampleNoise([l], {}), sampleNoise([r], {}));
    expect(diff.identical).toBe(true);
    expect(noise.map((n) => n.path)).toEqual(["/body/json/generatedAt", "/body/json/generatedAt"]);
  });

  it("keeps dates far from the probe time as a real difference", () => {
    const l = left({ startedAt: at, body: jsonBody({ releasedAt: "2026-10-01T00:00:00Z" }) });
    const r = right({ startedAt: at, body: jsonBody({ releasedAt: "2026-11-01T00:00:00Z" }) });
    const { diff } = diffWithoutNoise(l, r, {}, sampleNoise([l], {}), sampleNoise([r], {}));
    expect(diff.differences.map((d) => d.path)).toEqual(["/body/json/releasedAt"]);
  });

  it("keeps a line that differs by more than its timestamp", () => {
    const difference = {
      kind: "body" as const,
      path: "/body/text/@00000000",
      change: "changed" as const,
      left: "-9| Rendered at 2026-11-28T04:00:01Z by v1",
      right: "+9| Rendered at 2026-11-28T04:00:02Z by v2",
      severity: "medium" as const,
      history: "new" as const,
    };
    expect(clockNoise([difference], { startedAt: at }, { startedAt: at })).toEqual([]);
    const same = { ...difference, right: "+9| Rendered at 2026-11-28T04:00:02Z by v1" };
    expect(clockNoise([same], { startedAt: at }, { startedAt: at })).toEqual(["/body/text/@00000000"]);
  });
});
