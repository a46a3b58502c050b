/**
 * The cost model's counters (docs/scale.md): what one comparison does with each billed resource,
 * measured by running the real code against metered bindings (bench/support/counting-env.ts).
 *
 * - API start: POST /api/compare through the Worker (one request).
 * - Poll: one GET /api/compare/:id (one request each); how many a client makes is in docs/scale.md.
 * - Workflow: the real CompareWorkflow, metered through spies on the env it reads; its steps and the
 *   time in each from its own `workflow.step` log lines.
 * - Watch start: the tick's page and message, and the consumer's startDueWatch, per watched pair.
 * - Suite path: its share of POST /api/suites (one D1 batch, sendBatch calls), and the consumer's
 *   startSuiteItem for it.
 * The pair's object is metered with bench/support/meter.ts (SQL cursors' rowsRead/rowsWritten).
 * Two kinds of comparison: one whose differences changed (Workers AI is asked) and one whose facts
 * are the previous run's (the explanation is reused): a watched pair that does not drift.
 */
import { createExecutionContext, introspectWorkflow, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inject, it, vi } from "vitest";
import type { CompareParams } from "../src/compare/params";
import { d1Db } from "../src/db/d1";
import { SUITE_ITEM_STRIDE } from "../src/db/d1-schema";
import { startPairRun } from "../src/directory/watch-target";
import worker from "../src/index";
import { computePairKey } from "../src/pair-key";
import { startSuiteItem } from "../src/suites/item-start";
import { FAILED_OUTCOME, recordItemOutcome } from "../src/suites/item-store";
import { SUITE_RUNS_KEPT } from "../src/suites/store";
import { startDueWatch } from "../src/watches/start-due";
import { enqueueDueWatches } from "../src/watches/tick";
import { insertBareSuite, recordBareRun } from "../test/support/suites";
import { type Counters, countingEnv, spyMeters, zeroCounters } from "./support/counting-env";
import { meter, type Usage } from "./support/meter";

const RUNS = 20;
const base = () => inject("targetBaseUrl");

interface StepTiming {
  name: string;
  ms: number;
}

interface Phase {
  counters: Counters;
  rows: Usage;
  steps: StepTiming[];
}

/** Meters the pair's object (SQL cursors' rows) around `work`. */
async function meterObject(pairKey: string, work: () => Promise<void>): Promise<Usage> {
  const stub = env.ENV_PAIR.getByName(pairKey);
  let handle: ReturnType<typeof meter> | undefined;
  await runInDurableObject(stub, (_instance, state) => {
    handle = meter(state.storage);
  });
  let taken: Usage = { rowsRead: 0, rowsWritten: 0, alarmWrites: 0 };
  try {
    await work();
  } finally {
    await runInDurableObject(stub, () => {
      taken = handle?.take() ?? taken;
      handle?.stop();
    });
  }
  return taken;
}

/** Runs code that takes its bindings as an argument against metered ones. */
async function metered(pairKey: string, work: (e: Env) => Promise<void>): Promise<Phase> {
  const counters = zeroCounters();
  const rows = await meterObject(pairKey, () => work(countingEnv(env, counters, [])));
  return { counters, rows, steps: [] };
}

/**
 * One real comparison: POST /api/compare through the Worker, then the real CompareWorkflow run by
 * the platform, with meters spied onto the shared env the workflow reads. Step times come from the
 * workflow's own `workflow.step` log lines (src/workflow/step-log.ts).
 */
async function realComparison(left: string, right: string): Promise<Phase & { comparisonId: string }> {
  const pairKey = await computePairKey(left, right);
  const counters = zeroCounters();
  const lines: string[] = [];
  let comparisonId = "";
  const rows = await meterObject(pairKey, async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    try {
      spyMeters(env, counters);
      vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
      const res = await worker.fetch(
        new Request("http://envdiff.test/api/compare", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ leftUrl: left, rightUrl: right }),
        }),
        env,
        createExecutionContext(),
      );
      if (res.status !== 202) throw new Error(`POST: ${res.status} ${await res.text()}`);
      comparisonId = (await res.json<{ comparisonId: string }>()).comparisonId;
      for (const instance of await introspector.get()) await instance.waitForStatus("complete");
    } finally {
      vi.restoreAllMocks();
    }
  });
  const steps = lines.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { event?: string; step?: string; durationMs?: number; ms?: number };
      if (entry.event === "request") return [{ name: "POST /api/compare (Worker)", ms: entry.ms ?? 0 }];
      return entry.event === "workflow.step" ? [{ name: entry.step ?? "?", ms: entry.durationMs ?? 0 }] : [];
    } catch {
      return [];
    }
  });
  // The request is not a step: counted apart from them below.
  // "update directory" runs after every comparison but is not a logged step (src/workflow/directory-steps.ts).
  steps.push({ name: "update directory (not timed)", ms: 0 });
  return { counters, rows, steps, comparisonId };
}

function mean(phases: Phase[]) {
  const n = phases.length;
  const sum = (f: (p: Phase) => number) => Math.round((phases.reduce((a, p) => a + f(p), 0) / n) * 100) / 100;
  const rpc: Record<string, number> = {};
  for (const p of phases) for (const [k, v] of Object.entries(p.counters.doRpc)) rpc[k] = (rpc[k] ?? 0) + v / n;
  const stepMs: Record<string, number> = {};
  for (const p of phases) for (const s of p.steps) stepMs[s.name] = (stepMs[s.name] ?? 0) + s.ms / n;
  const round = (o: Record<string, number>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v * 100) / 100]));
  return {
    doRpcCalls: sum((p) => Object.values(p.counters.doRpc).reduce((a, b) => a + b, 0)),
    doRpc: round(rpc),
    doRowsRead: sum((p) => p.rows.rowsRead),
    doRowsWritten: sum((p) => p.rows.rowsWritten + p.rows.alarmWrites),
    d1Statements: sum((p) => p.counters.d1Statements),
    d1RowsRead: sum((p) => p.counters.d1RowsRead),
    d1RowsWritten: sum((p) => p.counters.d1RowsWritten),
    workflowSteps: sum((p) => p.steps.filter((step) => !step.name.includes("Worker")).length),
    stepMs: round(stepMs),
    aiCalls: sum((p) => p.counters.aiCalls),
    aiInputCharsPerCall: Math.round(
      phases.reduce((a, p) => a + p.counters.aiInputChars, 0) /
        Math.max(
          1,
          phases.reduce((a, p) => a + p.counters.aiCalls, 0),
        ),
    ),
    queueMessages: sum((p) => p.counters.queueMessages),
    sendBatchCalls: sum((p) => p.counters.sendBatchCalls),
  };
}

const print = (name: string, figures: Record<string, unknown>) =>
  console.log(
    JSON.stringify({ name, value: figures.doRowsWritten ?? 0, unit: "do-rows-written", runs: RUNS, ...figures }),
  );

it("what one comparison costs, counter by counter", async () => {
  const q = crypto.randomUUID();
  // A pair that differs in status and body: every run has differences to explain.
  const left = `${base()}/json?cost=${q}`;
  const right = `${base()}/status/503?cost=${q}`;
  await realComparison(left, right); // warm-up: the object's schema and a first explanation

  // Drifting: a pair whose facts are new at each run, so Workers AI is asked every time.
  const drifting: Phase[] = [];
  for (let i = 0; i < RUNS; i++) {
    drifting.push(await realComparison(`${base()}/json?cost=${q}&run=${i}`, `${base()}/status/503?cost=${q}&run=${i}`));
  }
  // Steady: the same facts as the previous run, so its explanation is reused (a watch with no drift).
  const reused: Phase[] = [];
  let comparisonId = "";
  for (let i = 0; i < RUNS; i++) {
    const run = await realComparison(left, right);
    reused.push(run);
    comparisonId = run.comparisonId;
  }
  // One poll: GET /api/compare/:id as the page and the CLI make it.
  const polls: Phase[] = [];
  for (let i = 0; i < RUNS; i++) {
    polls.push(
      await metered(await computePairKey(left, right), async (e) => {
        const res = await worker.fetch(
          new Request(`http://envdiff.test/api/compare/${comparisonId}`),
          e,
          createExecutionContext(),
        );
        await res.arrayBuffer();
      }),
    );
  }
  print("comparison-cost-new-differences", { ...mean(drifting), workerRequests: 1 });
  print("comparison-cost-reused-explanation", { ...mean(reused), workerRequests: 1 });
  print("comparison-cost-per-poll", { ...mean(polls), workerRequests: 1 });
});

it("what a watch run adds: the tick's page and message, and the consumer's start", async () => {
  const q = crypto.randomUUID();
  await env.DB.prepare("UPDATE watches SET enabled = 0").run();
  const dueAt = Date.now() - 1000;
  const keys: string[] = [];
  for (let i = 0; i < 100; i++) {
    const l = `${base()}/json?watch=${q}-${i}`;
    const r = `${base()}/json?watch=${q}-${i}&b`;
    const key = await computePairKey(l, r);
    keys.push(key);
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO pairs (pair_key, left_url, right_url, first_compared_at, last_compared_at, last_comparison_id,
           last_status, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4, ?1 || ':seed', 'completed', ?4)`,
      ).bind(key, l, r, dueAt),
      env.DB.prepare(
        `INSERT INTO watches (target_kind, target_id, interval_minutes, enabled, next_due_at) VALUES ('pair', ?1, 5, 1, ?2)`,
      ).bind(key, dueAt),
    ]);
  }
  const tick = await metered(keys[0]!, async (e) => {
    await enqueueDueWatches(e, Date.now());
  });
  const starts: Phase[] = [];
  for (const key of keys.slice(0, RUNS)) {
    starts.push(
      await metered(key, async (e) => {
        await startDueWatch(e, d1Db(e.DB), { kind: "pair", id: key }, { dueAt, tickAt: Date.now() }, startPairRun);
      }),
    );
  }
  const perPair = (n: number) => Math.round((n / keys.length) * 1000) / 1000;
  console.log(
    JSON.stringify({
      name: "watch-tick-cost-per-due-pair",
      value: perPair(tick.counters.d1RowsRead),
      unit: "d1-rows-read",
      due: keys.length,
      d1Statements: tick.counters.d1Statements,
      sendBatchCalls: tick.counters.sendBatchCalls,
      queueMessages: tick.counters.queueMessages,
      d1RowsWritten: tick.counters.d1RowsWritten,
    }),
  );
  // The consumer's start, beside the comparison's own cost above (its workflow was captured, not run).
  print("watch-start-cost-per-pair", { ...mean(starts), note: "consumer side; add the comparison's own cost" });
});

it("what a suite path adds: its share of the request, and the consumer's start", async () => {
  const q = crypto.randomUUID().slice(0, 8);
  const PATHS = 100;
  const paths = Array.from({ length: PATHS }, (_, i) => `/json?suite=${q}-${i}`);
  const request = zeroCounters();
  const created: CompareParams[] = [];
  const res = await worker.fetch(
    new Request("http://envdiff.test/api/suites", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ leftBase: base(), rightBase: `${base()}/right`, paths }),
    }),
    countingEnv(env, request, created),
    createExecutionContext(),
  );
  if (res.status !== 202) throw new Error(`POST /api/suites: ${res.status} ${await res.text()}`);
  const { runId } = await res.json<{ runId: number }>();
  const per = (n: number) => Math.round((n / PATHS) * 1000) / 1000;
  console.log(
    JSON.stringify({
      name: "suite-request-cost-per-path",
      value: per(request.d1RowsWritten),
      unit: "d1-rows-written",
      paths: PATHS,
      d1Statements: request.d1Statements,
      d1RowsRead: per(request.d1RowsRead),
      queueMessages: per(request.queueMessages),
      sendBatchCalls: request.sendBatchCalls,
      doRpcCalls: Object.values(request.doRpc).reduce((a, b) => a + b, 0),
      workflowsCreated: request.workflowsCreated,
    }),
  );
  // The consumer's start of a path (its workflow captured, not run): what a suite-item message costs.
  const starts: Phase[] = [];
  for (let i = 0; i < RUNS; i++) {
    const itemId = runId * SUITE_ITEM_STRIDE + i;
    const counters = zeroCounters();
    const metered = countingEnv(env, counters, created);
    await startSuiteItem(metered, d1Db(metered.DB), itemId);
    starts.push({ counters, rows: { rowsRead: 0, rowsWritten: 0, alarmWrites: 0 }, steps: [] });
  }
  print("suite-start-cost-per-path", {
    ...mean(starts),
    workflowsCreated: starts.reduce((a, p) => a + p.counters.workflowsCreated, 0) / RUNS,
    note: "consumer side; the object's rows are the comparison's own cost above",
  });
});

it("what keeping a suite's newest runs costs: the batch that records a run and drops the oldest", async () => {
  const PATHS = 100;
  const suiteId = await insertBareSuite(
    env.DB,
    Array.from({ length: PATHS }, (_, i) => `/p${i}`),
  );
  const run = (at: number) => recordBareRun(env.DB, suiteId, at, PATHS);
  const first = await run(1);
  // Every path of the oldest run ended: the rows a steady-state run drops.
  const ended = { pairKey: "a".repeat(64), comparisonId: `${"a".repeat(64)}:x` };
  for (let i = 0; i < PATHS; i++) {
    await recordItemOutcome(d1Db(env.DB), first.runId * SUITE_ITEM_STRIDE + i, ended, FAILED_OUTCOME);
  }
  for (let i = 1; i < SUITE_RUNS_KEPT; i++) await run(1 + i);
  const fresh = await run(100); // the 51st: drops the first run and its 100 items
  console.log(
    JSON.stringify({
      name: "suite-run-record-rows-written",
      value: fresh.rowsWritten,
      unit: "d1-rows-written",
      paths: PATHS,
      kept: SUITE_RUNS_KEPT,
      perPathWhenDropping: Math.round((fresh.rowsWritten / PATHS) * 100) / 100,
      withoutDropping: first.rowsWritten,
    }),
  );
});
