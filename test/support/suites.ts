/** Helpers for the suite tests: POST a suite, read it, wait for a run to finish. */
import { env } from "cloudflare:workers";
import { inject } from "vitest";
import type { SuiteDetail, SuiteRun } from "../../src/shapes/suite";
import { insertRun } from "../../src/suites/store";
import { api } from "./api";

export const suiteTargets = () => inject("suiteTargetBaseUrl");
/** The suite targets' two environments; tests keep their pairs apart by using paths of their own. */
export const bases = () => ({ leftBase: `${suiteTargets()}/left`, rightBase: `${suiteTargets()}/right` });

/**
 * Options for suites whose paths must come out identical: a loaded test machine makes one side of a
 * burst of probes twice as slow now and then, a real `timing` difference the tests are not about.
 */
export const STEADY = { ignorePaths: ["/timing/totalMs"] };

export function postSuite(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return api("/api/suites", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export async function createSuite(
  body: unknown,
): Promise<{ suiteId: string; number: number; runId: number; paths: number }> {
  const res = await postSuite(body);
  if (res.status !== 202) throw new Error(`POST /api/suites: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function readSuite(suiteId: string): Promise<SuiteDetail> {
  const res = await api(`/api/suites/${suiteId}`);
  if (res.status !== 200) throw new Error(`GET suite: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Polls GET /api/suites/:suiteId until run `runId` has finished (every path ended and the run settled).
 * Between reads it watches the run's one D1 row instead: the suite's detail lists every path, and
 * reading 500 of them ten times a second took CPU from the comparisons the test waits for.
 */
export async function waitForRun(suiteId: string, runId: number, timeoutMs = 25_000): Promise<SuiteRun> {
  const deadline = Date.now() + timeoutMs;
  const finished = env.DB.prepare("SELECT finished_at AS at FROM suite_runs WHERE id = ?1 AND suite_id = ?2").bind(
    runId,
    suiteId,
  );
  for (;;) {
    while ((await finished.first<{ at: number | null }>())?.at == null && Date.now() <= deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { run } = await readSuite(suiteId);
    if (run && run.runId === runId && run.finishedAt !== null) return run;
    if (Date.now() > deadline) throw new Error(`suite run ${runId} not finished after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the suite's newest run is past `after` and finished: a run a tick started in the background. */
export async function waitForNextRun(suiteId: string, after: number, timeoutMs = 20_000): Promise<SuiteRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { run } = await readSuite(suiteId);
    if (run && run.runId > after) return waitForRun(suiteId, run.runId);
    if (Date.now() > deadline) throw new Error(`no run of suite ${suiteId} after ${after}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** PATCH /api/suites/:suiteId with a JSON body. */
export function patchSuite(suiteId: string, body: unknown): Promise<Response> {
  return api(`/api/suites/${suiteId}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** POST /api/suites/:suiteId/runs: runs the suite again; answers the run's number in its suite. */
export async function rerunSuite(suiteId: string): Promise<{ number: number; runId: number }> {
  const res = await api(`/api/suites/${suiteId}/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  if (res.status !== 202) throw new Error(`POST runs: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Polls GET /api/suites/:suiteId/runs/:number until that run has finished, whatever runs started after it. */
export async function waitForRunNumber(suiteId: string, number: number, timeoutMs = 25_000): Promise<SuiteRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(`/api/suites/${suiteId}/runs/${number}`);
    if (res.status !== 200) throw new Error(`GET run ${number}: ${res.status} ${await res.text()}`);
    const run = await res.json<SuiteRun>();
    if (run.finishedAt !== null) return run;
    if (Date.now() > deadline) throw new Error(`suite run ${number} not finished after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sets what a `/switch/:key` or `/status/:key` path answers on the right side. */
export async function setControl(key: string, value: string): Promise<void> {
  const url = `${suiteTargets()}/control/${key}?value=${encodeURIComponent(value)}`;
  // A fresh connection each time: this is test plumbing, not something under test.
  const res = await fetch(url, { method: "PUT", headers: { connection: "close" } });
  if (res.status !== 204) throw new Error(`control ${key}: ${res.status}`);
}

/** A key no other test uses, for /switch and /status paths. */
export const freshKey = () => `k${crypto.randomUUID().slice(0, 8)}`;

/** Row counts of the suite tables: what "nothing half-created" is checked against. */
export async function suiteRowCounts(db: D1Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ["suites", "suite_runs", "suite_items"]) {
    counts[table] = (await db.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? -1;
  }
  return counts;
}

/**
 * A suite row and its definition with nothing else (no run, no watch): for tests and benches of the
 * suite tables alone. The definition has the suite's id, as a migrated suite's first one does.
 */
export async function insertBareSuite(db: D1Database, paths: string[]): Promise<string> {
  const id = crypto.randomUUID();
  await db.batch([
    db
      .prepare(
        "INSERT INTO suites (id, left_base, right_base, definition_id, created_at) VALUES (?1, 'http://l.test', 'http://r.test', ?1, 1)",
      )
      .bind(id),
    db
      .prepare(
        "INSERT INTO suite_definitions (id, suite_id, paths_json, options_json, created_at) VALUES (?1, ?1, ?2, '{}', 1)",
      )
      .bind(id, JSON.stringify(paths)),
  ]);
  return id;
}

/** Records a watch run of `itemCount` paths in D1 alone (src/suites/store.ts insertRun): no message, no start. */
export function recordBareRun(db: D1Database, suiteId: string, createdAt: number, itemCount: number) {
  return insertRun(db, {
    suiteId,
    definitionId: suiteId,
    createdAt,
    trigger: "watch",
    idempotencyKey: null,
    requestHash: null,
    itemCount,
  });
}
