/**
 * The same comparison lifecycle as EnvPairDO, in hand-written SQL: the baseline
 * for the Drizzle overhead figure, and (with `naiveTrim`) for the trim's cost.
 */
import { computePairKey } from "../../src/pair-key";
import { resolveOptions } from "../../src/shapes/options";

const LEFT = "https://staging.example.com/";
const RIGHT = "https://www.example.com/";

/** Parses what the object parses when it builds a ComparisonState, so both sides do the same work. */
function parseRows(rows: Record<string, SqlStorageValue>[]): void {
  for (const row of rows) {
    for (const value of Object.values(row)) if (typeof value === "string" && value.startsWith("{")) JSON.parse(value);
  }
}

export async function handWrittenLifecycle(
  sql: SqlStorage,
  transactionSync: <T>(fn: () => T) => T,
  opts: { capacity: number; naiveTrim: boolean; envelope: string; result: string },
): Promise<void> {
  const pairKey = await computePairKey(LEFT, RIGHT);
  const options = JSON.stringify(resolveOptions({}));
  const id = `${pairKey}:${crypto.randomUUID()}`;
  const now = Date.now();
  transactionSync(() => {
    const { seq } = sql
      .exec<{ seq: number }>(
        `INSERT INTO comparisons (id, status, left_url, right_url, options_json, created_at, updated_at)
         VALUES (?, 'running', ?, ?, ?, ?, ?) RETURNING seq`,
        id,
        LEFT,
        RIGHT,
        options,
        now,
        now,
      )
      .one();
    if (opts.naiveTrim) {
      sql
        .exec(
          "DELETE FROM comparisons WHERE id NOT IN (SELECT id FROM comparisons ORDER BY seq DESC LIMIT ?)",
          opts.capacity,
        )
        .toArray();
    } else {
      sql.exec("DELETE FROM comparisons WHERE seq <= ?", seq - opts.capacity).toArray();
    }
  });
  for (const side of ["left", "right"]) {
    sql.exec("SELECT * FROM comparisons WHERE id = ?", id).toArray();
    sql
      .exec(
        `INSERT INTO probes (id, comparison_id, side, envelope_json) VALUES (?, ?, ?, ?)
         ON CONFLICT (comparison_id, side) DO UPDATE SET envelope_json = excluded.envelope_json`,
        `${id}:${side}`,
        id,
        side,
        opts.envelope,
      )
      .toArray();
  }
  sql.exec("SELECT * FROM comparisons WHERE id = ?", id).toArray();
  parseRows(
    sql
      .exec(
        "UPDATE comparisons SET result_json = ?, status = 'completed', updated_at = ? WHERE id = ? AND status = 'running' RETURNING *",
        opts.result,
        Date.now(),
        id,
      )
      .toArray(),
  );
  parseRows(sql.exec("SELECT side, envelope_json FROM probes WHERE comparison_id = ?", id).toArray());
  parseRows(sql.exec("SELECT * FROM comparisons WHERE status = 'completed' ORDER BY seq DESC LIMIT 10").toArray());
}
