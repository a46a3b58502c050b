/**
 * D1's tables (binding `DB`), the one database that spans pairs: the pair directory (pairs,
 * events), API tokens, and suites with their runs and items.
 * `npm run db:generate:d1` turns this file into the SQL migrations in `migrations/`,
 * which `wrangler d1 migrations apply` (npm run dev) and the tests' setup apply.
 *
 * The pair directory is a derived index: each pair's EnvPairDO stays the authority for its
 * comparisons, and every row of it can be rebuilt from the objects (docs/storage.md).
 * Times are integers in milliseconds since the epoch, like the object's tables.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

import { EVENT_KINDS, type EventKind, PAIR_STATUSES, WEBHOOK_FORMATS } from "../shapes/pair";
import { SUITE_ITEM_STATUSES, SUITE_RUN_TRIGGERS } from "../shapes/suite";

export type { EventKind };

export const pairs = sqliteTable(
  "pairs",
  {
    pairKey: text("pair_key").primaryKey(),
    leftUrl: text("left_url").notNull(),
    rightUrl: text("right_url").notNull(),
    firstComparedAt: integer("first_compared_at").notNull(),
    // The createdAt of the comparison that last_* describe: the upsert only moves forward on it.
    lastComparedAt: integer("last_compared_at").notNull(),
    lastComparisonId: text("last_comparison_id").notNull(),
    lastStatus: text("last_status", { enum: PAIR_STATUSES }).notNull(),
    lastHigh: integer("last_high").notNull().default(0),
    lastMedium: integer("last_medium").notNull().default(0),
    lastLow: integer("last_low").notNull().default(0),
    lastInfo: integer("last_info").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    // GET /api/pairs walks this index backwards: most recently compared first, pair_key breaking ties.
    index("pairs_recent").on(t.lastComparedAt, t.pairKey),
    check("pairs_last_status", sql`${t.lastStatus} IN ('completed', 'failed')`),
  ],
);

export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey(),
    // No ON DELETE CASCADE: rebuilding `pairs` must never silently take the events with it.
    pairKey: text("pair_key")
      .notNull()
      .references(() => pairs.pairKey),
    createdAt: integer("created_at").notNull(),
    kind: text("kind", { enum: EVENT_KINDS }).notNull(),
    comparisonId: text("comparison_id").notNull(),
    detailJson: text("detail_json").notNull(),
  },
  (t) => [
    // A retried workflow step inserts the same event again: the unique key turns that into a no-op.
    uniqueIndex("events_comparison_kind").on(t.comparisonId, t.kind),
    index("events_pair_recent").on(t.pairKey, t.id),
    check("events_kind", sql`${t.kind} IN ('new_high', 'resolved')`),
  ],
);

// ---- Watches (docs/directory.md § Watches): a pair or a suite run on the cron tick ----

/** What a watch runs: a pair's comparison, or a suite's run. */
export const WATCH_TARGETS = ["pair", "suite"] as const;
export type WatchTargetKind = (typeof WATCH_TARGETS)[number];

/**
 * One row per watch, of either kind of target; no row, no watch. Not a foreign key: the target is
 * a pair's row or a suite's by its kind, and neither is ever deleted.
 */
export const watches = sqliteTable(
  "watches",
  {
    // The rowid: with next_due_at, the keyset the tick pages by (src/watches/store.ts).
    id: integer("id").primaryKey(),
    targetKind: text("target_kind", { enum: WATCH_TARGETS }).notNull(),
    // pairs.pair_key or suites.id.
    targetId: text("target_id").notNull(),
    intervalMinutes: integer("interval_minutes").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(false),
    // standard: the URL as given. slack and teams: the URL is the credential, so this holds only its
    // scheme and host (what anyone sees) and the URL itself is sealed in webhook_secret.
    webhookUrl: text("webhook_url"),
    // The webhook's secret, sealed (src/secrets/crypto.ts): for standard its signing secret (whsec_…,
    // shown to the client once), for slack and teams its URL. Rows written before sealing hold a
    // signing secret in clear: src/watches/secret-upkeep.ts seals them.
    webhookSecret: text("webhook_secret"),
    // No CHECK: adding one makes drizzle-kit rebuild the table; the API only ever writes WEBHOOK_FORMATS.
    webhookFormat: text("webhook_format", { enum: WEBHOOK_FORMATS }).notNull().default("standard"),
    // The page's origin as the PUT that set the webhook reached envdiff: chat messages link to it.
    pageOrigin: text("page_origin"),
    // Null while paused.
    nextDueAt: integer("next_due_at"),
    lastStartedAt: integer("last_started_at"),
    // The due time the last started run was for: started minus due is how late it was (docs/scale.md).
    lastDueAt: integer("last_due_at"),
    // Who last set the watch (an identity's createdBy); null when set without one (AUTH_MODE=none).
    updatedBy: text("updated_by"),
    // A pair's watch only: the options it runs with, as readers see them (credentials redacted;
    // null runs the defaults), and their request header values, sealed (src/secrets/request-headers.ts).
    // A suite's watch runs the suite as stored.
    optionsJson: text("options_json"),
    sealedHeaders: text("sealed_headers"),
  },
  (t) => [
    uniqueIndex("watches_target").on(t.targetKind, t.targetId),
    // The cron tick reads only enabled watches, soonest due first.
    index("watches_due").on(t.nextDueAt).where(sql`${t.enabled} = 1`),
    check("watches_target_kind", sql`${t.targetKind} IN ('pair', 'suite')`),
  ],
);

export type WatchRow = typeof watches.$inferSelect;
export type PairRow = typeof pairs.$inferSelect;
export type EventRow = typeof events.$inferSelect;

/**
 * envdiff API tokens (src/auth/tokens.ts). Only the SHA-256 of a token is kept; the token itself
 * is shown once, by POST /api/tokens or `npm run token:create`.
 */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    // Comma-separated, from SCOPES (src/shapes/token-routes.ts): read, compare, admin.
    scopes: text("scopes").notNull(),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at"),
    // Written at most once a minute per token (src/auth/tokens.ts), not on every request.
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [
    // Every authenticated request looks its token up by hash.
    uniqueIndex("api_tokens_hash").on(t.tokenHash),
    index("api_tokens_created").on(t.createdAt),
  ],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;

/**
 * The pairs whose object holds a sealed value (a comparison's headers in its ring, its saved
 * headers): how a key rotation reaches every such object without visiting every pair
 * (src/compare/sealed-pairs.ts). Written when a sealed value is stored in an object; the cron tick
 * reseals the objects of rows not marked current and marks them.
 */
export const sealedPairs = sqliteTable("sealed_pairs", {
  pairKey: text("pair_key").primaryKey(),
  // The id of the key every sealed value of the object is under, in the current format; '' when some
  // value may be under another key or format, which the tick then reseals.
  keyId: text("key_id").notNull(),
  // Bumped by every write that marks the row stale: the tick marks it current only if nothing did since it read it.
  version: integer("version").notNull().default(0),
  updatedAt: integer("updated_at").notNull(),
});

export type SealedPairRow = typeof sealedPairs.$inferSelect;
// ---- Suites (docs/suites.md): many paths of two base URLs, run together ----

/** Items per run are addressed as run id × this + position: room for the 500-path limit. */
export const SUITE_ITEM_STRIDE = 1000;

export const suites = sqliteTable(
  "suites",
  {
    id: text("id").primaryKey(),
    name: text("name"),
    leftBase: text("left_base").notNull(),
    rightBase: text("right_base").notNull(),
    /**
     * The definition the next run uses (suite_definitions.id): PATCH /api/suites/:suiteId points it
     * at a new one. Set on every suite; null only in a row no migration or insert wrote.
     */
    definitionId: text("definition_id"),
    createdAt: integer("created_at").notNull(),
    createdBy: text("created_by"),
    lastRunId: integer("last_run_id"),
    lastRunAt: integer("last_run_at"),
  },
  (t) => [index("suites_recent").on(t.lastRunAt, t.id)],
);

/**
 * What a suite compares, as of one creation or edit: never changed once written. Each run names the
 * definition it started with, so an edit (PATCH) never changes a run in flight, and the next run
 * uses the new one. A definition no run names and the suite no longer uses is deleted.
 */
export const suiteDefinitions = sqliteTable(
  "suite_definitions",
  {
    /** A UUID; a suite's first definition, when migrated, has the suite's own id. */
    id: text("id").primaryKey(),
    suiteId: text("suite_id")
      .notNull()
      .references(() => suites.id),
    /** The resolved paths (listed, or discovered when the definition was written): its runs compare these. */
    pathsJson: text("paths_json").notNull(),
    /** How the paths were found: null for a list, else the `discover` request. */
    discoverJson: text("discover_json"),
    /** Options as stored: header values (and a secret body) redacted, like the object's rows. */
    optionsJson: text("options_json").notNull(),
    /** Every request header value and a secret body, sealed for the suite (src/secrets/request-headers.ts). */
    sealedHeaders: text("sealed_headers"),
    createdAt: integer("created_at").notNull(),
    createdBy: text("created_by"),
  },
  (t) => [index("suite_definitions_suite").on(t.suiteId)],
);

export const suiteRuns = sqliteTable(
  "suite_runs",
  {
    // An integer key: items are numbered from it (SUITE_ITEM_STRIDE), so they need no index of their own.
    id: integer("id").primaryKey(),
    suiteId: text("suite_id")
      .notNull()
      .references(() => suites.id),
    /** The run's number within its suite, from 1 (`run.number`); runs recorded before it were numbered in order. */
    number: integer("number").notNull().default(0),
    /** The definition the run compares (its paths, options and sealed headers); set on every run. */
    definitionId: text("definition_id").references(() => suiteDefinitions.id),
    createdAt: integer("created_at").notNull(),
    trigger: text("trigger", { enum: SUITE_RUN_TRIGGERS }).notNull(),
    itemCount: integer("item_count").notNull(),
    /** `<route scope>\n<Idempotency-Key>`; released (set null) once older than 24 hours. */
    idempotencyKey: text("idempotency_key"),
    requestHash: text("request_hash"),
    finishedAt: integer("finished_at"),
    /** The comparison whose end finished the run: it alone records drift and notifies. */
    finishedBy: text("finished_by"),
    /** `{ newHigh: [...paths], resolvedHigh: [...paths] }` when the run had drift, else null. */
    driftJson: text("drift_json"),
    /**
     * True from the run's insert until every item's start message was sent to the start queue.
     * A run left pending (its sender died in between) is sent again by the cron tick. Existing
     * rows default to false: they were started before the queue.
     */
    dispatchPending: integer("dispatch_pending", { mode: "boolean" }).notNull().default(false),
    /** When the tick last sent the unfinished paths of this run again (its safety net for lost starts). */
    sweptAt: integer("swept_at"),
  },
  (t) => [
    index("suite_runs_suite").on(t.suiteId, t.id),
    uniqueIndex("suite_runs_number").on(t.suiteId, t.number),
    index("suite_runs_dispatch_pending").on(t.createdAt).where(sql`${t.dispatchPending} = 1`),
    // Runs not finished yet: few at any time, since a run finishes when its last path ends.
    index("suite_runs_unfinished").on(t.createdAt).where(sql`${t.finishedAt} IS NULL`),
    uniqueIndex("suite_runs_idempotency").on(t.idempotencyKey).where(sql`${t.idempotencyKey} IS NOT NULL`),
    check("suite_runs_trigger", sql`${t.trigger} IN ('api', 'watch')`),
  ],
);

export const suiteItems = sqliteTable(
  "suite_items",
  {
    /** run id × SUITE_ITEM_STRIDE + position: a run's items are one range of the primary key. */
    id: integer("id").primaryKey(),
    runId: integer("run_id").notNull(),
    path: text("path").notNull(),
    pairKey: text("pair_key").notNull(),
    comparisonId: text("comparison_id").notNull(),
    status: text("status", { enum: SUITE_ITEM_STATUSES }).notNull(),
    high: integer("high").notNull().default(0),
    medium: integer("medium").notNull().default(0),
    low: integer("low").notNull().default(0),
    info: integer("info").notNull().default(0),
    newCount: integer("new_count").notNull().default(0),
    recurringCount: integer("recurring_count").notNull().default(0),
    resolvedCount: integer("resolved_count").notNull().default(0),
    newHigh: integer("new_high").notNull().default(0),
    resolvedHigh: integer("resolved_high").notNull().default(0),
    // The comparison's verdict was `inconclusive` (issue 23): counted apart in the run's totals.
    inconclusive: integer("inconclusive", { mode: "boolean" }).notNull().default(false),
    finishedAt: integer("finished_at"),
  },
  (t) => [check("suite_items_status", sql`${t.status} IN ('running', 'completed', 'failed')`)],
);

export type SuiteTableRow = typeof suites.$inferSelect;
export type SuiteDefinitionRow = typeof suiteDefinitions.$inferSelect;
/** A suite with the definition its next run uses: what every reader of a suite gets (src/suites/store.ts). */
export type SuiteRow = SuiteTableRow &
  Pick<SuiteDefinitionRow, "pathsJson" | "discoverJson" | "optionsJson" | "sealedHeaders"> & {
    definitionId: string;
    /** The number of its newest run (last_run_id's), read with it. */
    lastRunNumber: number | null;
  };
export type SuiteRunRow = typeof suiteRuns.$inferSelect;
export type SuiteItemRow = typeof suiteItems.$inferSelect;
