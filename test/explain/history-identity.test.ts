/**
 * History by identity (issue 23): a difference inside a keyed element is the same difference run
 * after run whatever index the element had, a rename is one history, and consequences are marked
 * but never listed as resolved.
 */
import { describe, expect, it } from "vitest";
import { classifyHistory } from "../../src/explain/history";
import { identityOf } from "../../src/explain/identity";
import type { Difference } from "../../src/shapes/result";
import { completed, current, difference, header, json, LEFT, RIGHT } from "../support/differences";

/** The search result art_9 is missing on the left, at whatever index the right side put it this time. */
const missing = (index: number) =>
  json(`/results/${index}`, null, { id: "art_9" }, { key: "art_9", rightPath: `/body/json/results/${index}` });

describe("history by identity", () => {
  it("calls a missing element of a shuffled list recurring run after run, never new and resolved", () => {
    const runs = [missing(5), missing(4), missing(3), missing(8)];
    const history = [];
    for (const [n, d] of runs.entries()) {
      const { diff, resolved } = classifyHistory(current([d]), [...history].reverse());
      expect({ run: n + 1, mark: diff.differences[0]?.history, resolved }).toEqual({
        run: n + 1,
        mark: n === 0 ? "new" : "recurring",
        resolved: [],
      });
      history.push(completed([d]));
    }
  });

  it("would have called the same element new and its old index resolved, matched by index", () => {
    // Without a key the index is the identity: what the key is there to prevent.
    const byIndex = (i: number) => json(`/results/${i}`, null, { id: "art_9" });
    const { diff, resolved } = classifyHistory(current([byIndex(4)]), [completed([byIndex(5)])]);
    expect(diff.differences[0]?.history).toBe("new");
    expect(resolved).toEqual([{ kind: "body", path: "/body/json/results/5" }]);
  });

  it("tells apart two elements by their keys, and the same key in two lists by the list", () => {
    const a = json("/projects/3/region", "eu", "us", { key: "prj_1" });
    const b = json("/projects/3/region", "eu", "us", { key: "prj_2" });
    const c = json("/archived/3/region", "eu", "us", { key: "prj_1" });
    expect(new Set([a, b, c].map(identityOf)).size).toBe(3);
    expect(identityOf(json("/projects/7/region", "eu", "us", { key: "prj_1" }))).toBe(identityOf(a));
  });

  it("matches a run compared the other way round: its paths and keys swapped into this orientation", () => {
    const rename = (l: string, r: string): Difference => ({
      ...json(l.slice("/body/json".length), "DE1", "DE1"),
      change: "renamed",
      leftPath: l,
      rightPath: r,
    });
    const reversed = completed([rename("/body/json/vatId", "/body/json/taxId")], { leftUrl: RIGHT, rightUrl: LEFT });
    const { diff } = classifyHistory(current([rename("/body/json/taxId", "/body/json/vatId")]), [reversed]);
    expect(diff.differences[0]?.history).toBe("recurring");
  });

  it("marks consequences too, and lists only causes as resolved", () => {
    const body = (length: string): Difference => ({
      ...json("/price", 12, 14, { severity: "medium" }),
      consequences: [header("content-length", "20", length, { severity: "info" })],
    });
    const previous = completed([body("21")]);
    const now = { ...body("21"), consequences: [] };
    const { diff, resolved } = classifyHistory(current([now]), [previous]);
    expect(diff.differences[0]?.history).toBe("recurring");
    // The content-length no longer differs, but it was never a cause: nothing is resolved.
    expect(resolved).toEqual([]);

    const { diff: again } = classifyHistory(current([body("21")]), [previous]);
    expect(again.differences[0]?.consequences?.[0]?.history).toBe("recurring");
  });

  it("keeps a difference that moved under a cause from being listed as resolved", () => {
    const previous = completed([json("/ok", true, false, { severity: "medium" })]);
    const status = difference("status", "/status", 200, 503, {
      severity: "high",
      consequences: [json("/ok", true, false, { severity: "medium" })],
    });
    const { resolved, diff } = classifyHistory(current([status]), [previous]);
    expect(resolved).toEqual([]);
    expect(diff.differences[0]?.consequences?.[0]?.history).toBe("recurring");
  });
});
