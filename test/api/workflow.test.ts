import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { api, compareAndWait, fresh, postCompare, targets } from "../support/api";

describe("CompareWorkflow", () => {
  it("retries a probe step that fails once and still completes", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.disableRetryDelays();
      await m.mockStepError({ name: "probe" }, new Error("platform hiccup"), 1);
    });
    const q = fresh();
    const state = await compareAndWait(`${targets()}/json${q}`, `${targets()}/json${q}&b`);
    expect(state.status).toBe("completed");
    expect(state.probes.left?.status).toBe(200);
    const [instance] = await introspector.get();
    await instance?.waitForStatus("complete");
  });

  it("a step that keeps failing ends the comparison as failed, never stuck in running", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.disableRetryDelays();
      await m.mockStepError({ name: "diff" }, new Error("diff engine exploded"));
    });
    const q = fresh();
    const state = await compareAndWait(`${targets()}/json${q}`, `${targets()}/json${q}&b`);
    expect(state.status).toBe("failed");
    expect(state.error).toEqual({ code: "workflow_failed", message: "diff engine exploded" });
  });

  it("a comparison evicted from the ring mid-flight ends its workflow quietly", async () => {
    const errors = vi.spyOn(console, "error");
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const q = fresh();
    const leftUrl = `${targets()}/hang${q}`;
    const rightUrl = `${targets()}/json${q}`;
    const res = await postCompare({ leftUrl, rightUrl, options: { timeoutMs: 1500 } });
    const { comparisonId, pairKey } = await res.json<{ comparisonId: string; pairKey: string }>();
    // While the left probe hangs, 50 newer comparisons push this one out of the ring.
    const stub = env.ENV_PAIR.getByName(pairKey);
    for (let i = 0; i < 50; i++) await stub.createComparison({ leftUrl, rightUrl });
    const [instance] = await introspector.get();
    await instance?.waitForStatus("complete");
    expect(await instance?.getOutput()).toBeNull();
    expect(errors).not.toHaveBeenCalled();
    expect((await api(`/api/compare/${comparisonId}`)).status).toBe(404);
  });

  it("uses Workers AI for the explanation when the model answers", async () => {
    vi.spyOn(env.AI, "run").mockResolvedValue({
      response: { summary: "Staging runs 2.1.0 with the new checkout; production runs 2.0.3.", severity: "medium" },
    } as never);
    const q = fresh();
    const state = await compareAndWait(
      `${targets()}/variant/staging/api/status${q}`,
      `${targets()}/variant/production/api/status${q}`,
    );
    expect(state.result?.explanation).toMatchObject({
      source: "workers-ai",
      summary: "Staging runs 2.1.0 with the new checkout; production runs 2.0.3.",
      severity: "medium",
    });
  });

  it("asks the model once per distinct situation: a repeated result reuses its explanation", async () => {
    const run = vi.spyOn(env.AI, "run").mockImplementation((async () => ({
      response: { summary: `Answer ${run.mock.calls.length}: the version header differs.`, severity: "low" },
    })) as never);
    const q = fresh();
    const left = `${targets()}/variant/staging/api/status${q}`;
    const right = `${targets()}/variant/production/api/status${q}`;
    const first = await compareAndWait(left, right); // marks: new
    const second = await compareAndWait(left, right); // marks: recurring
    const third = await compareAndWait(left, right); // the same facts as the second
    expect(run).toHaveBeenCalledTimes(2);
    expect(first.result?.explanation.summary).toBe("Answer 1: the version header differs.");
    expect(second.result?.explanation.summary).toBe("Answer 2: the version header differs.");
    expect(third.result?.explanation).toEqual(second.result?.explanation);
  });

  it("falls back to the rules explanation when the model hangs", async () => {
    vi.spyOn(env.AI, "run").mockReturnValue(new Promise(() => {}) as never);
    const q = fresh();
    const started = Date.now();
    const state = await compareAndWait(
      `${targets()}/variant/staging/api/status${q}`,
      `${targets()}/variant/production/api/status${q}`,
    );
    expect(state.status).toBe("completed");
    expect(state.result?.explanation.source).toBe("rules");
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
