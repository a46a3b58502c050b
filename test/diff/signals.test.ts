import { describe, expect, it } from "vitest";
import { diffEnvelopes } from "../../src/diff";
import { difference, failed, left, right } from "../support/envelopes";

describe("status", () => {
  it("reports 200 vs 503 as a high-severity status change", () => {
    const result = diffEnvelopes(left(), right({ status: 503 }));
    expect(result.differences).toEqual([difference("status", "/status", "changed", "high", 200, 503)]);
    expect(result.identical).toBe(false);
  });

  it.each([
    [200, 404, "high"],
    [301, 200, "high"],
    [200, 204, "medium"],
    [301, 302, "medium"],
    [500, 503, "medium"],
  ] as const)("rates %i vs %i as %s", (l, r, severity) => {
    expect(diffEnvelopes(left({ status: l }), right({ status: r })).differences).toEqual([
      difference("status", "/status", "changed", severity, l, r),
    ]);
  });
});

describe("errors", () => {
  it("reports a side that could not be reached as one high error and compares nothing else", () => {
    const result = diffEnvelopes(left({ timing: { totalMs: 10, headersMs: 5 } }), failed("right", "timeout"));
    expect(result).toEqual({
      identical: false,
      differences: [
        difference("error", "/error", "added", "high", null, { code: "timeout", message: "timeout error" }),
      ],
      summary: { high: 1, medium: 0, low: 0, info: 0, total: 1 },
    });
  });

  it("reports an error only on the left as removed", () => {
    expect(diffEnvelopes(failed("left", "dns"), right()).differences).toEqual([
      difference("error", "/error", "removed", "high", { code: "dns", message: "dns error" }, null),
    ]);
  });

  it("treats both sides failing with the same code as identical, whatever the messages say", () => {
    const result = diffEnvelopes(failed("left", "tls", "bad cert A"), failed("right", "tls", "bad cert B"));
    expect(result.identical).toBe(true);
    expect(result.differences).toEqual([]);
  });

  it("reports different error codes on both sides as a changed error", () => {
    expect(diffEnvelopes(failed("left", "dns"), failed("right", "connection")).differences).toEqual([
      difference(
        "error",
        "/error",
        "changed",
        "high",
        { code: "dns", message: "dns error" },
        { code: "connection", message: "connection error" },
      ),
    ]);
  });
});

describe("redirects", () => {
  const hop = (url: string, status: number, location: string | null) => ({ url, status, location });

  it("ignores redirect chains that differ only by the environment host", () => {
    const l = left({ redirects: [hop("https://staging.example.com/api", 301, "https://staging.example.com/api/")] });
    const r = right({ redirects: [hop("https://www.example.com/api", 301, "https://www.example.com/api/")] });
    expect(diffEnvelopes(l, r).identical).toBe(true);
  });

  it("reports a different redirect status or target as one medium difference with both chains", () => {
    const l = left({ redirects: [hop("https://staging.example.com/api", 301, "/api/v2")] });
    const r = right({ redirects: [hop("https://www.example.com/api", 302, "/login")] });
    expect(diffEnvelopes(l, r).differences).toEqual([
      difference(
        "redirect",
        "/redirects",
        "changed",
        "medium",
        [{ status: 301, location: "/api/v2" }],
        [{ status: 302, location: "/login" }],
      ),
    ]);
  });

  it("reports a redirect that only the right side makes as added", () => {
    const r = right({ redirects: [hop("https://www.example.com/api", 308, "https://www.example.com/api/")] });
    expect(diffEnvelopes(left(), r).differences).toEqual([
      difference(
        "redirect",
        "/redirects",
        "added",
        "medium",
        [],
        [{ status: 308, location: "https://www.example.com/api/" }],
      ),
    ]);
  });

  it("reports a longer chain on the left as a changed redirect chain", () => {
    const l = left({
      redirects: [hop("https://staging.example.com/a", 301, "/b"), hop("https://staging.example.com/b", 301, "/c")],
    });
    const r = right({ redirects: [hop("https://www.example.com/a", 301, "/b")] });
    expect(diffEnvelopes(l, r).differences).toEqual([
      difference(
        "redirect",
        "/redirects",
        "changed",
        "medium",
        [
          { status: 301, location: "/b" },
          { status: 301, location: "/c" },
        ],
        [{ status: 301, location: "/b" }],
      ),
    ]);
  });
});

describe("timing", () => {
  const timed = (l: number, r: number) =>
    diffEnvelopes(left({ timing: { totalMs: l, headersMs: null } }), right({ timing: { totalMs: r, headersMs: null } }))
      .differences;

  it("reports the right side taking twice as long and 300 ms more as a medium timing difference", () => {
    expect(timed(300, 600)).toEqual([difference("timing", "/timing/totalMs", "changed", "medium", 300, 600)]);
  });

  it("reports the left side being the slow one too", () => {
    expect(timed(1000, 400)).toEqual([difference("timing", "/timing/totalMs", "changed", "medium", 1000, 400)]);
  });

  it("stays quiet just under either threshold", () => {
    expect(timed(300, 599)).toEqual([]); // 300 ms slower but under 2x
    expect(timed(100, 399)).toEqual([]); // 4x but only 299 ms slower
    expect(timed(5, 250)).toEqual([]); // 50x but a few hundred ms at most
    expect(timed(3000, 3400)).toEqual([]); // 400 ms slower but far under 2x
  });

  it("honours custom thresholds", () => {
    const result = diffEnvelopes(
      left({ timing: { totalMs: 100, headersMs: null } }),
      right({ timing: { totalMs: 160, headersMs: null } }),
      { timingRatio: 1.5, timingMinMs: 50 },
    );
    expect(result.differences).toEqual([difference("timing", "/timing/totalMs", "changed", "medium", 100, 160)]);
  });

  it("does not compare timing when a side timed out, the error already says it", () => {
    const r = failed("right", "timeout");
    r.timing = { totalMs: 10_000, headersMs: null };
    expect(diffEnvelopes(left(), r).differences.map((d) => d.kind)).toEqual(["error"]);
  });
});
