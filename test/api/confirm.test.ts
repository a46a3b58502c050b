/**
 * Confirming before reporting, end to end (issue 23): the Workflow probes an identical pair no more
 * than before, spends extra rounds only on a difference, lists every sample on each side's envelope
 * and says what it concluded. The tests space rounds 25 ms apart (vitest.config.ts).
 */
import { describe, expect, inject, it } from "vitest";
import { compareAndWait, targets } from "../support/api";
import { endpointPair } from "../support/scoring";

/** Requests a `/recorded/:key` target received. */
async function requestsTo(key: string): Promise<number> {
  const res = await fetch(`${targets()}/recorded/${key}/requests`);
  return ((await res.json()) as unknown[]).length;
}

describe("confirming a difference before reporting it", () => {
  it("probes an identical pair exactly twice per side", async () => {
    const key = crypto.randomUUID();
    const state = await compareAndWait(`${targets()}/recorded/${key}-l`, `${targets()}/recorded/${key}-r`);
    expect(state.result?.verdict).toBe("identical");
    expect(await requestsTo(`${key}-l`)).toBe(2);
    expect(await requestsTo(`${key}-r`)).toBe(2);
    expect(state.probes.left?.samples).toHaveLength(2);
  });

  it("confirms a difference with 4 more rounds of two samples of both sides, and lists every sample in order", async () => {
    const key = crypto.randomUUID();
    const state = await compareAndWait(
      `${targets()}/recorded/${key}-l?codes=200`,
      `${targets()}/recorded/${key}-r?codes=201`,
    );
    expect(state.result?.verdict).toBe("different");
    expect(state.result?.diff.differences.map((d) => d.path)).toEqual(["/status"]);
    // Each round takes as many samples of each side as the probe step (options.samples, 2): 2 + 4 × 2.
    expect(await requestsTo(`${key}-l`)).toBe(10);
    expect(await requestsTo(`${key}-r`)).toBe(10);
    const samples = state.probes.right?.samples ?? [];
    expect(samples.map((s) => s.status)).toEqual(Array(10).fill(201));
    expect(samples.every((s) => typeof s.totalMs === "number")).toBe(true);
    expect(state.result?.timing?.rightMs).toEqual(samples.map((s) => s.totalMs));
  });

  it("calls a counter that both concurrent samples read alike noise once the rounds see it move", async () => {
    // The newsroom's health: `uptimeSeconds` ticks (every 50 ms in the tests, every second in real
    // use) and `served` grows with every request but is read after the jitter, so the two concurrent
    // first samples of a side often read the same values; the two sides always differ.
    const { leftUrl, rightUrl } = endpointPair(inject("newsroomUrls"), "/api/health", crypto.randomUUID());
    const state = await compareAndWait(leftUrl, rightUrl);
    const paths = state.result?.diff.differences.map((d) => d.path) ?? [];
    expect(paths).not.toContain("/body/json/uptimeSeconds");
    expect(paths).not.toContain("/body/json/served");
    const noise = new Set(state.result?.noise?.map((n) => n.path));
    expect(noise).toContain("/body/json/uptimeSeconds");
    expect(noise).toContain("/body/json/served");
    expect(state.result?.verdict).not.toBe("inconclusive");
  });

  it("reports a 600 ms regression over a 200 ms endpoint from the samples of both sides", async () => {
    const { leftUrl, rightUrl } = endpointPair(inject("newsroomUrls"), "/api/live", crypto.randomUUID());
    const state = await compareAndWait(leftUrl, rightUrl);
    const timing = state.result?.timing;
    // Staging (left) is the slow one: production answers faster.
    expect(timing?.verdict).toBe("faster");
    expect(timing?.leftMs.length).toBeGreaterThanOrEqual(4);
    expect(Math.min(...(timing?.leftMs ?? []))).toBeGreaterThanOrEqual(800);
    expect(state.result?.diff.differences.find((d) => d.path === "/timing/totalMs")?.severity).toBe("medium");
    expect(state.result?.verdict).toBe("different");
  });

  it("judges latency but reports nothing when /timing is ignored", async () => {
    const { leftUrl, rightUrl } = endpointPair(inject("newsroomUrls"), "/api/live", crypto.randomUUID());
    const state = await compareAndWait(leftUrl, rightUrl, { ignorePaths: ["/timing"] });
    expect(state.result?.diff.differences).toEqual([]);
    expect(state.result?.verdict).toBe("identical");
    // Nothing to confirm: no extra rounds.
    expect(state.probes.left?.samples).toHaveLength(2);
  });

  it("takes no confirming round when a side does not answer", async () => {
    const key = crypto.randomUUID();
    const state = await compareAndWait(`${targets()}/recorded/${key}-l`, `${targets()}/reset`);
    expect(state.result?.diff.differences.map((d) => d.path)).toEqual(["/error"]);
    expect(await requestsTo(`${key}-l`)).toBe(2);
    expect(state.result?.verdict).toBe("different");
  });
});
