import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { errorCode } from "../../src/errors";
import { envelopeFor, resultWith } from "../support/fixtures";
import { freshPair, rejectionOf } from "../support/rpc";

type Stub = Awaited<ReturnType<typeof freshPair>>["stub"];

function countRows(stub: Stub): Promise<{ comparisons: number; probes: number; orphans: number }> {
  return runInDurableObject(stub, (_instance, state) => {
    const one = (query: string) => Number(state.storage.sql.exec(query).one().n);
    return {
      comparisons: one("SELECT count(*) AS n FROM comparisons"),
      probes: one("SELECT count(*) AS n FROM probes"),
      orphans: one("SELECT count(*) AS n FROM probes WHERE comparison_id NOT IN (SELECT id FROM comparisons)"),
    };
  });
}

describe("EnvPairDO: creating comparisons", () => {
  it("starts a comparison as running with an id that embeds the pair key", async () => {
    const { stub, pairKey, leftUrl, rightUrl } = await freshPair();
    const state = await stub.createComparison({ leftUrl, rightUrl, options: { timeoutMs: 2000 } });
    expect(state.comparisonId).toMatch(new RegExp(`^${pairKey}:[0-9a-f-]{36}$`));
    expect(state).toMatchObject({
      pairKey,
      status: "running",
      leftUrl,
      rightUrl,
      probes: { left: null, right: null },
      result: null,
      error: null,
    });
    expect(state.options).toEqual({
      method: "GET",
      headers: {},
      timeoutMs: 2000,
      ignoreHeaders: [],
      ignorePaths: [],
      samples: 2,
      masks: [],
      arrayKeys: {},
      unorderedPaths: [],
    });
    expect(state.createdAt).toBe(state.updatedAt);
    expect(await stub.getComparison(state.comparisonId)).toEqual(state);
  });

  it("the 51st comparison evicts exactly the oldest one and its probes", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("ring");
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const { comparisonId } = await stub.createComparison({ leftUrl, rightUrl });
      await stub.saveProbe(comparisonId, "left", envelopeFor("left", leftUrl));
      await stub.saveProbe(comparisonId, "right", envelopeFor("right", rightUrl));
      ids.push(comparisonId);
    }
    expect(await countRows(stub)).toEqual({ comparisons: 50, probes: 100, orphans: 0 });

    const newest = await stub.createComparison({ leftUrl, rightUrl });
    expect(await stub.getComparison(ids[0]!)).toBeNull();
    expect(await stub.getComparison(ids[1]!)).not.toBeNull();
    expect(await stub.getComparison(newest.comparisonId)).not.toBeNull();
    expect(await countRows(stub)).toEqual({ comparisons: 50, probes: 98, orphans: 0 });
  });

  it("120 concurrent creations leave exactly the newest 50 and no orphan probes", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("concurrent");
    const created = await Promise.all(
      Array.from({ length: 120 }, async () => {
        const state = await stub.createComparison({ leftUrl, rightUrl });
        // A probe racing the ring: evicted comparisons refuse it with not_found.
        const saved = await stub.saveProbe(state.comparisonId, "left", envelopeFor("left", leftUrl)).then(
          () => true,
          (error: unknown) => errorCode(error),
        );
        return { id: state.comparisonId, saved };
      }),
    );
    expect(new Set(created.map((c) => c.id)).size).toBe(120);
    expect(created.every((c) => c.saved === true || c.saved === "not_found")).toBe(true);
    const counts = await countRows(stub);
    expect(counts.comparisons).toBe(50);
    expect(counts.orphans).toBe(0);
    expect(counts.probes).toBeLessThanOrEqual(50);
  });

  it("orders the ring by insertion even when many comparisons share a millisecond", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("order");
    const ids: string[] = [];
    for (let i = 0; i < 55; i++) ids.push((await stub.createComparison({ leftUrl, rightUrl })).comparisonId);
    const kept = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql
        .exec<{ id: string }>("SELECT id FROM comparisons ORDER BY seq")
        .toArray()
        .map((row) => row.id),
    );
    expect(kept).toEqual(ids.slice(5));
  });
});

describe("EnvPairDO: probes", () => {
  it("a retried probe replaces the stored envelope instead of adding a second", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair();
    const { comparisonId } = await stub.createComparison({ leftUrl, rightUrl });
    await stub.saveProbe(comparisonId, "left", envelopeFor("left", leftUrl, 500));
    await stub.saveProbe(comparisonId, "left", envelopeFor("left", leftUrl, 200));
    await stub.saveProbe(comparisonId, "right", envelopeFor("right", rightUrl, 404));
    const state = await stub.getComparison(comparisonId);
    expect(state?.probes.left?.status).toBe(200);
    expect(state?.probes.right?.status).toBe(404);
    expect(await countRows(stub)).toMatchObject({ probes: 2 });
    const ids = await runInDurableObject(stub, (_instance, s) =>
      s.storage.sql.exec<{ id: string }>("SELECT id FROM probes ORDER BY id").toArray(),
    );
    expect(ids.map((row) => row.id)).toEqual([`${comparisonId}:left`, `${comparisonId}:right`]);
  });

  it("refuses a probe for an unknown comparison with not_found", async () => {
    const { stub, pairKey, leftUrl } = await freshPair();
    const error = await rejectionOf(() =>
      stub.saveProbe(`${pairKey}:${crypto.randomUUID()}`, "left", envelopeFor("left", leftUrl)),
    );
    expect(errorCode(error)).toBe("not_found");
  });

  it("refuses a probe once the comparison has ended", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair();
    const { comparisonId } = await stub.createComparison({ leftUrl, rightUrl });
    await stub.failComparison(comparisonId, { code: "timeout", message: "too slow" });
    const error = await rejectionOf(() => stub.saveProbe(comparisonId, "left", envelopeFor("left", leftUrl)));
    expect(errorCode(error)).toBe("invalid_transition");
  });
});

describe("EnvPairDO: status transitions", () => {
  it("running becomes completed with its result, and completing again changes nothing", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair();
    const { comparisonId } = await stub.createComparison({ leftUrl, rightUrl });
    await stub.saveProbe(comparisonId, "left", envelopeFor("left", leftUrl));
    const completed = await stub.completeComparison(comparisonId, resultWith(200, 503));
    expect(completed.status).toBe("completed");
    expect(completed.result).toEqual(resultWith(200, 503));
    expect(completed.probes.left?.status).toBe(200);
    const again = await stub.completeComparison(comparisonId, resultWith(200, 200));
    expect(again).toEqual(completed);
  });

  it("running becomes failed with its error, and failing again changes nothing", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair();
    const { comparisonId } = await stub.createComparison({ leftUrl, rightUrl });
    const failed = await stub.failComparison(comparisonId, { code: "deadline_exceeded", message: "ran too long" });
    expect(failed).toMatchObject({ status: "failed", error: { code: "deadline_exceeded", message: "ran too long" } });
    expect(await stub.failComparison(comparisonId, { code: "other", message: "later" })).toEqual(failed);
  });

  it("a completed comparison cannot fail and a failed one cannot complete", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair();
    const a = await stub.createComparison({ leftUrl, rightUrl });
    const b = await stub.createComparison({ leftUrl, rightUrl });
    await stub.completeComparison(a.comparisonId, resultWith(200, 200));
    await stub.failComparison(b.comparisonId, { code: "x", message: "y" });
    const refusedFail = await rejectionOf(() => stub.failComparison(a.comparisonId, { code: "x", message: "y" }));
    const refusedComplete = await rejectionOf(() => stub.completeComparison(b.comparisonId, resultWith(200, 200)));
    expect(errorCode(refusedFail)).toBe("invalid_transition");
    expect(errorCode(refusedComplete)).toBe("invalid_transition");
    expect((await stub.getComparison(a.comparisonId))?.status).toBe("completed");
    expect((await stub.getComparison(b.comparisonId))?.status).toBe("failed");
  });

  it("an unknown comparison reads as null and refuses every write with not_found", async () => {
    const { stub, pairKey } = await freshPair();
    const unknown = `${pairKey}:${crypto.randomUUID()}`;
    expect(await stub.getComparison(unknown)).toBeNull();
    expect(errorCode(await rejectionOf(() => stub.completeComparison(unknown, resultWith(200, 200))))).toBe(
      "not_found",
    );
    expect(errorCode(await rejectionOf(() => stub.failComparison(unknown, { code: "x", message: "y" })))).toBe(
      "not_found",
    );
  });

  it("a storage error keeps its code readable across RPC", async () => {
    const { stub, pairKey } = await freshPair();
    const error = await rejectionOf(() => stub.failComparison(`${pairKey}:nope`, { code: "x", message: "y" }));
    expect(error.message).toMatch(/^not_found: /);
  });
});

describe("EnvPairDO: history", () => {
  it("returns completed comparisons only, newest first, up to the limit", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("history");
    const completed: string[] = [];
    for (let i = 0; i < 14; i++) {
      const { comparisonId } = await stub.createComparison({ leftUrl, rightUrl });
      if (i % 3 === 0) await stub.failComparison(comparisonId, { code: "timeout", message: "slow" });
      else if (i % 3 === 1) {
        await stub.completeComparison(comparisonId, resultWith(200, 200 + i));
        completed.push(comparisonId);
      }
      // i % 3 === 2 stays running
    }
    const all = await stub.getComparisonsForHistory(50);
    expect(all.map((c) => c.comparisonId)).toEqual(completed.reverse());
    expect(all.every((c) => c.status === "completed" && c.result !== null)).toBe(true);
    expect((await stub.getComparisonsForHistory(2)).map((c) => c.comparisonId)).toEqual(completed.slice(0, 2));
    expect((await stub.getComparisonsForHistory()).length).toBe(completed.length);
    expect(await stub.getComparisonsForHistory(0)).toEqual([]);
  });
});

describe("EnvPairDO: routing and isolation", () => {
  it("the same pair in either order reaches the same object, and pairs do not see each other", async () => {
    const a = await freshPair("iso-a");
    const b = await freshPair("iso-b");
    const inA = await a.stub.createComparison({ leftUrl: a.rightUrl, rightUrl: a.leftUrl });
    expect(inA.pairKey).toBe(a.pairKey);
    expect(env.ENV_PAIR.idFromName(a.pairKey).equals(env.ENV_PAIR.getByName(a.pairKey).id)).toBe(true);
    expect(await b.stub.getComparison(inA.comparisonId)).toBeNull();
    expect(await b.stub.getComparisonsForHistory()).toEqual([]);
  });
});

describe("EnvPairDO: migrations", () => {
  it("apply on an object's first write and re-apply as a no-op", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("migrations");
    // A fresh object creates its tables on its first write, not on reads (test/do/fresh-reads.test.ts).
    await stub.createComparison({ leftUrl, rightUrl });
    const { before, after, expected, written } = await runInDurableObject(stub, async (instance, state) => {
      const count = () => Number(state.storage.sql.exec("SELECT count(*) AS n FROM __drizzle_migrations").one().n);
      const before = count();
      const { drizzle } = await import("drizzle-orm/durable-sqlite");
      const { migrate } = await import("drizzle-orm/durable-sqlite/migrator");
      const migrations = (await import("../../drizzle/migrations")).default;
      const exec = state.storage.sql.exec.bind(state.storage.sql);
      const cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
      const sql = state.storage.sql as { exec: typeof exec };
      sql.exec = ((query: string, ...bindings: unknown[]) => {
        const cursor = exec(query, ...bindings);
        cursors.push(cursor);
        return cursor;
      }) as typeof exec;
      try {
        await migrate(drizzle(state.storage), migrations);
      } finally {
        sql.exec = exec;
      }
      void instance;
      const expected = migrations.journal.entries.length;
      return { before, after: count(), expected, written: cursors.reduce((sum, c) => sum + c.rowsWritten, 0) };
    });
    expect(before).toBe(expected);
    expect(after).toBe(expected);
    expect(written).toBe(0);
  });
});

describe("EnvPairDO: outcome without envelopes", () => {
  it("returns the state with its result but without the stored envelopes", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair();
    const { comparisonId } = await stub.createComparison({ leftUrl, rightUrl });
    await stub.saveProbe(comparisonId, "left", envelopeFor("left", leftUrl));
    const full = await stub.completeComparison(comparisonId, resultWith(200, 503));
    const outcome = await stub.getComparisonOutcome(comparisonId);
    expect(outcome).toEqual({ ...full, probes: { left: null, right: null } });
    expect(await stub.getComparisonOutcome(`${comparisonId.slice(0, 65)}${crypto.randomUUID()}`)).toBeNull();
  });
});
