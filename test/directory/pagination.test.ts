import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { encodeCursor } from "../../src/cursor";
import { d1Db } from "../../src/db/d1";
import { recordOutcome } from "../../src/directory/store";
import type { PairSummary } from "../../src/shapes/pair";
import { api } from "../support/api";

interface Page {
  pairs: PairSummary[];
  nextCursor: string | null;
}

async function page(query: string): Promise<Page> {
  const res = await api(`/api/pairs${query}`);
  expect(res.status).toBe(200);
  return res.json();
}

/** Seeds `n` pairs, several sharing a comparison time so the pair key must break ties. */
async function seed(n: number, base: number): Promise<string[]> {
  const db = d1Db(env.DB);
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const pairKey = [...crypto.getRandomValues(new Uint8Array(32))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    keys.push(pairKey);
    await recordOutcome(db, {
      pairKey,
      leftUrl: `https://staging-${i}.example.com/`,
      rightUrl: `https://www-${i}.example.com/`,
      comparisonId: `${pairKey}:${crypto.randomUUID()}`,
      createdAt: base + Math.floor(i / 3),
      status: "completed",
      counts: { high: 0, medium: 0, low: i, info: 0 },
    });
  }
  return keys;
}

describe("GET /api/pairs lists every pair compared, most recently compared first", () => {
  it("walking the cursor visits every pair exactly once, newest first", async () => {
    const seeded = await seed(23, Date.now() + 10_000_000);
    const seen: PairSummary[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const result: Page = await page(`?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(result.pairs.length).toBeLessThanOrEqual(5);
      seen.push(...result.pairs);
      cursor = result.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 100);

    const keys = seen.map((p) => p.pairKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining(seeded));
    for (let i = 1; i < seen.length; i++) {
      const [before, after] = [seen[i - 1]!, seen[i]!];
      const order =
        before.lastComparedAt.localeCompare(after.lastComparedAt) || before.pairKey.localeCompare(after.pairKey);
      expect(order).toBeGreaterThan(0);
    }
    // The seeded pairs are the newest ones, so they open the list.
    expect(new Set(keys.slice(0, seeded.length))).toEqual(new Set(seeded));
  });

  it("limit defaults to 20, and the last page says so with a null cursor", async () => {
    await seed(21, Date.now() + 20_000_000);
    const first = await page("");
    expect(first.pairs).toHaveLength(20);
    expect(first.nextCursor).not.toBeNull();
    let cursor = first.nextCursor;
    let last = first;
    while (cursor !== null) {
      last = await page(`?limit=100&cursor=${encodeURIComponent(cursor)}`);
      cursor = last.nextCursor;
    }
    const oldest = last.pairs.at(-1)!;
    const beyond = encodeCursor({ at: Date.parse(oldest.lastComparedAt), id: oldest.pairKey });
    expect(await page(`?cursor=${beyond}`)).toEqual({ pairs: [], nextCursor: null });
  });

  it.each([
    ["a limit of 0", "?limit=0"],
    ["a limit over 100", "?limit=101"],
    ["a limit that is not a number", "?limit=many"],
    ["a cursor this API never issued", "?cursor=not-a-cursor"],
    ["a cursor with a malformed pair key", `?cursor=${btoa(JSON.stringify([1, "zz"]))}`],
  ])("%s is invalid_request", async (_name, query) => {
    const res = await api(`/api/pairs${query}`);
    expect(res.status).toBe(400);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("invalid_request");
  });

  it("an unknown pair is not_found", async () => {
    const res = await api(`/api/pairs/${"0".repeat(64)}`);
    expect(res.status).toBe(404);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("not_found");
  });
});
