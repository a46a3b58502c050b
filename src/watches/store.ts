/**
 * Watches in D1 (the `watches` table): one row per watch, of a pair or of a suite, read and written
 * the same way for both. Every writer is safe to repeat: the tick, the consumer and a PUT may run
 * twice or race, and a claim only moves a watch on from the due time it was read at.
 */
import { and, asc, type Column, eq, lte, sql } from "drizzle-orm";
import type { D1Db } from "../db/d1";
import { type WatchRow, type WatchTargetKind, watches } from "../db/d1-schema";
import type { WebhookFormat } from "../shapes/pair";

/** What a watch runs: a pair (by its key) or a suite (by its id). */
export interface WatchTarget {
  kind: WatchTargetKind;
  id: string;
}

/** A watch as a PUT leaves it (src/watches/settings.ts): schedule, webhook and, for a pair, options. */
export interface WatchSettings {
  intervalMinutes: number;
  enabled: boolean;
  /** `standard`: the URL. `slack`/`teams`: only its scheme and host (the URL is in webhookSecret). */
  webhookUrl: string | null;
  /** Sealed, never in clear: a `standard` webhook's signing secret, or a chat's URL. */
  webhookSecret: string | null;
  webhookFormat: WebhookFormat;
  /** The page's origin, as the PUT reached envdiff: chat messages link to the page there. */
  pageOrigin: string | null;
  /** Options as readers see them (null: defaults), and their header values sealed; null for a suite. */
  optionsJson: string | null;
  sealedHeaders: string | null;
  /** First due time: enabling a watch makes it due at once, so the next tick runs it. */
  nextDueAt: number | null;
  /** The identity setting it (createdBy); null without one. */
  updatedBy?: string | null;
}

/** The join of a target's table to its watch: `.leftJoin(watches, watchOf("pair", pairs.pairKey))`. */
export const watchOf = (kind: WatchTargetKind, id: Column | string) =>
  and(eq(watches.targetKind, kind), eq(watches.targetId, id));

const ofTarget = (target: WatchTarget) => watchOf(target.kind, target.id);

export async function getWatch(db: D1Db, target: WatchTarget): Promise<WatchRow | null> {
  return (await db.select().from(watches).where(ofTarget(target)).get()) ?? null;
}

/** Sets the target's watch, creating it when it has none. The caller checked that the target exists. */
export async function putWatch(db: D1Db, target: WatchTarget, settings: WatchSettings): Promise<WatchRow> {
  const values = {
    intervalMinutes: settings.intervalMinutes,
    enabled: settings.enabled,
    webhookUrl: settings.webhookUrl,
    webhookSecret: settings.webhookSecret,
    webhookFormat: settings.webhookFormat,
    pageOrigin: settings.pageOrigin,
    optionsJson: settings.optionsJson,
    sealedHeaders: settings.sealedHeaders,
    nextDueAt: settings.nextDueAt,
    updatedBy: settings.updatedBy ?? null,
  };
  const [row] = await db
    .insert(watches)
    .values({ targetKind: target.kind, targetId: target.id, ...values })
    .onConflictDoUpdate({ target: [watches.targetKind, watches.targetId], set: values })
    .returning();
  if (!row) throw new Error("the watch upsert returned no row");
  return row;
}

/** Removes the target's watch (its webhook secret and sealed headers with it); false when it had none. */
export async function deleteWatch(db: D1Db, target: WatchTarget): Promise<boolean> {
  const result = await db.delete(watches).where(ofTarget(target)).run();
  return result.meta.changes > 0;
}

/**
 * Moves a due watch to its next due time if nobody else did since `watch.nextDueAt` was read: two
 * overlapping ticks, or two deliveries of one message, cannot both claim one run. `started` records
 * that a run started (and the due time it was for, so the API can say how late it started).
 */
export async function claimWatch(
  db: D1Db,
  watch: Pick<WatchRow, "id" | "nextDueAt">,
  nextDueAt: number,
  started: { at: number; dueAt: number } | null,
): Promise<boolean> {
  const seen = watch.nextDueAt;
  if (seen === null) return false;
  const run = started === null ? {} : { lastStartedAt: started.at, lastDueAt: started.dueAt };
  const result = await db
    .update(watches)
    .set({ nextDueAt, ...run })
    .where(and(eq(watches.id, watch.id), eq(watches.nextDueAt, seen), eq(watches.enabled, true)))
    .run();
  return result.meta.changes > 0;
}

/** Where a page of due watches ended: the keyset of the watches_due index (due time, then id). */
export interface DueCursor {
  dueAt: number;
  id: number;
}

/** A due watch as a page lists it. */
export interface DueWatch extends DueCursor {
  target: WatchTarget;
}

/**
 * One keyset page of the enabled watches due at `now`, of both kinds, strictly after `after`, in the
 * order of the watches_due index: its entries are (next_due_at, id), so the page is a range scan
 * that reads only the rows it returns, however many watches there are.
 */
export async function dueWatchPage(db: D1Db, now: number, after: DueCursor | null, limit: number): Promise<DueWatch[]> {
  const rows = await db
    .select({ id: watches.id, kind: watches.targetKind, targetId: watches.targetId, dueAt: watches.nextDueAt })
    .from(watches)
    .where(
      and(
        eq(watches.enabled, true),
        lte(watches.nextDueAt, now),
        after ? sql`(${watches.nextDueAt}, ${watches.id}) > (${after.dueAt}, ${after.id})` : undefined,
      ),
    )
    .orderBy(asc(watches.nextDueAt), asc(watches.id))
    .limit(limit);
  return rows.flatMap((row) =>
    row.dueAt === null ? [] : [{ id: row.id, dueAt: row.dueAt, target: { kind: row.kind, id: row.targetId } }],
  );
}

/** Where and how a watch delivers, as its row holds it: nothing in clear. */
export interface WatchWebhook {
  format: WebhookFormat;
  /** `standard`: where to POST. `slack`/`teams`: only its scheme and host; `secret` opens to the URL. */
  url: string;
  /** Sealed: a signing secret (`standard`) or the chat's URL. */
  secret: string;
  pageOrigin: string | null;
}

/**
 * Where the target's watch delivers now; null when the watch is paused, deleted or has no webhook.
 * Read at delivery time: a watch changed since the run ended wins.
 */
export async function webhookOf(db: D1Db, target: WatchTarget): Promise<WatchWebhook | null> {
  const watch = await getWatch(db, target);
  if (!watch?.enabled || !watch.webhookUrl || !watch.webhookSecret) return null;
  const { webhookFormat: format, webhookUrl: url, webhookSecret: secret, pageOrigin } = watch;
  return { format, url, secret, pageOrigin };
}
