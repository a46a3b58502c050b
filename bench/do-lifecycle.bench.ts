/**
 * Billed cost of one comparison lifecycle (create, two probes, complete, one history
 * read) in steady state with a full ring, from the SQL cursors' rowsRead/rowsWritten
 * plus the deadline alarm's setAlarm calls (billed as a written row each).
 * Two cases for the alarm: a busy pair, where the pending alarm already covers every new
 * comparison, and an idle pair, where each comparison arms the alarm and it later fires.
 * scripts/bench.mjs runs this file once per RING_CAPACITY (50 and 500).
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { it } from "vitest";
import type { EnvPairDO } from "../src/do/env-pair-do";
import { envelopeFor, resultWith } from "../test/support/fixtures";
import { handWrittenLifecycle } from "./support/hand-written";
import { meter, type Usage } from "./support/meter";

const capacity = Number(env.RING_CAPACITY);
const MEASURED = 200;
const LEFT = "https://staging.example.com/";
const RIGHT = "https://www.example.com/";
const envelope = JSON.stringify(envelopeFor("left", LEFT));
const result = JSON.stringify(resultWith(200, 503));

async function drizzleLifecycle(instance: EnvPairDO): Promise<void> {
  const { comparisonId } = await instance.createComparison({ leftUrl: LEFT, rightUrl: RIGHT });
  await instance.saveProbe(comparisonId, "left", envelopeFor("left", LEFT));
  await instance.saveProbe(comparisonId, "right", envelopeFor("right", RIGHT));
  await instance.completeComparison(comparisonId, resultWith(200, 503));
  await instance.getComparisonsForHistory(10);
}

/** A lifecycle on a pair used once in a while: the deadline alarm fires after each one. */
async function idleLifecycle(instance: EnvPairDO, storage: DurableObjectStorage): Promise<void> {
  await drizzleLifecycle(instance);
  // What the runtime does when the alarm is due: remove it (not a call of ours), run the handler.
  await storage.deleteAlarm();
  await instance.alarm();
}

type Variant = "drizzle" | "drizzle-idle" | "hand-written" | "naive-trim";

/** Fills a fresh object's ring, then measures MEASURED lifecycles: mean usage and wall time. */
function measure(variant: Variant): Promise<Usage & { ms: number }> {
  const stub = env.ENV_PAIR.getByName(`bench-${variant}-${capacity}-${crypto.randomUUID()}`);
  return runInDurableObject(stub, async (instance, state) => {
    // A fresh object creates its tables on its first write; the hand-written SQL needs them too.
    await instance.createComparison({ leftUrl: LEFT, rightUrl: RIGHT });
    const once = () =>
      variant === "drizzle"
        ? drizzleLifecycle(instance)
        : variant === "drizzle-idle"
          ? idleLifecycle(instance, state.storage)
          : handWrittenLifecycle(state.storage.sql, (fn) => state.storage.transactionSync(fn), {
              capacity,
              naiveTrim: variant === "naive-trim",
              envelope,
              result,
            });
    for (let i = 0; i < capacity + 5; i++) await once();
    const usage = meter(state.storage);
    usage.take();
    const started = performance.now();
    for (let i = 0; i < MEASURED; i++) await once();
    const ms = performance.now() - started;
    const total = usage.take();
    usage.stop();
    return {
      rowsRead: total.rowsRead / MEASURED,
      rowsWritten: total.rowsWritten / MEASURED,
      alarmWrites: total.alarmWrites / MEASURED,
      ms,
    };
  });
}

it(`comparison lifecycle cost at capacity ${capacity}`, async () => {
  const drizzle = await measure("drizzle");
  const idle = await measure("drizzle-idle");
  const hand = await measure("hand-written");
  const naive = await measure("naive-trim");
  const print = (name: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
    console.log(JSON.stringify({ name, value, unit, capacity, ...extra }));
  print("do-lifecycle-rows-read", drizzle.rowsRead, "rows");
  // Billed writes: SQL rows plus setAlarm calls, each also given on its own.
  const written = (u: Usage) => ({ sqlRowsWritten: u.rowsWritten, alarmWrites: u.alarmWrites });
  print("do-lifecycle-rows-written", drizzle.rowsWritten + drizzle.alarmWrites, "rows", written(drizzle));
  print("do-lifecycle-rows-read-idle-pair", idle.rowsRead, "rows");
  print("do-lifecycle-rows-written-idle-pair", idle.rowsWritten + idle.alarmWrites, "rows", written(idle));
  print("do-lifecycle-rows-read-naive-trim", naive.rowsRead, "rows", {
    ratio: round(naive.rowsRead / drizzle.rowsRead),
  });
  print("do-lifecycle-rows-written-naive-trim", naive.rowsWritten, "rows", {
    ratio: round(naive.rowsWritten / drizzle.rowsWritten),
  });
  print("do-lifecycle-drizzle-vs-sql-time-ratio", round(drizzle.ms / hand.ms), "ratio", {
    drizzleMs: round(drizzle.ms / MEASURED),
    sqlMs: round(hand.ms / MEASURED),
    lifecycles: MEASURED,
  });
});

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
