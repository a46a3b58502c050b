/**
 * The EnvPairDO's tables: the single source of truth for its rows.
 * `npm run db:generate` turns this file into the SQL migrations in `drizzle/`;
 * docs/storage.md lists every table and index with an example row.
 */
import { sql } from "drizzle-orm";
import { check, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const COMPARISON_STATUSES = ["running", "completed", "failed"] as const;
export type ComparisonStatus = (typeof COMPARISON_STATUSES)[number];

export const SIDES = ["left", "right"] as const;
export type Side = (typeof SIDES)[number];

export const comparisons = sqliteTable(
  "comparisons",
  {
    // INTEGER PRIMARY KEY aliases the rowid: insertion order, free of clock ties,
    // and the ring trims by a rowid range without a separate index.
    seq: integer("seq").primaryKey(),
    id: text("id").notNull().unique(),
    status: text("status", { enum: COMPARISON_STATUSES }).notNull(),
    leftUrl: text("left_url").notNull(),
    rightUrl: text("right_url").notNull(),
    optionsJson: text("options_json").notNull(),
    // The request header values, sealed (src/secrets/request-headers.ts); options_json shows them redacted.
    sealedHeaders: text("sealed_headers"),
    resultJson: text("result_json"),
    errorJson: text("error_json"),
    // The diff's severity counts, set with result_json on completion, so the timeline lists a
    // pair's comparisons without parsing results of up to 512 KiB each. Null until completed.
    highCount: integer("high_count"),
    mediumCount: integer("medium_count"),
    lowCount: integer("low_count"),
    infoCount: integer("info_count"),
    identical: integer("identical", { mode: "boolean" }),
    idempotencyKey: text("idempotency_key"),
    requestHash: text("request_hash"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    // The identity that asked for it (src/auth); null for a watch's cron run or AUTH_MODE=none.
    createdBy: text("created_by"),
  },
  (t) => [
    // Partial: only comparisons created with an Idempotency-Key pay for an index entry.
    uniqueIndex("comparisons_idempotency_key").on(t.idempotencyKey).where(sql`${t.idempotencyKey} IS NOT NULL`),
    check("comparisons_status", sql`${t.status} IN ('running', 'completed', 'failed')`),
  ],
);

export const probes = sqliteTable(
  "probes",
  {
    id: text("id").primaryKey(),
    comparisonId: text("comparison_id")
      .notNull()
      .references(() => comparisons.id, { onDelete: "cascade" }),
    side: text("side", { enum: SIDES }).notNull(),
    envelopeJson: text("envelope_json").notNull(),
  },
  (t) => [
    uniqueIndex("probes_comparison_side").on(t.comparisonId, t.side),
    check("probes_side", sql`${t.side} IN ('left', 'right')`),
  ],
);

export type ComparisonRow = typeof comparisons.$inferSelect;
export type NewComparisonRow = typeof comparisons.$inferInsert;
export type ProbeRow = typeof probes.$inferSelect;

/**
 * The pair's saved default options (PUT /api/pairs/:pairKey/settings): one row, id 1. Never holds
 * request headers: those carry credentials and are stored encrypted elsewhere (issue 12).
 */
export const pairSettings = sqliteTable(
  "pair_settings",
  {
    id: integer("id").primaryKey(),
    settingsJson: text("settings_json").notNull(),
    // The saved request headers' values, sealed (src/secrets/request-headers.ts); settings_json holds
    // only their names. Opened by the probe step alone.
    sealedHeaders: text("sealed_headers"),
    // `{"left":url,"right":url}`: the URLs the saved `left` and `right` headers were given for, which
    // they stay bound to whatever order later requests name the URLs in; null without per-side headers.
    sidesJson: text("sides_json"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [check("pair_settings_single_row", sql`${t.id} = 1`)],
);
