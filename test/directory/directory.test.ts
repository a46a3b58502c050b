import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { workflowInstanceId } from "../../src/compare/params";
import { d1Db } from "../../src/db/d1";
import { getPair as readRow, recordOutcome } from "../../src/directory/store";
import { computePairKey } from "../../src/pair-key";
import { resolveOptions } from "../../src/shapes/options";
import { compareAndWait, fresh, targets, waitForEnd } from "../support/api";
import { getPair, settle } from "../support/directory";

const counts = { high: 0, medium: 0, low: 0, info: 0 };

describe("the pair directory follows every comparison", () => {
  it("a completed comparison appears in the directory with its counts by severity", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const q = fresh();
    const state = await compareAndWait(
      `${targets()}/variant/staging/api/health${q}`,
      `${targets()}/variant/production/api/health${q}`,
    );
    await settle(introspector);
    const found = await getPair(state.pairKey);
    expect(found?.pair).toMatchObject({
      pairKey: state.pairKey,
      leftUrl: state.leftUrl,
      rightUrl: state.rightUrl,
      firstComparedAt: state.createdAt,
      lastComparedAt: state.createdAt,
      lastComparisonId: state.comparisonId,
      lastStatus: "completed",
      lastSummary: { high: 1, medium: 0, low: 0, info: 0 },
      watch: null,
    });
  });

  it("a comparison that ends after a newer one does not move the pair's latest outcome back", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const q = fresh();
    const leftUrl = `${targets()}/json${q}`;
    const rightUrl = `${targets()}/json${q}&b`;
    const pairKey = await computePairKey(leftUrl, rightUrl);
    // The earlier comparison is recorded first, but its workflow only starts after a newer one ended.
    const early = await env.ENV_PAIR.getByName(pairKey).createComparison({ leftUrl, rightUrl });
    const late = await compareAndWait(leftUrl, rightUrl);
    await settle(introspector);
    expect((await getPair(pairKey))?.pair.lastComparisonId).toBe(late.comparisonId);

    await env.COMPARE_WORKFLOW.create({
      id: workflowInstanceId(early.comparisonId),
      params: { comparisonId: early.comparisonId, pairKey, leftUrl, rightUrl, options: resolveOptions(undefined) },
    });
    expect((await waitForEnd(early.comparisonId)).status).toBe("completed");
    await settle(introspector);
    const { pair } = (await getPair(pairKey)) ?? {};
    expect(pair?.lastComparisonId).toBe(late.comparisonId);
    expect(pair?.lastComparedAt).toBe(late.createdAt);
    // The early one still counts as the first comparison of the pair.
    expect(pair?.firstComparedAt).toBe(early.createdAt);
  });

  it("a failed comparison is the pair's latest outcome too", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.disableRetryDelays();
      await m.mockStepError({ name: "diff" }, new Error("diff engine exploded"));
    });
    const q = fresh();
    const state = await compareAndWait(`${targets()}/json${q}`, `${targets()}/json${q}&b`);
    expect(state.status).toBe("failed");
    await settle(introspector);
    expect((await getPair(state.pairKey))?.pair).toMatchObject({
      lastComparisonId: state.comparisonId,
      lastStatus: "failed",
      lastSummary: counts,
    });
  });

  it("a directory that cannot be written never fails the comparison", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.disableRetryDelays();
      await m.mockStepError({ name: "update directory" }, new Error("D1 is down"));
    });
    const q = fresh();
    const state = await compareAndWait(`${targets()}/json${q}`, `${targets()}/json${q}&b`);
    await settle(introspector);
    expect(state.status).toBe("completed");
    expect((await getPair(state.pairKey))?.pair ?? null).toBeNull();
  });

  it("the upsert is idempotent and ordered by creation time, then comparison id", async () => {
    const db = d1Db(env.DB);
    const pairKey = `${"f".repeat(63)}0`;
    const outcome = (comparisonId: string, createdAt: number, status: "completed" | "failed" = "completed") => ({
      pairKey,
      leftUrl: "https://a.example.com/",
      rightUrl: "https://b.example.com/",
      comparisonId,
      createdAt,
      status,
      counts: { ...counts, low: createdAt % 10 },
    });
    await recordOutcome(db, outcome(`${pairKey}:b`, 2000));
    await recordOutcome(db, outcome(`${pairKey}:b`, 2000)); // a retried step
    await recordOutcome(db, outcome(`${pairKey}:a`, 1003, "failed")); // older, ends later
    await recordOutcome(db, outcome(`${pairKey}:a`, 2000)); // same time, smaller id: loses the tie
    let row = await readRow(db, pairKey);
    expect(row).toMatchObject({
      lastComparisonId: `${pairKey}:b`,
      lastComparedAt: 2000,
      lastStatus: "completed",
      firstComparedAt: 1003,
    });
    await recordOutcome(db, outcome(`${pairKey}:c`, 2001, "failed"));
    row = await readRow(db, pairKey);
    expect(row).toMatchObject({ lastComparisonId: `${pairKey}:c`, lastStatus: "failed", lastLow: 1 });
  });
});
