/**
 * EnvPairDO: one SQLite Durable Object per environment pair. It owns the pair's
 * ring of the newest RING_CAPACITY comparisons and their probes, and is the only
 * writer of them. Every method is synchronous SQL inside the object's input gate,
 * so concurrent calls never interleave. Table layout: docs/storage.md.
 */
import { DurableObject } from "cloudflare:workers";
import { and, desc, eq, lte } from "drizzle-orm";
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import migrations from "../../drizzle/migrations";
import * as schema from "../db/schema";
import { comparisons, probes } from "../db/schema";
import { EnvPairError } from "../errors";
import { computePairKey, newComparisonId, parseComparisonId } from "../pair-key";
import type { ComparisonError, ComparisonState } from "../shapes/comparison";
import type { Side, SignalEnvelope } from "../shapes/envelope";
import { type CompareOptionsInput, resolveOptions } from "../shapes/options";
import type { ComparisonResult } from "../shapes/result";
import { toComparisonState } from "./rows";

export const DEFAULT_RING_CAPACITY = 50;

export interface CreateComparisonInput {
  leftUrl: string;
  rightUrl: string;
  options?: CompareOptionsInput;
}

export class EnvPairDO extends DurableObject<Env> {
  readonly #db: DrizzleSqliteDODatabase<typeof schema>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#db = drizzle(ctx.storage, { schema });
    // No call is served before the schema is current; on an up-to-date object this
    // reads one row of __drizzle_migrations and writes nothing.
    void ctx.blockConcurrencyWhile(() => migrate(this.#db, migrations));
  }

  /** Starts a comparison in `running` and trims the ring to RING_CAPACITY in the same write. */
  async createComparison(input: CreateComparisonInput): Promise<ComparisonState> {
    const pairKey = await computePairKey(input.leftUrl, input.rightUrl);
    const options = resolveOptions(input.options);
    const now = Date.now();
    const capacity = this.#capacity();
    const row = this.#db.transaction((tx) => {
      const inserted = tx
        .insert(comparisons)
        .values({
          id: newComparisonId(pairKey),
          status: "running",
          leftUrl: input.leftUrl,
          rightUrl: input.rightUrl,
          optionsJson: JSON.stringify(options),
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      // seq is the rowid and only ever grows (the newest row is never deleted), so
      // the rows to evict are exactly those at or below seq - capacity: a rowid
      // range that touches nothing but the rows it deletes, whatever the capacity.
      // Probes go with them through ON DELETE CASCADE.
      tx.delete(comparisons)
        .where(lte(comparisons.seq, inserted.seq - capacity))
        .run();
      return inserted;
    });
    return toComparisonState(pairKey, row, []);
  }

  /** Stores one side's envelope; a retried step replaces it rather than adding a second. */
  async saveProbe(comparisonId: string, side: Side, envelope: SignalEnvelope): Promise<void> {
    const row = this.#requireRow(comparisonId);
    if (row.status !== "running") {
      throw new EnvPairError("invalid_transition", `comparison ${comparisonId} is ${row.status}; probes are final`);
    }
    const envelopeJson = JSON.stringify(envelope);
    this.#db
      .insert(probes)
      .values({ id: `${comparisonId}:${side}`, comparisonId, side, envelopeJson })
      .onConflictDoUpdate({ target: [probes.comparisonId, probes.side], set: { envelopeJson } })
      .run();
  }

  /** running → completed. Repeating it on a completed comparison returns it unchanged. */
  async completeComparison(comparisonId: string, result: ComparisonResult): Promise<ComparisonState> {
    return this.#finish(comparisonId, "completed", { resultJson: JSON.stringify(result) });
  }

  /** running → failed. Repeating it on a failed comparison returns it unchanged. */
  async failComparison(comparisonId: string, error: ComparisonError): Promise<ComparisonState> {
    const { code, message } = error;
    return this.#finish(comparisonId, "failed", { errorJson: JSON.stringify({ code, message }) });
  }

  /** The whole state, probes included; null for an id this pair does not hold. */
  async getComparison(comparisonId: string): Promise<ComparisonState | null> {
    const row = this.#findRow(comparisonId);
    return row ? this.#stateWithProbes(row) : null;
  }

  /**
   * Completed comparisons, newest first. Envelopes are left out (`probes` is
   * `{ left: null, right: null }`): history needs results, and ten envelopes of up
   * to a megabyte each would be read and shipped for nothing.
   */
  async getComparisonsForHistory(limit = 10): Promise<ComparisonState[]> {
    const bounded = Math.max(0, Math.min(Math.trunc(limit) || 0, this.#capacity()));
    if (bounded === 0) return [];
    return this.#db
      .select()
      .from(comparisons)
      .where(eq(comparisons.status, "completed"))
      .orderBy(desc(comparisons.seq))
      .limit(bounded)
      .all()
      .map((row) => toComparisonState(this.#pairKeyOf(row.id), row, []));
  }

  #finish(
    comparisonId: string,
    to: "completed" | "failed",
    set: { resultJson: string } | { errorJson: string },
  ): ComparisonState {
    const row = this.#requireRow(comparisonId);
    if (row.status === to) return this.#stateWithProbes(row); // a retried step: already done
    if (row.status !== "running") {
      throw new EnvPairError("invalid_transition", `comparison ${comparisonId} is ${row.status}, cannot become ${to}`);
    }
    const updated = this.#db
      .update(comparisons)
      .set({ ...set, status: to, updatedAt: Date.now() })
      .where(and(eq(comparisons.id, comparisonId), eq(comparisons.status, "running")))
      .returning()
      .get();
    if (!updated) throw new EnvPairError("invalid_transition", `comparison ${comparisonId} changed concurrently`);
    return this.#stateWithProbes(updated);
  }

  #stateWithProbes(row: schema.ComparisonRow): ComparisonState {
    const probeRows = this.#db
      .select({ side: probes.side, envelopeJson: probes.envelopeJson })
      .from(probes)
      .where(eq(probes.comparisonId, row.id))
      .all();
    return toComparisonState(this.#pairKeyOf(row.id), row, probeRows);
  }

  #findRow(comparisonId: string): schema.ComparisonRow | undefined {
    return this.#db.select().from(comparisons).where(eq(comparisons.id, comparisonId)).get();
  }

  #requireRow(comparisonId: string): schema.ComparisonRow {
    const row = this.#findRow(comparisonId);
    if (!row) throw new EnvPairError("not_found", `comparison ${comparisonId} does not exist (or left the ring)`);
    return row;
  }

  #pairKeyOf(comparisonId: string): string {
    return parseComparisonId(comparisonId)?.pairKey ?? comparisonId.slice(0, comparisonId.indexOf(":"));
  }

  #capacity(): number {
    const parsed = Number.parseInt(this.env.RING_CAPACITY ?? "", 10);
    return Number.isFinite(parsed) && parsed >= 1 ? parsed : DEFAULT_RING_CAPACITY;
  }
}
