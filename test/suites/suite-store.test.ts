/**
 * The suite tables in D1 (src/suites/store.ts): runs kept per suite, items written once, when
 * their path ends, with the path read from their run's definition in SQL, and definitions dropped
 * once nothing uses them.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { d1Db } from "../../src/db/d1";
import { FAILED_OUTCOME, itemToStart, recordItemOutcome } from "../../src/suites/item-store";
import { DEFINITION_GRACE_MS, replaceDefinition, SUITE_RUNS_KEPT } from "../../src/suites/store";
import { insertBareSuite, recordBareRun } from "../support/suites";

const db = () => d1Db(env.DB);

const newSuite = (paths: string[]) => insertBareSuite(env.DB, paths);

const record = (suiteId: string, at: number) => recordBareRun(env.DB, suiteId, at, 2);

async function runIds(suiteId: string): Promise<number[]> {
  const { results } = await env.DB.prepare("SELECT id FROM suite_runs WHERE suite_id = ? ORDER BY id")
    .bind(suiteId)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

async function itemCount(runId: number): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM suite_items WHERE id BETWEEN ? AND ?")
    .bind(runId * 1000, runId * 1000 + 999)
    .first<{ n: number }>();
  return row?.n ?? -1;
}

const done = (suiteId: string) => ({ pairKey: "a".repeat(64), comparisonId: `${"a".repeat(64)}:${suiteId}` });
const completed = { ...FAILED_OUTCOME, status: "completed" as const, counts: { high: 1, medium: 0, low: 0, info: 0 } };

describe("suite runs in D1", () => {
  it(`keeps the newest ${SUITE_RUNS_KEPT} runs of a suite and drops older runs with their items, not other suites'`, async () => {
    const suiteId = await newSuite(["/a", "/b"]);
    const other = await newSuite(["/a", "/b"]);
    const { runId: otherRun } = await record(other, 1);
    await recordItemOutcome(db(), otherRun * 1000, done(other), completed);
    const first = [];
    for (let i = 0; i < SUITE_RUNS_KEPT; i++) first.push((await record(suiteId, 10 + i)).runId);
    // The two oldest runs have ended paths, so they have item rows to drop.
    for (const runId of first.slice(0, 2)) {
      for (const position of [0, 1]) await recordItemOutcome(db(), runId * 1000 + position, done(suiteId), completed);
    }
    expect(await runIds(suiteId)).toEqual(first);

    const { runId: next } = await record(suiteId, 100);
    expect(await runIds(suiteId)).toEqual([...first.slice(1), next]);
    expect(await itemCount(first[0] as number)).toBe(0);
    expect(await itemCount(first[1] as number)).toBe(2);
    await record(suiteId, 101);
    expect(await itemCount(first[1] as number)).toBe(0);
    expect(await runIds(suiteId)).toHaveLength(SUITE_RUNS_KEPT);
    // Another suite's runs and items stay.
    expect(await runIds(other)).toEqual([otherRun]);
    expect(await itemCount(otherRun)).toBe(1);
  });

  it("writes an item once, when its path ends: the path from the suite's list, the first outcome wins", async () => {
    const suiteId = await newSuite(["/first", "/second?x=1"]);
    const { runId } = await record(suiteId, 1);
    expect(await itemToStart(db(), runId * 1000 + 1)).toMatchObject({
      path: "/second?x=1",
      ended: false,
      suite: { leftBase: "http://l.test", rightBase: "http://r.test" },
    });
    expect(await itemToStart(db(), runId * 1000 + 2)).toBeNull(); // past the list

    expect(await recordItemOutcome(db(), runId * 1000 + 1, done(suiteId), completed)).toBeGreaterThan(0);
    // A late report (the dead-letter queue, a retried step) changes nothing.
    expect(await recordItemOutcome(db(), runId * 1000 + 1, done(suiteId), FAILED_OUTCOME)).toBe(0);
    const row = await env.DB.prepare("SELECT path, status, high FROM suite_items WHERE id = ?")
      .bind(runId * 1000 + 1)
      .first();
    expect(row).toEqual({ path: "/second?x=1", status: "completed", high: 1 });
    expect(await itemToStart(db(), runId * 1000 + 1)).toMatchObject({ ended: true });
  });
});

describe("suite definitions in D1", () => {
  const definitionIds = async (suiteId: string) => {
    const { results } = await env.DB.prepare("SELECT id FROM suite_definitions WHERE suite_id = ? ORDER BY created_at")
      .bind(suiteId)
      .all<{ id: string }>();
    return results.map((r) => r.id);
  };
  const edit = (suiteId: string, id: string, createdAt: number) =>
    replaceDefinition(env.DB, suiteId, undefined, {
      id,
      suiteId,
      pathsJson: '["/edited"]',
      optionsJson: "{}",
      createdAt,
    });

  it("drops a definition no kept run names an hour after it was replaced, and keeps any a run names", async () => {
    const suiteId = await newSuite(["/a", "/b"]);
    await record(suiteId, 2); // names the first definition (the suite's id)
    const hour = DEFINITION_GRACE_MS;
    const [never, replacedJustNow, current] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const now = 10 * hour;
    await edit(suiteId, never, 1);
    await edit(suiteId, replacedJustNow, now - hour - 1_000);
    await edit(suiteId, current, now - 1_000);
    // `never` was replaced long ago and no run names it; `replacedJustNow` was replaced a second ago:
    // a run that read it may still be recording itself with it.
    await record(suiteId, now);
    expect(new Set(await definitionIds(suiteId))).toEqual(new Set([suiteId, replacedJustNow, current]));
    await record(suiteId, now + hour);
    expect(new Set(await definitionIds(suiteId))).toEqual(new Set([suiteId, current]));
  });
});
