/**
 * Reads of ids and pair keys nobody compared answer 404 and create no storage: the pair's Durable
 * Object answers from an empty database without running its migrations, so no table exists after.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { computePairKey } from "../../src/pair-key";
import { api, compareAndWait, fresh, targets } from "../support/api";

async function unknownPairKey(): Promise<string> {
  return computePairKey(`https://a.example/${crypto.randomUUID()}`, "https://b.example/");
}

async function tablesOf(pairKey: string): Promise<string[]> {
  return runInDurableObject(env.ENV_PAIR.getByName(pairKey), (_, state) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .toArray()
      .map((row) => row.name),
  );
}

describe("reads of unknown comparisons and pairs", () => {
  it("GET /api/compare/<unknown id> answers 404 and the pair's object has no tables", async () => {
    const pairKey = await unknownPairKey();
    const res = await api(`/api/compare/${pairKey}:${crypto.randomUUID()}`);
    expect(res.status).toBe(404);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("not_found");
    expect(await tablesOf(pairKey)).toEqual([]);
  });

  it("GET /api/pairs/<unknown key>/comparisons answers 404 and the object has no tables", async () => {
    const pairKey = await unknownPairKey();
    const res = await api(`/api/pairs/${pairKey}/comparisons`);
    expect(res.status).toBe(404);
    expect((await res.json<{ error: { code: string; message: string } }>()).error.message).toContain(
      "compare its two URLs first",
    );
    expect(await tablesOf(pairKey)).toEqual([]);
  });

  it("a pair that was compared still lists its comparisons and finds them by id", async () => {
    const q = fresh();
    const state = await compareAndWait(`${targets()}/json${q}`, `${targets()}/json${q}&x=1`);
    const list = await api(`/api/pairs/${state.pairKey}/comparisons`);
    expect(list.status).toBe(200);
    expect((await list.json<{ comparisons: unknown[] }>()).comparisons).toHaveLength(1);
    expect(await tablesOf(state.pairKey)).toContain("comparisons");
    const unknownId = await api(`/api/compare/${state.pairKey}:${crypto.randomUUID()}`);
    expect(unknownId.status).toBe(404);
  });
});
