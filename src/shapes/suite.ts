/**
 * Suites as the API shows them and accepts them (docs/suites.md): one zod definition each; the
 * routes validate with them and the OpenAPI document is generated from them.
 */
import { z } from "zod";
import { compareOptionsSchema } from "./options";
import { watchScheduleSchema } from "./pair";
import { severityCountsSchema, severitySchema, VERDICTS } from "./result";

export const SUITE_ITEM_STATUSES = ["running", "completed", "failed"] as const;
export const SUITE_RUN_TRIGGERS = ["api", "watch"] as const;

/** A suite's watch: its schedule and webhook (suites run with the options they were created with). */
export const suiteWatchSchema = watchScheduleSchema.meta({ id: "SuiteWatch" });
export type SuiteWatch = z.infer<typeof suiteWatchSchema>;

export const SUITE_VERDICTS = ["running", "identical", "different", "inconclusive", "failed"] as const;
export type SuiteVerdict = (typeof SUITE_VERDICTS)[number];
/** What a path's comparison says against the pair's previous runs. */
export const PATH_HISTORIES = ["new", "recurring", "resolved", "clean"] as const;
export type PathHistory = (typeof PATH_HISTORIES)[number];

export const suiteItemSchema = z
  .object({
    path: z.string(),
    leftUrl: z.string(),
    rightUrl: z.string(),
    pairKey: z.string(),
    comparisonId: z.string(),
    status: z.enum(SUITE_ITEM_STATUSES),
    /** The highest severity among the differences; null when identical, running or failed. */
    highest: severitySchema.nullable(),
    counts: severityCountsSchema,
    new: z.number().int(),
    recurring: z.number().int(),
    resolved: z.number().int(),
    /** new: some difference is new; recurring: differences, none new; resolved: none left, some fixed. */
    history: z.enum(PATH_HISTORIES).nullable(),
    /** The comparison's verdict (issue 23); null while running or when it failed. */
    verdict: z.enum(VERDICTS).nullable(),
  })
  .meta({ id: "SuiteItem" });
export type SuiteItem = z.infer<typeof suiteItemSchema>;

export const suiteTotalsSchema = z
  .object({
    paths: z.number().int(),
    running: z.number().int(),
    failed: z.number().int(),
    identical: z.number().int(),
    different: z.number().int(),
    /** Paths whose comparison could not settle (verdict `inconclusive`): neither identical nor different. */
    inconclusive: z.number().int(),
    /** Differences of all paths by severity. */
    differences: severityCountsSchema,
    new: z.number().int(),
    resolved: z.number().int(),
  })
  .meta({ id: "SuiteTotals" });
export type SuiteTotals = z.infer<typeof suiteTotalsSchema>;

export const suiteDriftSchema = z
  .object({ newHigh: z.array(z.string()), resolvedHigh: z.array(z.string()) })
  .meta({ id: "SuiteDrift" });
export type SuiteDrift = z.infer<typeof suiteDriftSchema>;

/** The run's id across every suite: envdiff's own, kept for clients that read it before `number`. */
const globalRunId = z.number().int().meta({
  deprecated: true,
  description:
    "envdiff's id of this run across ALL suites (the webhook-id of its delivery is suite-run-<runId>): not the run's number. Use `number`.",
});
/** A run's number within its suite: 1 for its first run, then 2, 3, … */
const runNumber = z
  .number()
  .int()
  .min(1)
  .meta({ description: "The run's number within its suite: 1 for the suite's first run, then 2, 3, …" });

export const suiteRunSchema = z
  .object({
    number: runNumber,
    runId: globalRunId,
    createdAt: z.iso.datetime(),
    trigger: z.enum(SUITE_RUN_TRIGGERS),
    finishedAt: z.iso.datetime().nullable(),
    /** running until every path ended; then failed, different, inconclusive or identical (the worst path wins). */
    verdict: z.enum(SUITE_VERDICTS),
    totals: suiteTotalsSchema,
    /** Paths with a new high difference or a resolved one: set when the run ends, null without drift. */
    drift: suiteDriftSchema.nullable(),
    /** Sorted by severity: high and failed first, identical and running last. */
    items: z.array(suiteItemSchema),
  })
  .meta({ id: "SuiteRun" });
export type SuiteRun = z.infer<typeof suiteRunSchema>;

export const suiteSummarySchema = z
  .object({
    suiteId: z.string(),
    name: z.string().nullable(),
    leftBase: z.string(),
    rightBase: z.string(),
    paths: z.number().int(),
    createdAt: z.iso.datetime(),
    /** The newest run's number within the suite; null before its first run. */
    lastRunNumber: z.number().int().nullable(),
    lastRunId: globalRunId.nullable(),
    lastRunAt: z.iso.datetime().nullable(),
    watch: suiteWatchSchema.nullable(),
  })
  .meta({ id: "SuiteSummary" });
export type SuiteSummary = z.infer<typeof suiteSummarySchema>;

export const suiteDetailSchema = suiteSummarySchema
  .extend({
    pathList: z.array(z.string()),
    discover: z.json().nullable(),
    options: compareOptionsSchema,
    run: suiteRunSchema.nullable(),
  })
  .meta({ id: "SuiteDetail" });
export type SuiteDetail = z.infer<typeof suiteDetailSchema>;

export const suiteAcceptedSchema = z
  .object({
    suiteId: z.string(),
    number: runNumber,
    runId: globalRunId,
    status: z.literal("running"),
    paths: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "SuiteAccepted" });
export type SuiteAccepted = z.infer<typeof suiteAcceptedSchema>;
