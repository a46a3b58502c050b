import { describe, expect, it } from "vitest";
import { api, compareAndWait, targets } from "../support/api";

const marks = (state: Awaited<ReturnType<typeof compareAndWait>>) =>
  Object.fromEntries((state.result?.diff.differences ?? []).map((d) => [d.path, d.history]));

describe("a pair compared again and again tells its history", () => {
  it("marks a lasting difference recurring and lists it as resolved once it is fixed", async () => {
    const key = crypto.randomUUID();
    // Left: a release that is at first different (v2) and then fixed (back to v1); right: always v1.
    // /sequence answers the n-th value to the n-th request. One sample per side, and a run that
    // differs confirms it with 4 more rounds: 5 requests per differing run, 3 such runs.
    const left = `${targets()}/sequence?key=${key}-l&values=${[...Array(15).fill("v2"), "v1"].join(",")}`;
    const right = `${targets()}/sequence?key=${key}-r&values=v1`;
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push(await compareAndWait(left, right, { samples: 1 }));
    expect(runs.map((r) => r.status)).toEqual(["completed", "completed", "completed", "completed"]);
    expect(marks(runs[0]!)).toEqual({ "/body/json/value": "new" });
    expect(marks(runs[1]!)).toEqual({ "/body/json/value": "recurring" });
    expect(marks(runs[2]!)).toEqual({ "/body/json/value": "recurring" });
    expect(runs[3]?.result?.diff.identical).toBe(true);
    expect(runs[3]?.result?.resolved).toEqual([{ kind: "body", path: "/body/json/value" }]);
    expect(runs[3]?.result?.explanation.summary).toMatch(/resolved|fixed|gone/i);
  });

  it("lists a value that changes on every response as noise, never as a difference, run after run", async () => {
    const q = crypto.randomUUID();
    const left = `${targets()}/volatile?${q}`;
    const right = `${targets()}/volatile?${q}&other`;
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await compareAndWait(left, right));
    for (const run of runs) {
      expect(run.result?.diff.identical).toBe(true);
      expect(run.result?.noise).toEqual([
        { path: "/body/json/requestId", side: "left" },
        { path: "/body/json/requestId", side: "right" },
      ]);
      expect(run.result?.resolved).toEqual([]);
    }
    expect(runs[2]?.result?.explanation.summary).toContain("Left out as noise");
  });

  it("keeps history when the same pair is compared with its sides swapped", async () => {
    const key = crypto.randomUUID();
    const a = `${targets()}/sequence?key=${key}-a&values=green`;
    const b = `${targets()}/sequence?key=${key}-b&values=blue`;
    const first = await compareAndWait(a, b);
    const swapped = await compareAndWait(b, a);
    expect(swapped.pairKey).toBe(first.pairKey);
    expect(swapped.result?.diff.differences[0]).toMatchObject({ left: "blue", right: "green", history: "recurring" });
    const list = await (await api(`/api/pairs/${first.pairKey}/comparisons`)).json<{ comparisons: unknown[] }>();
    expect(list.comparisons).toHaveLength(2);
  });
});
