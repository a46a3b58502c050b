/**
 * Meters for the cost model (bench/comparison-cost.bench.ts): an Env whose bindings count what a
 * comparison does with them. Durable Object RPC calls per method; D1 statements with the rows_read
 * and rows_written of their result meta (what D1 bills); Workers AI calls; start-queue messages and
 * sendBatch calls. Workflow creation is captured instead of done, so the bench runs the workflow
 * itself with a metered step (bench/support/metered-step.ts).
 */
import { vi } from "vitest";
import type { CompareParams } from "../../src/compare/params";

export interface Counters {
  doRpc: Record<string, number>;
  d1Statements: number;
  d1RowsRead: number;
  d1RowsWritten: number;
  aiCalls: number;
  /** Characters of the prompts sent: about four to a token. */
  aiInputChars: number;
  queueMessages: number;
  sendBatchCalls: number;
  workflowsCreated: number;
}

export const zeroCounters = (): Counters => ({
  doRpc: {},
  d1Statements: 0,
  d1RowsRead: 0,
  d1RowsWritten: 0,
  aiCalls: 0,
  aiInputChars: 0,
  queueMessages: 0,
  sendBatchCalls: 0,
  workflowsCreated: 0,
});

type Meta = { rows_read?: number; rows_written?: number } | undefined;

/** A statement's real methods, recording each result's meta; raw() goes through all() so its meta is seen. */
function meteredStatement(
  statement: D1PreparedStatement,
  counters: Counters,
  real: WeakMap<object, D1PreparedStatement>,
) {
  const record = (meta: Meta) => {
    counters.d1Statements++;
    counters.d1RowsRead += meta?.rows_read ?? 0;
    counters.d1RowsWritten += meta?.rows_written ?? 0;
  };
  const proxy = new Proxy(statement, {
    get(target, prop) {
      if (prop === "bind") return (...values: unknown[]) => meteredStatement(target.bind(...values), counters, real);
      if (prop === "all" || prop === "run")
        return async () => {
          const result = await target[prop]();
          record(result.meta as Meta);
          return result;
        };
      if (prop === "first")
        return async (column?: string) => {
          const result = await target.all<Record<string, unknown>>();
          record(result.meta as Meta);
          const row = result.results[0] ?? null;
          return column === undefined || row === null ? row : row[column];
        };
      // raw() is rebuilt from all()'s objects, so a query whose result has two columns of one name
      // (a join selecting both tables' `id`) would be misread here: select distinct names when metered.
      if (prop === "raw")
        return async (options?: { columnNames?: boolean }) => {
          const result = await target.all<Record<string, unknown>>();
          record(result.meta as Meta);
          const rows = result.results.map((row) => Object.values(row));
          return options?.columnNames ? [Object.keys(result.results[0] ?? {}), ...rows] : rows;
        };
      return Reflect.get(target, prop, target);
    },
  });
  real.set(proxy, statement);
  return proxy;
}

/** D1's batch through the real statements, adding up each result's meta. */
function meteredBatch(batch: D1Database["batch"], counters: Counters, real: WeakMap<object, D1PreparedStatement>) {
  return async (statements: D1PreparedStatement[]) => {
    const results = await batch(statements.map((s) => real.get(s) ?? s));
    for (const r of results) {
      counters.d1Statements++;
      counters.d1RowsRead += (r.meta as Meta)?.rows_read ?? 0;
      counters.d1RowsWritten += (r.meta as Meta)?.rows_written ?? 0;
    }
    return results;
  };
}

function meteredD1(db: D1Database, counters: Counters): D1Database {
  const real = new WeakMap<object, D1PreparedStatement>();
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => meteredStatement(target.prepare(query), counters, real);
      if (prop === "batch") return meteredBatch(target.batch.bind(target), counters, real);
      return Reflect.get(target, prop, target);
    },
  });
}

function meteredStub<S extends object>(stub: S, counters: Counters): S {
  return new Proxy(stub, {
    get(s, method) {
      // Every property of an RPC stub is a remote method (even `apply`): call through the stub itself.
      if (typeof method !== "string" || method === "id" || method === "name" || method === "then") {
        return Reflect.get(s, method, s);
      }
      return (...args: unknown[]) => {
        counters.doRpc[method] = (counters.doRpc[method] ?? 0) + 1;
        return (s as unknown as Record<string, (...a: unknown[]) => unknown>)[method]?.(...args);
      };
    },
  });
}

function meteredNamespace<T extends Rpc.DurableObjectBranded>(ns: DurableObjectNamespace<T>, counters: Counters) {
  return new Proxy(ns, {
    get(target, prop) {
      if (prop !== "getByName") return Reflect.get(target, prop, target);
      return (name: string) => meteredStub(target.getByName(name), counters);
    },
  });
}

/**
 * What the mocked model answers: it names the status difference the bench's pairs have, as a real
 * answer would. An answer that leaves out every high-severity difference is replaced by the rules
 * explanation (src/explain/contradiction.ts), and a rules explanation is never reused, which would
 * make every run look like it asks the model.
 */
const BENCH_ANSWER = {
  summary: "The right side answers status 503 where the left answers 200, and its body differs.",
  severity: "high",
  details: ["Status 200 on the left, 503 on the right."],
};

/** An AI binding that answers like the model does in JSON mode, and counts its calls. */
function countingAi(counters: Counters): Ai {
  const answer = BENCH_ANSWER;
  return {
    run: async () => {
      counters.aiCalls++;
      return { response: answer };
    },
  } as unknown as Ai;
}

export function countingEnv(env: Env, counters: Counters, created: CompareParams[]): Env {
  const workflow = {
    create: async (options: { id: string; params: CompareParams }) => {
      counters.workflowsCreated++;
      created.push(options.params);
      return { id: options.id };
    },
  } as unknown as Env["COMPARE_WORKFLOW"];
  const queue = {
    send: async () => {
      counters.queueMessages++;
    },
    sendBatch: async (messages: unknown[]) => {
      counters.sendBatchCalls++;
      counters.queueMessages += messages.length;
    },
  } as unknown as Env["START_QUEUE"];
  return {
    ...env,
    ENV_PAIR: meteredNamespace(env.ENV_PAIR, counters),
    DB: meteredD1(env.DB, counters),
    AI: countingAi(counters),
    COMPARE_WORKFLOW: workflow,
    START_QUEUE: queue,
  };
}

/**
 * The same meters installed on the shared `env` with spies, for code that reads its bindings from
 * `env` rather than taking them as an argument: the real CompareWorkflow, run by the platform.
 * Undone by vi.restoreAllMocks() (test/setup.ts does that after each test).
 */
export function spyMeters(env: Env, counters: Counters): void {
  const real = new WeakMap<object, D1PreparedStatement>();
  const prepare = env.DB.prepare.bind(env.DB);
  const batch = env.DB.batch.bind(env.DB);
  vi.spyOn(env.DB, "prepare").mockImplementation((query: string) => meteredStatement(prepare(query), counters, real));
  vi.spyOn(env.DB, "batch").mockImplementation(meteredBatch(batch, counters, real));
  const getByName = env.ENV_PAIR.getByName.bind(env.ENV_PAIR);
  vi.spyOn(env.ENV_PAIR, "getByName").mockImplementation((name: string) => meteredStub(getByName(name), counters));
  vi.spyOn(env.AI, "run").mockImplementation((async (_model: string, input: unknown) => {
    counters.aiCalls++;
    counters.aiInputChars += JSON.stringify(input).length;
    return { response: BENCH_ANSWER };
  }) as never);
}
