/**
 * The pair timeline (GET /api/pairs/:pairKey/comparisons) at a full ring of 50 completed
 * comparisons whose results are near the 512 KiB budget: rows read and ms per list, from the
 * severity-count columns. Beside it, the same list parsing every result_json (how the timeline
 * read its counts before), to show what the columns save.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { it } from "vitest";
import type { ComparisonResult, Difference } from "../src/shapes/result";
import { envelopeFor, resultWith } from "../test/support/fixtures";
import { meter } from "./support/meter";

const ROWS = 50;
const RUNS = 20;
const LEFT = "https://staging.example.com/";
const RIGHT = "https://www.example.com/";

function bigResult(): ComparisonResult {
  const base = resultWith(200, 503);
  const filler: Difference[] = Array.from({ length: 199 }, (_, i) => ({
    kind: "body",
    path: `/body/json/items/${i}`,
    change: "changed",
    left: "l".repeat(1000),
    right: "r".repeat(1000),
    severity: "medium",
    history: "new",
  }));
  return { ...base, diff: { ...base.diff, differences: [...base.diff.differences, ...filler] } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

it(`timeline list of ${ROWS} comparisons`, async () => {
  const stub = env.ENV_PAIR.getByName(`bench-timeline-${crypto.randomUUID()}`);
  const figures = await runInDurableObject(stub, async (instance, state) => {
    const result = bigResult();
    for (let i = 0; i < ROWS; i++) {
      const { comparisonId } = await instance.createComparison({ leftUrl: LEFT, rightUrl: RIGHT });
      await instance.saveProbe(comparisonId, "left", envelopeFor("left", LEFT));
      await instance.completeComparison(comparisonId, result);
    }
    const usage = meter(state.storage);
    usage.take();
    const columns: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const list = await instance.listComparisons(ROWS);
      columns.push(performance.now() - start);
      if (list.length !== ROWS || list[0]?.summary?.high !== 1) throw new Error("unexpected timeline");
    }
    const rowsRead = usage.take().rowsRead / RUNS;
    const parsing: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const rows = state.storage.sql
        .exec<{ r: string }>("SELECT result_json AS r FROM comparisons ORDER BY seq DESC LIMIT ?", ROWS)
        .toArray();
      for (const row of rows) (JSON.parse(row.r) as ComparisonResult).diff.summary;
      parsing.push(performance.now() - start);
    }
    usage.stop();
    return { rowsRead, ms: median(columns), parseMs: median(parsing), resultBytes: JSON.stringify(result).length };
  });
  console.log(
    JSON.stringify({ name: "timeline-list-50-rows-read", value: figures.rowsRead, unit: "rows", rows: ROWS }),
  );
  console.log(
    JSON.stringify({
      name: "timeline-list-50-ms",
      value: figures.ms,
      unit: "ms",
      rows: ROWS,
      parsingResultsMs: figures.parseMs,
      resultBytes: figures.resultBytes,
      runs: RUNS,
    }),
  );
});
