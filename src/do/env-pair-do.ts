/**
 * EnvPairDO: one SQLite Durable Object per environment pair. It owns the pair's
 * ring of the newest RING_CAPACITY comparisons and their probes, and is the only
 * writer of them. Every method is synchronous SQL inside the object's input gate,
 * so concurrent calls never interleave. Its one alarm is the deadline watchdog: no
 * comparison stays `running` past RUN_DEADLINE_MS. Table layout and costs: docs/storage.md.
 */
import { DurableObject } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import migrations from "../../drizzle/migrations";
import type { ComparisonRow } from "../db/schema";
import * as schema from "../db/schema";
import { pairSettings } from "../db/schema";
import { DomainError, messageOf } from "../errors";
import { log } from "../log";
import { computePairKey, newComparisonId, parseComparisonId } from "../pair-key";
import { loadKeyring } from "../secrets/crypto";
import type { SideUrls } from "../secrets/header-set";
import { readerOptions } from "../secrets/reader-view";
import type { ComparisonError, ComparisonState, ComparisonSummary } from "../shapes/comparison";
import type { Side, SignalEnvelope } from "../shapes/envelope";
import { type CompareOptions, type CompareOptionsInput, resolveAppliedOptions } from "../shapes/options";
import type { ComparisonResult } from "../shapes/result";
import type { PairSettings } from "../shapes/settings";
import { countsOf, NO_COUNTS, type StoredCounts, toComparisonState, toComparisonSummary } from "./comparison-shape";
import { comparisonDeadlineMs, deadlineError, planWatchdog } from "./deadline";
import { prepareQueries, type Queries } from "./queries";
import { type ResealReport, resealObject } from "./reseal";

export const DEFAULT_RING_CAPACITY = 50;

/** A pair's saved settings: header names only in `settings`, values sealed in `sealedHeaders`. */
export interface SavedSettings {
  settings: PairSettings;
  sealedHeaders: string | null;
  /** The URLs the saved per-side headers are bound to (src/secrets/header-set.ts); null without any. */
  sides: SideUrls | null;
  updatedAt: string;
}

export interface CreateComparisonInput {
  leftUrl: string;
  rightUrl: string;
  options?: CompareOptionsInput;
  /** The identity that asked for it (src/auth); null or absent when none is known. */
  createdBy?: string | null;
  /** The request header values, sealed by the API (src/secrets/request-headers.ts); never clear ones. */
  sealedHeaders?: string | null;
  /**
   * The id to give the comparison, chosen before it existed (a suite item names its comparison
   * when the run is recorded, before the start queue starts it); must be `${pairKey}:<uuid>` of
   * this pair. Absent: a new one.
   */
  comparisonId?: string;
}

/** What comparing again like a comparison did needs: its options as stored, its sealed header values and its URLs. */
export interface ComparisonSettings {
  options: CompareOptions;
  sealedHeaders: string | null;
  leftUrl: string;
  rightUrl: string;
}

/**
 * An idempotency key as the start service judged it (src/compare/idempotency.ts): the key, the
 * request's hash to store, every hash that counts as the same request, and when older keys expired.
 */
export interface IdempotencyInput {
  /** The key as stored: a client's under its identity and route, a system start's as it is. */
  key: string;
  /** The request's hash under the current key: what is stored with the key. */
  requestHash: string;
  /** Its hash under every configured key: a stored hash among them is the same request (rotation). */
  requestHashes: readonly string[];
  /** Keys stored before this (ms) have expired: their holder is released and the request is new. */
  since: number;
}

export interface StartComparisonInput extends CreateComparisonInput {
  idempotency?: IdempotencyInput;
}

/** What startComparison recorded: a typed outcome, not an exception, for the start service to act on. */
export type RecordOutcome =
  | { outcome: "created"; state: ComparisonState }
  | { outcome: "replayed"; state: ComparisonState }
  | { outcome: "conflict"; state: ComparisonState };

export class EnvPairDO extends DurableObject<Env> {
  readonly #database: DrizzleSqliteDODatabase<typeof schema>;
  readonly #queries: Queries;
  /**
   * False on an object that has never been written. Anyone can ask for any well-formed id or pair
   * key, and such a read must not create tables: reads of a fresh object answer "nothing here"
   * (see #isFresh) and the schema is created by the first use of #db or #q, i.e. the first write.
   */
  #migrated: boolean;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#database = drizzle(ctx.storage, { schema });
    this.#queries = prepareQueries(this.#database);
    this.#migrated = hasTables(ctx.storage.sql);
    // No call is served before the schema is current; on an up-to-date object this
    // reads one row of __drizzle_migrations and writes nothing.
    if (this.#migrated) void ctx.blockConcurrencyWhile(() => migrate(this.#database, migrations));
  }

  /** Every use of the database goes through these two, so no method can reach a table before it exists. */
  get #db(): DrizzleSqliteDODatabase<typeof schema> {
    this.#ensureSchema();
    return this.#database;
  }

  get #q(): Queries {
    this.#ensureSchema();
    return this.#queries;
  }

  /** True while the object holds nothing: a read can answer at once, creating no storage. */
  get #isFresh(): boolean {
    return !this.#migrated;
  }

  #ensureSchema(): void {
    if (this.#migrated) return;
    this.#migrated = true;
    // drizzle's durable-sqlite migrate() is async in name only: its one transaction runs
    // synchronously inside this call, so the tables exist when it returns.
    migrate(this.#database, migrations).catch((error: unknown) => {
      log("error", "do.migrate_failed", { message: messageOf(error) });
    });
  }

  /** Starts a comparison in `running` and trims the ring to RING_CAPACITY in the same write. */
  async createComparison(input: CreateComparisonInput): Promise<ComparisonState> {
    return this.#insert(input, null);
  }

  /**
   * createComparison with an optional idempotency key: while it has not expired, the same key with
   * the same request replays the original comparison, and with another request conflicts.
   * Lookup and insert happen in one call, so two racing requests cannot both create.
   */
  async startComparison(input: StartComparisonInput): Promise<RecordOutcome> {
    const { idempotency } = input;
    // A comparison named in advance is started once: its id is its idempotency key.
    const named = input.comparisonId === undefined ? undefined : this.#q.comparisonById.get({ id: input.comparisonId });
    if (named) return { outcome: "replayed", state: this.#stateWithProbes(named) };
    if (idempotency) {
      const earlier = this.#q.comparisonByIdempotencyKey.get({ key: idempotency.key });
      if (earlier && earlier.createdAt > idempotency.since) {
        const state = this.#stateWithProbes(earlier);
        const same = earlier.requestHash !== null && idempotency.requestHashes.includes(earlier.requestHash);
        return { outcome: same ? "replayed" : "conflict", state };
      }
      if (earlier) this.#q.releaseIdempotencyKey.run({ key: idempotency.key });
    }
    return { outcome: "created", state: await this.#insert(input, idempotency ?? null) };
  }

  /**
   * The id of the comparison started with this Idempotency-Key, if the ring still holds it. The watch
   * consumer asks when the pair is busy: is the running comparison the one this run already started?
   */
  async comparisonIdOfKey(key: string): Promise<string | null> {
    return this.#q.comparisonByIdempotencyKey.get({ key })?.id ?? null;
  }

  /** The newest comparisons of any status, without envelopes or differences: the pair's timeline. */
  async listComparisons(limit = DEFAULT_RING_CAPACITY): Promise<ComparisonSummary[]> {
    if (this.#isFresh) return [];
    const bounded = Math.max(0, Math.min(Math.trunc(limit) || 0, this.#capacity()));
    return bounded === 0 ? [] : this.#q.newestFirst.all({ limit: bounded }).map(toComparisonSummary);
  }

  /** The ring's size for this pair (RING_CAPACITY). */
  async capacity(): Promise<number> {
    return this.#capacity();
  }

  async #insert(input: CreateComparisonInput, idempotency: StartComparisonInput["idempotency"] | null) {
    const options = resolveAppliedOptions(input.options);
    const pairKey = await computePairKey(input.leftUrl, input.rightUrl, options);
    // Header values may carry credentials: the probes get them sealed, the row keeps names only.
    const stored = readerOptions(options);
    const capacity = this.#capacity();
    // Read before the insert: a storage call keeps the input gate closed, so the value is still
    // current below, and the alarm is then written with no await after the row — both commit together.
    const pendingAlarm = await this.ctx.storage.getAlarm();
    const row = this.#db.transaction(() => {
      const inserted = this.#q.insertComparison.get({
        id: chosenOrNewId(pairKey, input.comparisonId),
        leftUrl: input.leftUrl,
        rightUrl: input.rightUrl,
        optionsJson: JSON.stringify(stored),
        sealedHeaders: input.sealedHeaders ?? null,
        idempotencyKey: idempotency?.key ?? null,
        requestHash: idempotency?.requestHash ?? null,
        createdBy: input.createdBy ?? null,
        now: Date.now(),
      });
      if (!inserted) throw new Error("insert returned no row");
      this.#q.trimRing.run({ belowSeq: inserted.seq - capacity });
      return inserted;
    });
    await this.#watch(pendingAlarm, row.createdAt + comparisonDeadlineMs(this.env.RUN_DEADLINE_MS));
    return toComparisonState(pairKey, row, []);
  }

  /**
   * Keeps the watchdog's invariant: while a comparison runs, the object's one alarm is set
   * at or before its deadline. setAlarm is billed as a written row and getAlarm is not, so
   * it is set only when no alarm is pending or this deadline is earlier. Deadlines grow with
   * createdAt, so on a busy pair the pending alarm is almost always earlier and nothing is
   * written; an alarm left over from comparisons that have since ended just fires early,
   * finds nothing overdue and re-arms for whatever still runs.
   */
  #watch(pending: number | null, deadline: number): Promise<void> | undefined {
    if (pending === null || pending > deadline) return this.ctx.storage.setAlarm(deadline);
    return undefined;
  }

  /**
   * The deadline watchdog: fails every comparison still running past its deadline with
   * `deadline_exceeded`, then re-arms for the earliest deadline left (or leaves no alarm).
   *
   * Alarms are delivered at least once, and a run may be retried after a partial failure.
   * Running it again is harmless: the update only matches rows still `running`, so a
   * comparison already failed (or completed meanwhile by its workflow) keeps its state and
   * updated_at; and the next alarm is computed from the rows, so a repeat sets the same time.
   * A late workflow then meets `invalid_transition` on saveProbe/completeComparison and
   * stops without retrying (src/workflow/compare-workflow.ts).
   */
  override async alarm(): Promise<void> {
    const deadlineMs = comparisonDeadlineMs(this.env.RUN_DEADLINE_MS);
    const now = Date.now();
    const { overdue, nextAlarm } = planWatchdog(this.#q.runningComparisons.all(), now, deadlineMs);
    const errorJson = JSON.stringify(deadlineError(deadlineMs));
    // Synchronous writes in one event commit together (the output gate), so no transaction.
    for (const id of overdue) {
      const failed = this.#q.finishComparison.get({
        id,
        status: "failed",
        resultJson: null,
        errorJson,
        now,
        ...NO_COUNTS,
      });
      if (failed) log("warn", "comparison.deadline_exceeded", { comparisonId: id, pairKey: pairKeyOf(id), deadlineMs });
    }
    // Unconditional: while an alarm runs getAlarm() reads null, and the alarm is removed
    // once the handler returns unless it set a new one.
    if (nextAlarm !== null) await this.ctx.storage.setAlarm(nextAlarm);
  }

  /** Stores one side's envelope; a retried step replaces it rather than adding a second. */
  async saveProbe(comparisonId: string, side: Side, envelope: SignalEnvelope): Promise<void> {
    const row = this.#requireRow(comparisonId);
    if (row.status !== "running") {
      throw new DomainError("invalid_transition", `comparison ${comparisonId} is ${row.status}; probes are final`);
    }
    this.#q.upsertProbe.run({
      id: `${comparisonId}:${side}`,
      comparisonId,
      side,
      envelopeJson: JSON.stringify(envelope),
    });
  }

  /** running → completed. Repeating it on a completed comparison returns it unchanged. */
  async completeComparison(comparisonId: string, result: ComparisonResult): Promise<ComparisonState> {
    return this.#finish(comparisonId, "completed", JSON.stringify(result), null, countsOf(result));
  }

  /** running → failed. Repeating it on a failed comparison returns it unchanged. */
  async failComparison(comparisonId: string, error: ComparisonError): Promise<ComparisonState> {
    const { code, message } = error;
    return this.#finish(comparisonId, "failed", null, JSON.stringify({ code, message }));
  }

  /** The whole state, probes included; null for an id this pair does not hold. */
  async getComparison(comparisonId: string): Promise<ComparisonState | null> {
    if (this.#isFresh) return null;
    const row = this.#q.comparisonById.get({ id: comparisonId });
    return row ? this.#stateWithProbes(row) : null;
  }

  /**
   * The state without its envelopes (`probes` both null): status, options, result and error,
   * for callers that do not need up to two megabytes of probe data shipped over RPC.
   */
  async getComparisonOutcome(comparisonId: string): Promise<ComparisonState | null> {
    if (this.#isFresh) return null;
    const row = this.#q.comparisonById.get({ id: comparisonId });
    return row ? toComparisonState(pairKeyOf(row.id), row, []) : null;
  }

  /** The options and sealed headers a comparison ran with, for a watch to run it again; null when unknown. */
  async getComparisonSettings(comparisonId: string): Promise<ComparisonSettings | null> {
    const row = this.#q.comparisonById.get({ id: comparisonId });
    if (!row) return null;
    return {
      options: JSON.parse(row.optionsJson) as CompareOptions,
      sealedHeaders: row.sealedHeaders,
      leftUrl: row.leftUrl,
      rightUrl: row.rightUrl,
    };
  }

  /**
   * Completed comparisons, newest first. Envelopes are left out (`probes` is
   * `{ left: null, right: null }`): history needs results, and ten envelopes of up
   * to a megabyte each would be read and shipped for nothing.
   */
  async getComparisonsForHistory(limit = 10): Promise<ComparisonState[]> {
    if (this.#isFresh) return [];
    const bounded = Math.max(0, Math.min(Math.trunc(limit) || 0, this.#capacity()));
    if (bounded === 0) return [];
    return this.#q.completedNewestFirst
      .all({ limit: bounded })
      .map((row) => toComparisonState(pairKeyOf(row.id), row, []));
  }

  #finish(
    comparisonId: string,
    to: "completed" | "failed",
    resultJson: string | null,
    errorJson: string | null,
    counts: StoredCounts = NO_COUNTS,
  ): ComparisonState {
    const row = this.#requireRow(comparisonId);
    if (row.status === to) return this.#stateWithProbes(row); // a retried step: already done
    if (row.status !== "running") {
      throw new DomainError("invalid_transition", `comparison ${comparisonId} is ${row.status}, cannot become ${to}`);
    }
    const updated = this.#q.finishComparison.get({
      id: comparisonId,
      status: to,
      resultJson,
      errorJson,
      now: Date.now(),
      ...counts,
    });
    if (!updated) throw new DomainError("invalid_transition", `comparison ${comparisonId} changed concurrently`);
    return this.#stateWithProbes(updated);
  }

  /** The pair's saved default options (src/shapes/settings.ts), or null when none were saved. */
  async getSettings(): Promise<SavedSettings | null> {
    // A pair nobody compared or configured has no tables yet: reading its settings must not create them.
    if (this.#isFresh) return null;
    const row = this.#db.select().from(pairSettings).where(eq(pairSettings.id, 1)).get();
    if (!row) return null;
    return {
      settings: JSON.parse(row.settingsJson) as PairSettings,
      sealedHeaders: row.sealedHeaders,
      sides: row.sidesJson === null ? null : (JSON.parse(row.sidesJson) as SideUrls),
      updatedAt: new Date(row.updatedAt).toISOString(),
    };
  }

  /** Replaces the pair's saved default options; validated by the API before it gets here. */
  async putSettings(
    settings: PairSettings,
    sealedHeaders: string | null = null,
    sides: SideUrls | null = null,
  ): Promise<SavedSettings> {
    const now = Date.now();
    const settingsJson = JSON.stringify(settings);
    const sidesJson = sides === null ? null : JSON.stringify(sides);
    const values = { settingsJson, sealedHeaders, sidesJson, updatedAt: now };
    this.#db
      .insert(pairSettings)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: pairSettings.id, set: values })
      .run();
    return { settings, sealedHeaders, sides, updatedAt: new Date(now).toISOString() };
  }

  /**
   * Reseals every sealed value the object holds under the current key, bound to `pairKey`, and
   * reduces every stored options view to header names (src/do/reseal.ts). The cron tick calls it
   * for the pairs src/compare/sealed-pairs.ts lists; `urls` are the directory's URLs of the pair.
   */
  async resealSecrets(pairKey: string, urls: SideUrls | null): Promise<ResealReport> {
    if (this.#isFresh) return { resealed: 0, failed: 0, holdsSealed: false };
    return resealObject(this.#db, await loadKeyring(this.env), pairKey, urls);
  }

  #stateWithProbes(row: ComparisonRow): ComparisonState {
    return toComparisonState(pairKeyOf(row.id), row, this.#q.probesOf.all({ comparisonId: row.id }));
  }

  #requireRow(comparisonId: string): ComparisonRow {
    const row = this.#q.comparisonById.get({ id: comparisonId });
    if (!row) throw new DomainError("not_found", `comparison ${comparisonId} does not exist (or left the ring)`);
    return row;
  }

  #capacity(): number {
    const parsed = Number.parseInt(this.env.RING_CAPACITY ?? "", 10);
    return Number.isFinite(parsed) && parsed >= 1 ? parsed : DEFAULT_RING_CAPACITY;
  }
}

/** The pair key is the comparison id up to its first `:` (contract § Identifiers). */
function pairKeyOf(comparisonId: string): string {
  return comparisonId.slice(0, comparisonId.indexOf(":"));
}

/** Whether this object's SQLite database has any table yet; reading sqlite_master writes nothing. */
function hasTables(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").toArray().length > 0;
}

/** The comparison's id: the one chosen in advance when it belongs to this pair, else a new one. */
function chosenOrNewId(pairKey: string, chosen: string | undefined): string {
  if (chosen === undefined) return newComparisonId(pairKey);
  if (parseComparisonId(chosen)?.pairKey !== pairKey) throw new Error("the chosen comparisonId is not of this pair");
  return chosen;
}
