import { describe, expect, it } from "vitest";
import { reusableExplanation } from "../../src/explain";
import type { ComparisonResult, Explanation } from "../../src/shapes/result";
import { diffOf, header, status } from "../support/differences";

const MODEL = "@cf/example/model";
const fromModel: Explanation = { source: "workers-ai", model: MODEL, summary: "Version drift.", severity: "high" };

function previousWith(explanation: Explanation): ComparisonResult {
  return { diff: diffOf(status(200, 503, { history: "recurring" })), resolved: [], explanation };
}

describe("reusing the previous explanation", () => {
  const now = { diff: diffOf(status(200, 503, { history: "recurring" })), resolved: [] };

  it("returns the model's earlier answer when the facts are exactly the same", async () => {
    expect(await reusableExplanation(now, previousWith(fromModel), MODEL)).toEqual(fromModel);
  });

  it("asks again when a value, a history mark or the resolved list changed", async () => {
    const previous = previousWith(fromModel);
    const otherValue = { diff: diffOf(status(200, 502, { history: "recurring" })), resolved: [] };
    const otherMark = { diff: diffOf(status(200, 503, { history: "new" })), resolved: [] };
    const resolvedNow = { diff: now.diff, resolved: [{ kind: "header" as const, path: "/headers/x-a" }] };
    const extra = { diff: diffOf(status(200, 503, { history: "recurring" }), header("x-a", "1", "2")), resolved: [] };
    for (const current of [otherValue, otherMark, resolvedNow, extra]) {
      expect(await reusableExplanation(current, previous, MODEL)).toBeNull();
    }
  });

  it("never reuses a rules explanation, another model's answer, or nothing", async () => {
    const rules: Explanation = { source: "rules", summary: "Status differs.", severity: "high" };
    expect(await reusableExplanation(now, previousWith(rules), MODEL)).toBeNull();
    expect(await reusableExplanation(now, previousWith(fromModel), "@cf/other/model")).toBeNull();
    expect(await reusableExplanation(now, null, MODEL)).toBeNull();
  });
});
