/**
 * The deadline watchdog: EnvPairDO's alarm fails comparisons still running past
 * RUN_DEADLINE_MS (180 s in wrangler.toml) with `deadline_exceeded`. Rows are backdated
 * with SQL instead of waiting; `runDurableObjectAlarm` fires the alarm at once.
 */
import { introspectWorkflow, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import type { EnvPairDO } from "../../src/do/env-pair-do";
import { api, postCompare, targets } from "../support/api";
import { envelopeFor, resultWith } from "../support/fixtures";
import { freshPair } from "../support/rpc";

type Stub = DurableObjectStub<EnvPairDO>;

const DEADLINE_MS = Number(env.RUN_DEADLINE_MS);

/** Moves a comparison's creation `ms` into the past, as if it had been running that long. */
function backdate(stub: Stub, comparisonId: string, ms: number): Promise<number> {
  return runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec("UPDATE comparisons SET created_at = created_at - ? WHERE id = ?", ms, comparisonId);
    return Number(
      state.storage.sql.exec("SELECT created_at FROM comparisons WHERE id = ?", comparisonId).one().created_at,
    );
  });
}

function alarmOf(stub: Stub): Promise<number | null> {
  return runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
}

describe("EnvPairDO: the deadline watchdog", () => {
  it("fails a comparison still running past its deadline with deadline_exceeded", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("overdue");
    const { comparisonId } = await stub.createComparison({ leftUrl, rightUrl });
    await stub.saveProbe(comparisonId, "left", envelopeFor("left", leftUrl));
    await backdate(stub, comparisonId, DEADLINE_MS + 1000);

    expect(await runDurableObjectAlarm(stub)).toBe(true);

    const state = await stub.getComparison(comparisonId);
    expect(state).toMatchObject({ status: "failed", result: null, error: { code: "deadline_exceeded" } });
    expect(state?.error?.message).toContain("180 s");
    expect(state?.probes.left?.status).toBe(200); // what was probed stays readable
    expect(await alarmOf(stub)).toBeNull();
  });

  it("leaves a comparison that is not yet due running and re-arms the alarm at its deadline", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("not-due");
    const created = await stub.createComparison({ leftUrl, rightUrl });
    const deadline = Date.parse(created.createdAt) + DEADLINE_MS;
    expect(await alarmOf(stub)).toBe(deadline);

    expect(await runDurableObjectAlarm(stub)).toBe(true);

    expect((await stub.getComparison(created.comparisonId))?.status).toBe("running");
    expect(await alarmOf(stub)).toBe(deadline);
  });

  it("never touches comparisons that already completed or failed", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("ended");
    const completed = await stub.createComparison({ leftUrl, rightUrl });
    const failed = await stub.createComparison({ leftUrl, rightUrl });
    const running = await stub.createComparison({ leftUrl, rightUrl });
    await stub.completeComparison(completed.comparisonId, resultWith(200, 503));
    await stub.failComparison(failed.comparisonId, { code: "workflow_failed", message: "diff engine exploded" });
    for (const { comparisonId } of [completed, failed, running]) await backdate(stub, comparisonId, DEADLINE_MS * 2);
    const before = await Promise.all([completed, failed].map((c) => stub.getComparison(c.comparisonId)));

    await runDurableObjectAlarm(stub);

    const after = await Promise.all([completed, failed].map((c) => stub.getComparison(c.comparisonId)));
    expect(after).toEqual(before);
    expect((await stub.getComparison(running.comparisonId))?.error?.code).toBe("deadline_exceeded");
  });

  it("running the alarm twice (an at-least-once redelivery) changes nothing the second time", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("twice");
    const overdue = await stub.createComparison({ leftUrl, rightUrl });
    const due = await stub.createComparison({ leftUrl, rightUrl });
    await backdate(stub, overdue.comparisonId, DEADLINE_MS + 1000);
    const dueCreatedAt = await backdate(stub, due.comparisonId, DEADLINE_MS - 60_000);

    const read = () => Promise.all([overdue, due].map((c) => stub.getComparison(c.comparisonId)));
    await runInDurableObject(stub, (instance: EnvPairDO) => instance.alarm());
    const first = await read();
    // A second delivery, later: the failed comparison keeps its error and updated_at.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await runInDurableObject(stub, (instance: EnvPairDO) => instance.alarm());
    expect(await read()).toEqual(first);
    expect(first.map((c) => c?.status)).toEqual(["failed", "running"]);
    expect(await alarmOf(stub)).toBe(dueCreatedAt + DEADLINE_MS);
  });

  it("keeps one alarm per object: only the first running comparison sets it", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("one-alarm");
    const { calls, alarm, first } = await runInDurableObject(stub, async (instance: EnvPairDO, state) => {
      const setAlarm = vi.spyOn(state.storage, "setAlarm");
      const first = await instance.createComparison({ leftUrl, rightUrl });
      for (let i = 0; i < 9; i++) await instance.createComparison({ leftUrl, rightUrl });
      return { calls: setAlarm.mock.calls.length, alarm: await state.storage.getAlarm(), first };
    });
    expect(calls).toBe(1);
    expect(alarm).toBe(Date.parse(first.createdAt) + DEADLINE_MS);
  });

  it("after failing the overdue ones, re-arms for the next deadline", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("next");
    const [a, b, c] = [
      await stub.createComparison({ leftUrl, rightUrl }),
      await stub.createComparison({ leftUrl, rightUrl }),
      await stub.createComparison({ leftUrl, rightUrl }),
    ];
    await backdate(stub, a.comparisonId, DEADLINE_MS + 5000);
    const bCreatedAt = await backdate(stub, b.comparisonId, DEADLINE_MS - 30_000);
    await backdate(stub, c.comparisonId, DEADLINE_MS - 90_000);

    await runDurableObjectAlarm(stub);
    expect(await alarmOf(stub)).toBe(bCreatedAt + DEADLINE_MS);

    // b's deadline passes: it fails, and the alarm moves on to c's.
    await backdate(stub, b.comparisonId, 30_000);
    const cCreatedAt = await backdate(stub, c.comparisonId, 30_000);
    await runDurableObjectAlarm(stub);
    const statuses = await Promise.all([a, b, c].map(async (x) => (await stub.getComparison(x.comparisonId))?.status));
    expect(statuses).toEqual(["failed", "failed", "running"]);
    expect(await alarmOf(stub)).toBe(cCreatedAt + DEADLINE_MS);
  });

  it("leaves no alarm once nothing is running", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("idle");
    expect(await alarmOf(stub)).toBeNull();
    const { comparisonId } = await stub.createComparison({ leftUrl, rightUrl });
    await stub.completeComparison(comparisonId, resultWith(200, 200));
    // The alarm set at creation is not cleared on completion (that would be another write):
    // it fires, finds nothing running, and sets no other.
    expect(await alarmOf(stub)).not.toBeNull();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await alarmOf(stub)).toBeNull();
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it("a workflow that outlives its deadline finds its comparison failed and stops quietly", async () => {
    const errors = vi.spyOn(console, "error");
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const q = `t=${crypto.randomUUID()}`;
    const res = await postCompare({
      leftUrl: `${targets()}/delay?ms=1500&${q}`,
      rightUrl: `${targets()}/delay?ms=1500&${q}&b`,
    });
    const { comparisonId, pairKey } = await res.json<{ comparisonId: string; pairKey: string }>();
    const stub = env.ENV_PAIR.getByName(pairKey);
    // While both probes wait on the slow targets, the deadline passes and the alarm fires.
    await backdate(stub, comparisonId, DEADLINE_MS + 1000);
    await runDurableObjectAlarm(stub);

    const [instance] = await introspector.get();
    await instance?.waitForStatus("complete");
    expect(await instance?.getOutput()).toBeNull();
    expect(errors).not.toHaveBeenCalled();
    const state = await (await api(`/api/compare/${comparisonId}`)).json<{
      status: string;
      error: { code: string } | null;
      probes: { left: unknown; right: unknown };
    }>();
    expect(state).toMatchObject({ status: "failed", error: { code: "deadline_exceeded" } });
    expect(state.probes).toEqual({ left: null, right: null });
  });
});
