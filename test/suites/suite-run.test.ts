/**
 * Suites end to end inside workerd: real objects, D1 and Workflows against the local suite targets.
 */
import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, getState } from "../support/api";
import { getPair, settle } from "../support/directory";
import { bases, createSuite, freshKey, postSuite, readSuite, STEADY, setControl, waitForRun } from "../support/suites";

describe("a suite of listed paths", () => {
  it("compares 20 paths: one failing, one different and 18 identical give the right rows, totals and verdict", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const tag = freshKey();
    const identical = Array.from({ length: 18 }, (_, i) => `/p/${tag}${i}`);
    const paths = [...identical.slice(0, 9), `/fail/${tag}`, ...identical.slice(9), `/diff/${tag}`];
    const {
      suiteId,
      runId,
      paths: count,
    } = await createSuite({ name: "staging vs prod", ...bases(), paths, options: STEADY });
    expect(count).toBe(20);

    const run = await waitForRun(suiteId, runId);
    expect(run.verdict).toBe("different");
    expect(run.totals).toMatchObject({ paths: 20, running: 0, failed: 0, identical: 18, different: 2 });
    expect(run.totals.differences.high).toBeGreaterThanOrEqual(1);
    // Sorted by severity: the failing path (a 500 on the right: high) first, the changed body next.
    expect(run.items[0]).toMatchObject({ path: `/fail/${tag}`, status: "completed", highest: "high" });
    expect(run.items[1]).toMatchObject({ path: `/diff/${tag}`, status: "completed" });
    expect(run.items[1]?.highest).not.toBeNull();
    expect(run.items[1]?.highest).not.toBe("high");
    for (const item of run.items.slice(2)) expect(item).toMatchObject({ status: "completed", highest: null, new: 0 });
    expect(new Set(run.items.map((i) => i.path))).toEqual(new Set(paths));

    // Each path is an ordinary comparison of its own pair: readable by id and in the pair directory.
    const failing = run.items[0];
    if (!failing) throw new Error("no rows");
    expect(failing.leftUrl).toBe(`${bases().leftBase}/fail/${tag}`);
    const state = await getState(failing.comparisonId);
    expect(state).toMatchObject({ status: "completed", leftUrl: failing.leftUrl, rightUrl: failing.rightUrl });
    // The suite's options reached every path's comparison.
    expect(state.options.ignorePaths).toEqual(STEADY.ignorePaths);
    await settle(introspector);
    expect((await getPair(failing.pairKey))?.pair.lastComparisonId).toBe(failing.comparisonId);

    const detail = await readSuite(suiteId);
    expect(detail).toMatchObject({ suiteId, name: "staging vs prod", paths: 20, lastRunId: runId, ...bases() });
    const list = await (await api("/api/suites?limit=100")).json<{ suites: { suiteId: string }[] }>();
    expect(list.suites.map((s) => s.suiteId)).toContain(suiteId);
  });

  it("a suite of 120 paths goes into D1 in several statements and two sendBatch calls, each path to its own row", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const tag = freshKey();
    const paths = Array.from({ length: 120 }, (_, i) => `/p/${tag}-${i}`);
    const { suiteId, runId } = await createSuite({ ...bases(), paths, options: STEADY });
    const run = await waitForRun(suiteId, runId, 120_000);
    expect(run).toMatchObject({ verdict: "identical", totals: { paths: 120, identical: 120 } });
    // All identical, so the table keeps the list's order: every item holds its own path and pair.
    expect(run.items.map((i) => i.path)).toEqual(paths);
    expect(new Set(run.items.map((i) => i.pairKey)).size).toBe(120);
    const rows = await env.DB.prepare("SELECT min(id) AS first, max(id) AS last FROM suite_items WHERE run_id = ?")
      .bind(runId)
      .first<{ first: number; last: number }>();
    expect(rows).toEqual({ first: runId * 1000, last: runId * 1000 + 119 });
    await settle(introspector);
  }, 150_000);

  it("a re-run marks each path recurring or resolved against the previous run", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const [fixed, kept] = [freshKey(), freshKey()];
    await setControl(fixed, "broken");
    await setControl(kept, "broken");
    const paths = [`/switch/${fixed}`, `/switch/${kept}`, `/p/${fixed}`];
    const first = await createSuite({ ...bases(), paths, options: STEADY });
    const run1 = await waitForRun(first.suiteId, first.runId);
    const byPath1 = Object.fromEntries(run1.items.map((i) => [i.path, i]));
    expect(byPath1[`/switch/${fixed}`]?.history).toBe("new");
    expect(byPath1[`/switch/${kept}`]?.history).toBe("new");
    expect(byPath1[`/p/${fixed}`]?.history).toBe("clean");

    await setControl(fixed, "ok");
    const rerun = await api(`/api/suites/${first.suiteId}/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    expect(rerun.status).toBe(202);
    const { runId } = await rerun.json<{ runId: number }>();
    expect(runId).not.toBe(first.runId);
    const run2 = await waitForRun(first.suiteId, runId);
    const byPath2 = Object.fromEntries(run2.items.map((i) => [i.path, i]));
    expect(byPath2[`/switch/${fixed}`]).toMatchObject({ history: "resolved", highest: null });
    expect(byPath2[`/switch/${fixed}`]?.resolved).toBeGreaterThan(0);
    expect(byPath2[`/switch/${kept}`]).toMatchObject({ history: "recurring", new: 0 });
    expect(byPath2[`/p/${fixed}`]?.history).toBe("clean");
    expect(run2.totals).toMatchObject({ different: 1, identical: 2, new: 0 });
    expect(run2.totals.resolved).toBeGreaterThan(0);
    await settle(introspector);
  });

  it("replays a repeated Idempotency-Key with the original status and body, and refuses it with another body", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const key = `suite-${crypto.randomUUID()}`;
    const body = { ...bases(), paths: [`/p/${freshKey()}`] };
    const first = await postSuite(body, { "idempotency-key": key });
    expect(first.status).toBe(202);
    const original = await first.json();
    const again = await postSuite(body, { "idempotency-key": key });
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(original);
    const other = await postSuite({ ...body, name: "another" }, { "idempotency-key": key });
    expect(other.status).toBe(422);
    expect((await other.json<{ error: { code: string } }>()).error.code).toBe("idempotency_conflict");
    await settle(introspector);
  });
});

describe("the OpenAPI document", () => {
  it("describes the suite routes from their schemas", async () => {
    const doc = await (await api("/api/openapi.json")).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(doc.paths["/api/suites"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(doc.paths["/api/suites/{suiteId}"]?.get).toBeDefined();
    expect(doc.paths["/api/suites/{suiteId}/runs"]?.post).toBeDefined();
    expect(Object.keys(doc.paths["/api/suites/{suiteId}/watch"] ?? {}).sort()).toEqual(["delete", "put"]);
  });
});
