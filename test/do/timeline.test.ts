/**
 * The timeline reads severity counts from their columns: it lists a pair's comparisons without
 * parsing a single result_json, and rows completed before the columns existed still show counts.
 */
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { resultWith } from "../support/fixtures";
import { freshPair } from "../support/rpc";

describe("the pair timeline", () => {
  it("lists counts from the columns even when result_json could not be parsed", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("timeline");
    const { comparisonId } = await stub.createComparison({ leftUrl, rightUrl });
    await stub.completeComparison(comparisonId, resultWith(200, 503));
    // Proof that the list never reads the result: make it unparseable.
    await runInDurableObject(stub, (_, state) => {
      state.storage.sql.exec("UPDATE comparisons SET result_json = '{not json' WHERE id = ?", comparisonId);
    });
    const [entry] = await stub.listComparisons(50);
    expect(entry).toMatchObject({
      comparisonId,
      identical: false,
      summary: { high: 1, medium: 0, low: 0, info: 0 },
      severity: "high",
    });
  });

  it("shows an identical comparison as identical with no severity", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("timeline");
    const { comparisonId } = await stub.createComparison({ leftUrl, rightUrl });
    await stub.completeComparison(comparisonId, resultWith(200, 200));
    const [entry] = await stub.listComparisons(50);
    expect(entry).toMatchObject({
      identical: true,
      severity: "none",
      summary: { high: 0, medium: 0, low: 0, info: 0 },
    });
  });

  it("still shows counts of a comparison completed before the count columns existed", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("timeline");
    const { comparisonId } = await stub.createComparison({ leftUrl, rightUrl });
    await stub.completeComparison(comparisonId, resultWith(200, 503));
    await runInDurableObject(stub, (_, state) => {
      state.storage.sql.exec(
        "UPDATE comparisons SET high_count = NULL, medium_count = NULL, low_count = NULL, info_count = NULL, identical = NULL WHERE id = ?",
        comparisonId,
      );
    });
    const [entry] = await stub.listComparisons(50);
    expect(entry).toMatchObject({ identical: false, severity: "high", summary: { high: 1 } });
  });

  it("a running or failed comparison has no counts", async () => {
    const { stub, leftUrl, rightUrl } = await freshPair("timeline");
    const running = await stub.createComparison({ leftUrl, rightUrl });
    const failed = await stub.createComparison({ leftUrl, rightUrl });
    await stub.failComparison(failed.comparisonId, { code: "workflow_failed", message: "boom" });
    const list = await stub.listComparisons(50);
    expect(list.map((e) => [e.comparisonId, e.summary, e.identical])).toEqual([
      [failed.comparisonId, null, null],
      [running.comparisonId, null, null],
    ]);
  });
});
