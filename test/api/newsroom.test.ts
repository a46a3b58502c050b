/**
 * The newsroom fixture end to end (issue 23): a service envdiff was not tuned for, 15 endpoints,
 * compared three times with default settings. On every run, every real difference of its ground
 * truth is reported at the top level, labelled right (kind, severity by impact, change, the
 * element's key, `recurring` from the second run on), and nothing else is: no value that only varies
 * (counters, uptimes, a 50/50 header, shuffled lists, clocks, ids) and no row that only follows from
 * another change (a content-length, a body under a status-class change), which sits under its cause.
 */
import { describe, expect, inject, it } from "vitest";
import { compareEndpoints } from "../support/api";
import { expectCleanRun } from "../support/clean-run";
import { NEWSROOM_ENDPOINTS, NEWSROOM_TRUTH } from "../support/newsroom-truth";

const RUNS = 3;

const runAll = (tag: string) => compareEndpoints(inject("newsroomUrls"), NEWSROOM_ENDPOINTS, tag);

describe("the newsroom fixture, a service envdiff was not tuned for", () => {
  it("reports every real difference, labelled right, and nothing else, on every one of three runs", {
    timeout: 180_000,
  }, async () => {
    const tag = crypto.randomUUID();
    for (let run = 1; run <= RUNS; run++) {
      const states = await runAll(tag);
      expectCleanRun(NEWSROOM_TRUTH, states, run, "/api/live");

      // The 600 ms regression over a 200 ms endpoint, judged on every sample, on every run.
      const live = states.get("/api/live")?.result;
      expect(live?.timing?.verdict).toBe("faster");
      const slow = live?.diff.differences.find((d) => d.path === "/timing/totalMs");
      expect(slow?.history).toBe(run === 1 ? "new" : "recurring");
      // The comments' 500 carries what follows from it (its error body) folded under it.
      const comments = states.get("/api/comments/a-1042")?.result?.diff.differences ?? [];
      expect(comments.map((d) => d.path)).toEqual(["/status"]);
      expect(comments[0]?.consequences?.length).toBeGreaterThan(0);
      // Noise is listed apart: the shuffled trending list, the counters, the 50/50 header.
      const noiseOf = (endpoint: string) => new Set(states.get(endpoint)?.result?.noise?.map((n) => n.path));
      expect(noiseOf("/api/health")).toContain("/body/json/uptimeSeconds");
      expect(noiseOf("/api/sections")).toContain("/body/json/sections");
    }
  });
});
