/**
 * ComparisonResult and Difference (contract § ComparisonResult): the diff, the
 * differences that went away since the previous run, and the explanation.
 */
import { z } from "zod";
import { jsonValueSchema } from "./json";

export const DIFFERENCE_KINDS = ["status", "header", "body", "redirect", "timing", "error"] as const;
export const SEVERITIES = ["info", "low", "medium", "high"] as const;
export const HISTORY_MARKS = ["new", "recurring", "flapping"] as const;

export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];
export type HistoryMark = (typeof HISTORY_MARKS)[number];

/** An array element's key value (the field it was matched by): a string or a number. */
export const elementKeySchema = z.union([z.string(), z.number()]);

const differenceFields = {
  kind: z.enum(DIFFERENCE_KINDS),
  /**
   * RFC 6901 pointer into the envelope, e.g. /headers/x-version or /body/json/items/2: valid in the
   * left document when the thing exists there, otherwise in the right one.
   */
  path: z.string(),
  /** `added` means present only on the right; `renamed`: the same value under a new key (leftPath → rightPath). */
  change: z.enum(["added", "removed", "changed", "renamed"]),
  left: jsonValueSchema,
  right: jsonValueSchema,
  severity: severitySchema,
  history: z.enum(HISTORY_MARKS),
  /** The key value of the array element (matched by key) the difference is in, or of a string or number element on one side only (its own value); absent elsewhere. */
  key: elementKeySchema.optional(),
  /** The pointer in the left document, when it is not `path` read on both sides (keyed elements, renames). */
  leftPath: z.string().optional(),
  /** The pointer in the right document, when it is not `path` read on both sides (keyed elements, renames). */
  rightPath: z.string().optional(),
};

/** A difference that follows from another one (docs/noise.md § Consequences): never nested further. */
export const consequenceSchema = z.object(differenceFields).meta({ id: "Consequence" });
export type Consequence = z.infer<typeof consequenceSchema>;

export const differenceSchema = z.object({
  ...differenceFields,
  /** Differences that follow from this one (a content-length from a body change): not counted on their own. */
  consequences: z.array(consequenceSchema).optional(),
});
export type Difference = z.infer<typeof differenceSchema>;

export const severityCountsSchema = z.object({
  high: z.number().int(),
  medium: z.number().int(),
  low: z.number().int(),
  info: z.number().int(),
});
export type SeverityCounts = z.infer<typeof severityCountsSchema>;

export const diffSchema = z.object({
  identical: z.boolean(),
  differences: z.array(differenceSchema),
  summary: severityCountsSchema.extend({
    /** Differences found before the report cap; equals differences.length when nothing was cut. */
    total: z.number().int().optional(),
  }),
  /** What could not be compared or kept, e.g. "values cut: result budget reached"; absent when nothing was. */
  notes: z.array(z.string()).optional(),
});
export type DiffResult = z.infer<typeof diffSchema>;

export const explanationSchema = z.object({
  source: z.enum(["workers-ai", "rules"]),
  model: z.string().optional(),
  summary: z.string(),
  severity: z.enum(["none", ...SEVERITIES]),
  details: z.array(z.string()).optional(),
  /** True when `summary` and `details` are a model's words: shown labelled as generated. */
  generated: z.boolean().optional(),
  /** With generated words, the deterministic facts (the rules summary) to show beside them. */
  facts: z.string().optional(),
});
export type Explanation = z.infer<typeof explanationSchema>;

/** A path whose value differed between samples of one side: noise, never a difference. */
export const noiseEntrySchema = z.object({ path: z.string(), side: z.enum(["left", "right"]) });

/** Issue 23: what a comparison concludes. `inconclusive` comes with its reasons (docs/noise.md). */
export const VERDICTS = ["identical", "different", "inconclusive"] as const;
export type Verdict = (typeof VERDICTS)[number];
export const INCONCLUSIVE_REASONS = ["unstable_status", "unstable_timing", "unstable_value", "sample_errors"] as const;
export type InconclusiveReasonCode = (typeof INCONCLUSIVE_REASONS)[number];

export const inconclusiveReasonSchema = z
  .object({
    reason: z.enum(INCONCLUSIVE_REASONS),
    path: z.string().optional(),
    side: z.enum(["left", "right"]).optional(),
    /** The side's samples behind the reason, in order: statuses (null: no response) or milliseconds. */
    samples: z.array(z.number().nullable()).optional(),
  })
  .meta({ id: "InconclusiveReason" });
export type InconclusiveReason = z.infer<typeof inconclusiveReasonSchema>;

export const TIMING_VERDICTS = ["same", "slower", "faster", "unstable"] as const;
export type TimingVerdictCode = (typeof TIMING_VERDICTS)[number];

/** Latency judged on every sample of both sides; `slower`/`faster` say how the right side compares. */
export const timingVerdictSchema = z
  .object({
    verdict: z.enum(TIMING_VERDICTS),
    leftMs: z.array(z.number()),
    rightMs: z.array(z.number()),
    /** The rule the verdict was reached by, in words. */
    rule: z.string(),
  })
  .meta({ id: "TimingVerdict" });
export type TimingVerdict = z.infer<typeof timingVerdictSchema>;

export const comparisonResultSchema = z.object({
  diff: diffSchema,
  resolved: z.array(z.object({ kind: z.enum(DIFFERENCE_KINDS), path: z.string() })),
  /** Absent on results stored before issue 17. */
  noise: z.array(noiseEntrySchema).optional(),
  /** Previous differences that are gone but were not compared this time: not resolved. */
  notCompared: z
    .array(
      z.object({ kind: z.enum(DIFFERENCE_KINDS), path: z.string(), reason: z.enum(["now_ignored", "not_comparable"]) }),
    )
    .optional(),
  explanation: explanationSchema,
  /** Absent on results stored before issue 23. */
  verdict: z.enum(VERDICTS).optional(),
  /** Why the verdict is `inconclusive` (or what else was unsteady); empty when nothing was. */
  inconclusive: z.array(inconclusiveReasonSchema).optional(),
  timing: timingVerdictSchema.optional(),
});
export type ComparisonResult = z.infer<typeof comparisonResultSchema>;
