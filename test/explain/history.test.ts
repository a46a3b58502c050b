import { describe, expect, it } from "vitest";
import { classifyHistory } from "../../src/explain/history";
import {
  completed,
  current,
  difference,
  header,
  json,
  LEFT,
  marks,
  RIGHT,
  status,
  timing,
} from "../support/differences";

describe("history marks", () => {
  it("marks every difference new when the pair has never been compared", () => {
    const { diff, resolved } = classifyHistory(current([status(200, 503), header("x-version", "1", "2")]), []);
    expect(marks(diff)).toEqual({ "/status": "new", "/headers/x-version": "new" });
    expect(resolved).toEqual([]);
  });

  it("marks a difference recurring when the previous comparison had it with the same values", () => {
    const previous = completed([status(200, 503)]);
    const { diff } = classifyHistory(current([status(200, 503), header("x-version", "1", "2")]), [previous]);
    expect(marks(diff)).toEqual({ "/status": "recurring", "/headers/x-version": "new" });
  });

  it("marks a difference that was gone in the previous run but present before it as flapping: it comes and goes", () => {
    const older = completed([header("x-version", "1", "2")]);
    const previous = completed([]);
    const { diff } = classifyHistory(current([header("x-version", "1", "2")]), [previous, older]);
    expect(marks(diff)).toEqual({ "/headers/x-version": "flapping" });
  });

  it("matches differences by kind and path, not by path alone", () => {
    const previous = completed([json("/status", 1, 2)]);
    const { diff } = classifyHistory(current([status(200, 503)]), [previous]);
    expect(marks(diff)).toEqual({ "/status": "new" });
  });

  it("lists the previous comparison's differences that are gone as resolved", () => {
    const previous = completed([status(200, 503), header("x-version", "1", "2"), json("/a", 1, 2)]);
    const { resolved } = classifyHistory(current([json("/a", 1, 2)]), [previous]);
    expect(resolved).toEqual([
      { kind: "status", path: "/status" },
      { kind: "header", path: "/headers/x-version" },
    ]);
  });

  it("resolves everything when the environments became identical", () => {
    const previous = completed([status(200, 503)]);
    const { diff, resolved } = classifyHistory(current([]), [previous]);
    expect(diff.identical).toBe(true);
    expect(resolved).toEqual([{ kind: "status", path: "/status" }]);
  });

  it("ignores failed comparisons and comparisons of another pair of URLs", () => {
    const failed = completed([], {}, "failed");
    const otherPair = completed([], { rightUrl: "https://elsewhere.example.com/" });
    const previous = completed([status(200, 503)]);
    const { diff, resolved } = classifyHistory(current([status(200, 503)]), [failed, otherPair, previous]);
    expect(marks(diff)).toEqual({ "/status": "recurring" });
    expect(resolved).toEqual([]);
  });

  it("keeps the severity counts the diff engine computed", () => {
    const input = current([status(200, 503), header("x-version", "1", "2"), json("/id", "a", "b")]);
    input.diff.summary.total = 7; // the engine capped the report
    const { diff } = classifyHistory(input, [completed([status(200, 503)])]);
    expect(diff.summary).toEqual({ high: 1, medium: 1, low: 1, info: 0, total: 7 });
    expect(diff.identical).toBe(false);
  });

  it("does not modify the diff it is given", () => {
    const input = current([status(200, 503)]);
    classifyHistory(input, [completed([status(200, 503)])]);
    expect(input.diff.differences[0]?.history).toBe("new");
  });
});

describe("swapped sides", () => {
  const swapped = { leftUrl: RIGHT, rightUrl: LEFT };

  it("recognises a pair compared the other way round as the same pair", () => {
    const previous = completed([status(503, 200)], swapped);
    const { diff, resolved } = classifyHistory(current([status(200, 503)]), [previous]);
    expect(marks(diff)).toEqual({ "/status": "recurring" });
    expect(resolved).toEqual([]);
  });

  it("treats a header only on the left now and only on the right before (swapped) as the same difference", () => {
    // Before: (prod, staging) saw x-debug only on the right = staging. Now staging is the left.
    const before = completed([header("x-debug", null, "on")], swapped);
    const older = completed([header("x-debug", null, "on")], swapped);
    const { diff } = classifyHistory(current([header("x-debug", "on", null)]), [before, older]);
    expect(diff.differences[0]?.change).toBe("removed");
    expect(marks(diff)).toEqual({ "/headers/x-debug": "recurring" });
  });

  it("does not call stable values flapping just because the sides were swapped", () => {
    const runs = [
      completed([status(503, 200)], swapped),
      completed([status(200, 503)]),
      completed([status(503, 200)], swapped),
    ];
    const { diff } = classifyHistory(current([status(200, 503)]), runs);
    expect(marks(diff)).toEqual({ "/status": "recurring" });
  });

  it("compares URLs normalised: host case, default port and fragment do not matter", () => {
    const previous = completed([status(200, 503)], {
      leftUrl: "HTTPS://Staging.Example.com:443/api#top",
      rightUrl: "https://prod.example.com/api",
    });
    const { diff } = classifyHistory(current([status(200, 503)]), [previous]);
    expect(marks(diff)).toEqual({ "/status": "recurring" });
  });
});

describe("flapping", () => {
  it("calls a difference present on every run with varying values recurring, never flapping", () => {
    const history = [completed([timing(87, 1790)]), completed([timing(91, 1808)]), completed([timing(85, 1822)])];
    const { diff } = classifyHistory(current([timing(88, 1815)]), history);
    expect(marks(diff)).toEqual({ "/timing/totalMs": "recurring" });
  });

  it("calls a difference that comes and goes flapping", () => {
    const history = [completed([]), completed([header("x-cache-node", "a", "b")]), completed([])];
    const { diff } = classifyHistory(current([header("x-cache-node", "a", "b")]), history);
    expect(marks(diff)).toEqual({ "/headers/x-cache-node": "flapping" });
  });

  it("keeps a difference whose values stay the same recurring, however long it lasts", () => {
    const history = [1, 2, 3, 4].map(() => completed([header("x-version", "1.2.0", "1.3.0")]));
    const { diff } = classifyHistory(current([header("x-version", "1.2.0", "1.3.0")]), history);
    expect(marks(diff)).toEqual({ "/headers/x-version": "recurring" });
  });

  it("calls a difference that appeared and stayed recurring, not flapping", () => {
    const history = [completed([status(200, 503)]), completed([])];
    const { diff } = classifyHistory(current([status(200, 503)]), history);
    expect(marks(diff)).toEqual({ "/status": "recurring" });
  });

  it("skips runs in which a side errored: a timeout between two runs does not make a header flap", () => {
    const timeout = difference("error", "/error", null, { code: "timeout", message: "slow" }, { severity: "high" });
    const history = [completed([timeout]), completed([header("server", "a", "b")])];
    const { diff } = classifyHistory(current([header("server", "a", "b")]), history);
    expect(marks(diff)).toEqual({ "/headers/server": "recurring" });
  });

  it("gives the same marks for the same inputs every time", () => {
    const history = [completed([json("/requestId", "r1", "r2"), status(200, 503)])];
    const run = () => classifyHistory(current([json("/requestId", "r3", "r4"), status(200, 503)]), history);
    expect(run()).toEqual(run());
  });
});

describe("resolved, honestly", () => {
  it("does not call headers the options now ignore resolved: they are now ignored", () => {
    const previous = completed([header("server", "a", "b"), header("x-version", "1", "2")]);
    const { resolved, notCompared } = classifyHistory(
      { ...current([]), options: { ignoreHeaders: ["server"], ignorePaths: ["/headers/x-version"] } },
      [previous],
    );
    expect(resolved).toEqual([]);
    expect(notCompared).toEqual([
      { kind: "header", path: "/headers/server", reason: "now_ignored" },
      { kind: "header", path: "/headers/x-version", reason: "now_ignored" },
    ]);
  });

  it("does not resolve anything when a side errored this run: it was not comparable", () => {
    const previous = completed([header("server", "a", "b"), header("x-powered-by", "a", "b")]);
    const timeout = difference("error", "/error", null, { code: "timeout", message: "slow" }, { severity: "high" });
    const { resolved, notCompared } = classifyHistory({ ...current([timeout]), comparable: false }, [previous]);
    expect(resolved).toEqual([]);
    expect(notCompared.map((n) => [n.path, n.reason])).toEqual([
      ["/headers/server", "not_comparable"],
      ["/headers/x-powered-by", "not_comparable"],
    ]);
  });

  it("does not resolve a timestamp that is noise this run", () => {
    const previous = completed([json("/time", "t1", "t2")]);
    const { resolved, notCompared } = classifyHistory(
      { ...current([]), noise: [{ path: "/body/json/time", side: "left" as const }] },
      [previous],
    );
    expect(resolved).toEqual([]);
    expect(notCompared).toEqual([]);
  });

  it("resolves a probe error once both sides answer again", () => {
    const timeout = difference("error", "/error", null, { code: "timeout", message: "slow" }, { severity: "high" });
    const { resolved } = classifyHistory(current([]), [completed([timeout])]);
    expect(resolved).toEqual([{ kind: "error", path: "/error" }]);
  });
});
