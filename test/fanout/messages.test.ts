import { describe, expect, it } from "vitest";
import { SEND_BATCH_MESSAGES, sendBatches } from "../../src/fanout/messages";
import { paceDelayMs } from "../../src/queue/consumer";
import { watchLateness } from "../../src/watches/watch-shape";

const sizes = (batches: unknown[][]) => batches.map((b) => b.length);

describe("sendBatches splits messages into sendBatch calls within the queue's limits", () => {
  it.each([
    ["nothing", 0, 10, []],
    ["one message", 1, 10, [1]],
    ["exactly one full call", 100, 10, [100]],
    ["one over a call", 101, 10, [100, 1]],
    ["a 500-path suite", 500, 300, [100, 100, 100, 100, 100]],
    ["large messages by bytes (2,500 bytes + overhead each)", 250, 2_500, [98, 98, 54]],
    ["a message alone over the byte limit still goes, alone", 2, 300_000, [1, 1]],
  ])("%s", (_name, count, bytes, expected) => {
    const bodies = Array.from({ length: count }, (_, i) => i);
    expect(sizes(sendBatches(bodies, () => bytes))).toEqual(expected);
  });

  it("keeps the messages' order and loses none", () => {
    const bodies = Array.from({ length: 345 }, (_, i) => ({ i }));
    const batches = sendBatches(bodies);
    expect(batches.flat()).toEqual(bodies);
    expect(Math.max(...sizes(batches))).toBeLessThanOrEqual(SEND_BATCH_MESSAGES);
  });
});

describe("watchLateness shows how late a watch is, never hides it", () => {
  const row = { lastStartedAt: null, lastDueAt: null, nextDueAt: null, enabled: true };
  it.each([
    ["never started, not yet due", { ...row, nextDueAt: 2_000 }, 1_000, { lateByMs: null, overdueByMs: 0 }],
    ["due 12 minutes ago and not started", { ...row, nextDueAt: 0 }, 720_000, { lateByMs: null, overdueByMs: 720_000 }],
    [
      "last run started 3 s after its due time",
      { ...row, lastDueAt: 10_000, lastStartedAt: 13_000, nextDueAt: 310_000 },
      20_000,
      { lateByMs: 3_000, overdueByMs: 0 },
    ],
    [
      "a paused watch is not overdue",
      { ...row, enabled: false, nextDueAt: 0, lastDueAt: 0, lastStartedAt: 5 },
      900_000,
      { lateByMs: 5, overdueByMs: 0 },
    ],
  ])("%s", (_name, input, now, expected) => {
    expect(watchLateness(input, now)).toEqual(expected);
  });
});

describe("paceDelayMs keeps the consumer under 100 starts a second", () => {
  it.each([
    ["a full batch done in 300 ms waits the rest of its second", 100, 300, 700],
    ["a full batch that took longer than a second does not wait", 100, 1_400, 0],
    ["a batch of 5 done at once waits 50 ms", 5, 0, 50],
    ["an empty batch never waits", 0, 0, 0],
  ])("%s", (_name, messages, elapsed, expected) => {
    expect(paceDelayMs(messages, elapsed)).toBe(expected);
  });
});
