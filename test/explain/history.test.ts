import { describe, expect, it } from "vitest";
import { classifyHistory } from "../../src/explain/history";
import { completed, current, header, json, LEFT, marks, RIGHT, status, timing } from "../support/differences";

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

  it("only looks at the previous comparison to decide new versus recurring", () => {
    // Present two runs ago but not in the previous one: it came back, so it is new again.
    const older = completed([header("x-version", "1", "2")]);
    const previous = completed([]);
    const { diff } = classifyHistory(current([header("x-version", "1", "2")]), [previous, older]);
    expect(marks(diff)).toEqual({ "/headers/x-version": "new" });
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
  it("marks a request id that changes on both sides between two runs as flapping", () => {
    const previous = completed([json("/meta/requestId", "req-1", "req-2")]);
    const { diff } = classifyHistory(current([json("/meta/requestId", "req-3", "req-4")]), [previous]);
    expect(marks(diff)).toEqual({ "/body/json/meta/requestId": "flapping" });
  });

  it("marks an id present only on one side that changes every run as flapping", () => {
    const previous = completed([json("/traceId", null, "t-1")]);
    const { diff } = classifyHistory(current([json("/traceId", null, "t-2")]), [previous]);
    expect(marks(diff)).toEqual({ "/body/json/traceId": "flapping" });
  });

  it("marks response times that differ by a different amount every run as flapping", () => {
    const previous = completed([timing(120, 900)]);
    const { diff } = classifyHistory(current([timing(130, 1400)]), [previous]);
    expect(marks(diff)).toEqual({ "/timing/totalMs": "flapping" });
  });

  it("keeps a difference whose values stay the same recurring, however long it lasts", () => {
    const history = [1, 2, 3, 4].map(() => completed([header("x-version", "1.2.0", "1.3.0")]));
    const { diff } = classifyHistory(current([header("x-version", "1.2.0", "1.3.0")]), history);
    expect(marks(diff)).toEqual({ "/headers/x-version": "recurring" });
  });

  it("does not call one deploy between two runs flapping: one side changing once is recurring", () => {
    const previous = completed([header("x-version", "1.2.0", "1.3.0")]);
    const { diff } = classifyHistory(current([header("x-version", "1.2.0", "1.4.0")]), [previous]);
    expect(marks(diff)).toEqual({ "/headers/x-version": "recurring" });
  });

  it("marks a value that changes on one side at every one of three runs as flapping", () => {
    const history = [
      completed([json("/generatedAt", "t2", "fixed")]),
      completed([json("/generatedAt", "t1", "fixed")]),
    ];
    const { diff } = classifyHistory(current([json("/generatedAt", "t3", "fixed")]), history);
    expect(marks(diff)).toEqual({ "/body/json/generatedAt": "flapping" });
  });

  it("never calls a status that keeps changing on one side noise", () => {
    const history = [completed([status(200, 502)]), completed([status(200, 504)])];
    const { diff } = classifyHistory(current([status(200, 503)]), history);
    expect(marks(diff)).toEqual({ "/status": "recurring" });
  });

  it("stops being flapping once a run in the chain kept the same values", () => {
    const history = [completed([json("/id", "b", "c")]), completed([json("/id", "b", "c")])];
    const { diff } = classifyHistory(current([json("/id", "x", "y")]), history);
    expect(marks(diff)).toEqual({ "/body/json/id": "recurring" });
  });

  it("mixes flapping, recurring and new marks in one comparison", () => {
    const previous = completed([status(200, 503), json("/requestId", "r1", "r2")]);
    const { diff } = classifyHistory(
      current([status(200, 503), json("/requestId", "r3", "r4"), header("x-new", null, "1")]),
      [previous],
    );
    expect(marks(diff)).toEqual({
      "/status": "recurring",
      "/body/json/requestId": "flapping",
      "/headers/x-new": "new",
    });
  });

  it("gives the same marks for the same inputs every time", () => {
    const history = [completed([json("/requestId", "r1", "r2"), status(200, 503)])];
    const run = () => classifyHistory(current([json("/requestId", "r3", "r4"), status(200, 503)]), history);
    expect(run()).toEqual(run());
  });
});
