/**
 * Suites in D1: the suite, the definitions it has had (what a run compares: paths, options,
 * sealed headers), and its runs. The writes a suite makes are few by design (docs/suites.md §
 * Costs): a run's row goes in with one batch, which also drops the suite's run beyond the newest
 * SUITE_RUNS_KEPT and any definition nothing uses any more; the run once more when its last path
 * ends (its items: src/suites/item-store.ts). An edit (PATCH) writes a new definition and points the
 * suite at it: runs in flight keep theirs. Every writer is safe to repeat (workflow steps retry,
 * queue messages come again).
 */
import { and, desc, eq, getTableColumns, isNull, lt, or, sql } from "drizzle-orm";
import type { D1Db } from "../db/d1";
import {
  SUITE_ITEM_STRIDE,
  type SuiteDefinitionRow,
  type SuiteRow,
  type SuiteRunRow,
  suiteDefinitions,
  suiteRuns,
  suites,
  type WatchRow,
  watches,
} from "../db/d1-schema";
import { watchOf } from "../watches/store";

/**
 * Runs kept per suite, like a pair's ring: older runs and their items are deleted when a run is
 * recorded, so D1's storage does not grow with every watched run (docs/scale.md § What binds first).
 */
export const SUITE_RUNS_KEPT = 50;

/**
 * A definition nothing uses is deleted only once it was replaced this long ago (a later one was
 * written): a run that read it as the suite's current one just before an edit may still be about
 * to record itself with it, and a run takes milliseconds from that read to its insert, not an hour.
 */
export const DEFINITION_GRACE_MS = 60 * 60_000;

/** A definition as written: what a new suite, or an edit, compares from now on. */
export type NewDefinition = typeof suiteDefinitions.$inferInsert;

/** A definition's columns from what a plan resolved: its paths, how they were found, its options as sealed. */
export function definitionColumns(
  paths: readonly string[],
  discover: unknown,
  sealed: { options: unknown; sealedHeaders: string | null },
): Pick<NewDefinition, "pathsJson" | "discoverJson" | "optionsJson" | "sealedHeaders"> {
  return {
    pathsJson: JSON.stringify(paths),
    discoverJson: discover === null || discover === undefined ? null : JSON.stringify(discover),
    optionsJson: JSON.stringify(sealed.options),
    sealedHeaders: sealed.sealedHeaders,
  };
}

export interface NewRun {
  /** Present when the suite itself is new: inserted in the same batch as its first run, with its definition. */
  suite?: { row: typeof suites.$inferInsert; definition: NewDefinition };
  suiteId: string;
  /** The definition the run compares: the one whose paths its caller checked and counted. */
  definitionId: string;
  createdAt: number;
  trigger: "api" | "watch";
  idempotencyKey: string | null;
  requestHash: string | null;
  itemCount: number;
}

export interface CreatedRun {
  runId: number;
  /** The run's number within its suite, from 1. */
  number: number;
  rowsWritten: number;
}

function insertDefinition(d1: D1Database, d: NewDefinition): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO suite_definitions (id, suite_id, paths_json, discover_json, options_json, sealed_headers, created_at,
         created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      d.id,
      d.suiteId,
      d.pathsJson,
      d.discoverJson ?? null,
      d.optionsJson,
      d.sealedHeaders ?? null,
      d.createdAt,
      d.createdBy ?? null,
    );
}

/**
 * Deletes the suite's definitions that no kept run names and the suite does not use, once replaced
 * DEFINITION_GRACE_MS ago: a definition of the suite written at or after it, not itself, is that old.
 */
function dropUnusedDefinitions(d1: D1Database, suiteId: string, now: number): D1PreparedStatement {
  return d1
    .prepare(
      `DELETE FROM suite_definitions WHERE suite_id = ?1
         AND id <> (SELECT definition_id FROM suites WHERE id = ?1)
         AND id NOT IN (SELECT definition_id FROM suite_runs WHERE suite_id = ?1 AND definition_id IS NOT NULL)
         AND EXISTS (SELECT 1 FROM suite_definitions AS later WHERE later.suite_id = ?1
           AND later.id <> suite_definitions.id AND later.created_at >= suite_definitions.created_at
           AND later.created_at < ?2)`,
    )
    .bind(suiteId, now - DEFINITION_GRACE_MS);
}

/**
 * Inserts the suite and its definition (when new), the run and its items in one batch, which D1
 * applies atomically: either the whole run exists or none of it. The run is numbered after the
 * suite's newest run (its number is unique per suite: a unique index). Throws on a duplicate
 * Idempotency-Key (the unique index). The run is inserted pending dispatch: its items' start
 * messages are not sent yet (markDispatched).
 */
export async function insertRun(d1: D1Database, run: NewRun): Promise<CreatedRun> {
  const statements: D1PreparedStatement[] = [];
  const { suite } = run;
  if (suite) {
    const { row } = suite;
    statements.push(
      d1
        .prepare(
          `INSERT INTO suites (id, name, left_base, right_base, definition_id, created_at, created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          row.id,
          row.name ?? null,
          row.leftBase,
          row.rightBase,
          suite.definition.id,
          row.createdAt,
          row.createdBy ?? null,
        ),
      insertDefinition(d1, suite.definition),
    );
  }
  const inserted = statements.length;
  statements.push(
    d1
      .prepare(
        `INSERT INTO suite_runs (suite_id, number, definition_id, created_at, trigger, item_count, idempotency_key,
           request_hash, dispatch_pending)
         VALUES (?1, coalesce((SELECT max(number) FROM suite_runs WHERE suite_id = ?1), 0) + 1,
           ?2, ?3, ?4, ?5, ?6, ?7, 1) RETURNING id, number`,
      )
      .bind(
        run.suiteId,
        run.definitionId,
        run.createdAt,
        run.trigger,
        run.itemCount,
        run.idempotencyKey,
        run.requestHash,
      ),
  );
  statements.push(
    d1
      .prepare(
        "UPDATE suites SET last_run_id = (SELECT max(id) FROM suite_runs WHERE suite_id = ?1), last_run_at = ?2 WHERE id = ?1",
      )
      .bind(run.suiteId, run.createdAt),
  );
  // The run now past the newest SUITE_RUNS_KEPT (at most one in the steady state) goes, items first.
  const beyond = `(SELECT id FROM suite_runs WHERE suite_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ${SUITE_RUNS_KEPT})`;
  statements.push(
    d1
      .prepare(
        `DELETE FROM suite_items WHERE id BETWEEN ${beyond} * ${SUITE_ITEM_STRIDE} AND ${beyond} * ${SUITE_ITEM_STRIDE} + ${SUITE_ITEM_STRIDE - 1}`,
      )
      .bind(run.suiteId),
    d1.prepare(`DELETE FROM suite_runs WHERE id = ${beyond}`).bind(run.suiteId),
    dropUnusedDefinitions(d1, run.suiteId, run.createdAt),
  );
  const results = await d1.batch<{ id: number; number: number }>(statements);
  const created = results[inserted]?.results[0];
  if (typeof created?.id !== "number") throw new Error("the run insert returned no id");
  return {
    runId: created.id,
    number: created.number,
    rowsWritten: results.reduce((sum, r) => sum + (r.meta.rows_written ?? 0), 0),
  };
}

/**
 * An edit: `definition` becomes the suite's (its next run compares it) and `name` its name, in one
 * batch; runs in flight keep the definition they started with. Returns false when there is no suite.
 */
export async function replaceDefinition(
  d1: D1Database,
  suiteId: string,
  name: string | null | undefined,
  definition: NewDefinition,
): Promise<boolean> {
  const setName = name === undefined ? "" : ", name = ?3";
  const update = d1.prepare(`UPDATE suites SET definition_id = ?2${setName} WHERE id = ?1`);
  const results = await d1.batch([
    insertDefinition(d1, definition),
    name === undefined ? update.bind(suiteId, definition.id) : update.bind(suiteId, definition.id, name),
    dropUnusedDefinitions(d1, suiteId, definition.createdAt),
  ]);
  return (results[1]?.meta.changes ?? 0) > 0;
}

/** The suite's columns with those of the definition its next run uses. */
const suiteWithDefinition = {
  ...getTableColumns(suites),
  definitionId: suiteDefinitions.id,
  pathsJson: suiteDefinitions.pathsJson,
  discoverJson: suiteDefinitions.discoverJson,
  optionsJson: suiteDefinitions.optionsJson,
  sealedHeaders: suiteDefinitions.sealedHeaders,
  lastRunNumber: sql<number | null>`(SELECT number FROM suite_runs WHERE id = ${suites.lastRunId})`,
};
const currentDefinition = eq(suiteDefinitions.id, suites.definitionId);

export async function getSuite(db: D1Db, suiteId: string): Promise<SuiteRow | null> {
  const row = await db
    .select(suiteWithDefinition)
    .from(suites)
    .innerJoin(suiteDefinitions, currentDefinition)
    .where(eq(suites.id, suiteId))
    .get();
  return row ?? null;
}

/** One definition, by its id: what a run compared. */
export async function getDefinition(db: D1Db, definitionId: string): Promise<SuiteDefinitionRow | null> {
  return (await db.select().from(suiteDefinitions).where(eq(suiteDefinitions.id, definitionId)).get()) ?? null;
}

export async function getRun(db: D1Db, runId: number): Promise<SuiteRunRow | null> {
  return (await db.select().from(suiteRuns).where(eq(suiteRuns.id, runId)).get()) ?? null;
}

/** The suite's run numbered `number` (its per-suite number), if it is still kept. */
export async function getRunByNumber(db: D1Db, suiteId: string, number: number): Promise<SuiteRunRow | null> {
  return (
    (await db
      .select()
      .from(suiteRuns)
      .where(and(eq(suiteRuns.suiteId, suiteId), eq(suiteRuns.number, number)))
      .get()) ?? null
  );
}

/** A suite with its watch, if it has one: what the suite routes show. */
export interface WatchedSuite {
  suite: SuiteRow;
  watch: WatchRow | null;
}

/** Suites with their current definitions and their watches in one query: a watch is a row of its own (src/watches/store.ts). */
function suitesWithWatches(db: D1Db) {
  return db
    .select({ suite: suiteWithDefinition, watch: watches })
    .from(suites)
    .innerJoin(suiteDefinitions, currentDefinition)
    .leftJoin(watches, watchOf("suite", suites.id));
}

/** Suites, most recently run first, strictly before `before` (a lastRunAt + id cursor). */
export async function listSuites(
  db: D1Db,
  limit: number,
  before: { at: number; id: string } | null,
): Promise<WatchedSuite[]> {
  const after = before
    ? or(lt(suites.lastRunAt, before.at), and(eq(suites.lastRunAt, before.at), lt(suites.id, before.id)))
    : undefined;
  return suitesWithWatches(db).where(after).orderBy(desc(suites.lastRunAt), desc(suites.id)).limit(limit);
}

export async function getWatchedSuite(db: D1Db, suiteId: string): Promise<WatchedSuite | null> {
  return (await suitesWithWatches(db).where(eq(suites.id, suiteId)).get()) ?? null;
}

/** The run that holds `key` (scoped by route), if any. */
export async function runByIdempotencyKey(db: D1Db, key: string): Promise<SuiteRunRow | null> {
  return (await db.select().from(suiteRuns).where(eq(suiteRuns.idempotencyKey, key)).get()) ?? null;
}

/** Frees a key older than the replay window, so it can be used again. */
export async function releaseIdempotencyKey(db: D1Db, runId: number): Promise<void> {
  await db.update(suiteRuns).set({ idempotencyKey: null }).where(eq(suiteRuns.id, runId)).run();
}

/**
 * Marks the run finished by `comparisonId` if no other comparison did: of two last items ending
 * together, exactly one claims it. The same comparison claiming again (a retried step) succeeds.
 */
export async function claimRunFinish(
  db: D1Db,
  runId: number,
  comparisonId: string,
  driftJson: string | null,
  now = Date.now(),
): Promise<{ claimed: boolean; rowsWritten: number }> {
  const result = await db
    .update(suiteRuns)
    .set({ finishedAt: now, finishedBy: comparisonId, driftJson })
    .where(and(eq(suiteRuns.id, runId), or(isNull(suiteRuns.finishedBy), eq(suiteRuns.finishedBy, comparisonId))))
    .run();
  return { claimed: result.meta.changes > 0, rowsWritten: result.meta.rows_written ?? 0 };
}

/** The run's start messages were all sent: the tick's re-dispatch no longer looks at it. Returns the D1 rows written. */
export async function markDispatched(db: D1Db, runId: number): Promise<number> {
  const result = await db
    .update(suiteRuns)
    .set({ dispatchPending: false })
    .where(and(eq(suiteRuns.id, runId), eq(suiteRuns.dispatchPending, true)))
    .run();
  return result.meta.rows_written ?? 0;
}

/** Runs still pending dispatch that were created before `before`, oldest first (a partial index). */
export async function pendingDispatchRuns(
  db: D1Db,
  before: number,
  limit: number,
): Promise<Pick<SuiteRunRow, "id" | "itemCount">[]> {
  return db
    .select({ id: suiteRuns.id, itemCount: suiteRuns.itemCount })
    .from(suiteRuns)
    .where(and(eq(suiteRuns.dispatchPending, true), lt(suiteRuns.createdAt, before)))
    .orderBy(suiteRuns.createdAt)
    .limit(limit);
}

/**
 * Unfinished runs created before `before` that were not swept since `sweptBefore`, oldest first
 * (the suite_runs_unfinished partial index): the tick's safety net for paths that never reported.
 */
export async function runsToSweep(
  db: D1Db,
  before: number,
  sweptBefore: number,
  limit: number,
): Promise<Pick<SuiteRunRow, "id" | "itemCount" | "createdAt">[]> {
  return db
    .select({ id: suiteRuns.id, itemCount: suiteRuns.itemCount, createdAt: suiteRuns.createdAt })
    .from(suiteRuns)
    .where(
      and(
        isNull(suiteRuns.finishedAt),
        lt(suiteRuns.createdAt, before),
        eq(suiteRuns.dispatchPending, false),
        or(isNull(suiteRuns.sweptAt), lt(suiteRuns.sweptAt, sweptBefore)),
      ),
    )
    .orderBy(suiteRuns.createdAt)
    .limit(limit);
}

export async function markSwept(db: D1Db, runId: number, now: number): Promise<void> {
  await db.update(suiteRuns).set({ sweptAt: now }).where(eq(suiteRuns.id, runId)).run();
}
