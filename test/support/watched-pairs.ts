/** Seeds watched pairs straight into the directory, in D1 batches: hundreds in well under a second. */
import { env } from "cloudflare:workers";
import { computePairKey } from "../../src/pair-key";
import { targets } from "./api";

export interface SeededPair {
  pairKey: string;
  leftUrl: string;
  rightUrl: string;
}

/**
 * `count` pairs the directory knows (never compared in their objects), each watched every
 * `intervalMinutes` and due at `dueAt`: what PUT .../watch leaves after a first comparison.
 */
export async function seedWatchedPairs(count: number, intervalMinutes: number, dueAt: number): Promise<SeededPair[]> {
  const q = crypto.randomUUID();
  const pairs = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const leftUrl = `${targets()}/json?${q}-${i}`;
      const rightUrl = `${targets()}/json?${q}-${i}&b`;
      return { pairKey: await computePairKey(leftUrl, rightUrl), leftUrl, rightUrl };
    }),
  );
  const insertPair = env.DB.prepare(
    `INSERT INTO pairs (pair_key, left_url, right_url, first_compared_at, last_compared_at, last_comparison_id,
       last_status, updated_at)
     VALUES (?1, ?2, ?3, ?4, ?4, ?1 || ':seed', 'completed', ?4)`,
  );
  const insertWatch = env.DB.prepare(
    `INSERT INTO watches (target_kind, target_id, interval_minutes, enabled, next_due_at) VALUES ('pair', ?1, ?2, 1, ?3)`,
  );
  const at = Date.now();
  for (let i = 0; i < pairs.length; i += 50) {
    await env.DB.batch(
      pairs
        .slice(i, i + 50)
        .flatMap((p) => [
          insertPair.bind(p.pairKey, p.leftUrl, p.rightUrl, at),
          insertWatch.bind(p.pairKey, intervalMinutes, dueAt),
        ]),
    );
  }
  return pairs;
}

/** How many comparisons each pair's object holds, in the pairs' order. */
export async function comparisonCounts(pairs: readonly { pairKey: string }[]): Promise<number[]> {
  return Promise.all(pairs.map(async (p) => (await env.ENV_PAIR.getByName(p.pairKey).listComparisons(50)).length));
}
