/**
 * ComparisonState: everything known about one comparison, as the object returns it
 * over RPC and the API returns it over HTTP (contract § RPC methods).
 */
import { z } from "zod";
import { envelopeSchema } from "./envelope";
import { appliedOptionsSchema } from "./options";
import { comparisonResultSchema, severityCountsSchema } from "./result";

export const comparisonErrorSchema = z.object({ code: z.string(), message: z.string() });
export type ComparisonError = z.infer<typeof comparisonErrorSchema>;

export const comparisonStateSchema = z
  .object({
    comparisonId: z.string(),
    pairKey: z.string(),
    status: z.enum(["running", "completed", "failed"]),
    leftUrl: z.string(),
    rightUrl: z.string(),
    options: appliedOptionsSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    probes: z.object({ left: envelopeSchema.nullable(), right: envelopeSchema.nullable() }),
    result: comparisonResultSchema.nullable(),
    error: comparisonErrorSchema.nullable(),
    /** Who asked for it; null for a watch's scheduled run or without an identity (AUTH_MODE=none). */
    createdBy: z.string().nullable(),
  })
  .meta({ id: "ComparisonState" });
export type ComparisonState = z.infer<typeof comparisonStateSchema>;

/** One line of a pair's timeline: what a list shows without the envelopes and differences. */
export const comparisonSummarySchema = z
  .object({
    comparisonId: z.string(),
    status: comparisonStateSchema.shape.status,
    leftUrl: z.string(),
    rightUrl: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    identical: z.boolean().nullable(),
    summary: severityCountsSchema.nullable(),
    severity: z.enum(["none", "info", "low", "medium", "high"]).nullable(),
    error: comparisonErrorSchema.nullable(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: "ComparisonSummary" });
export type ComparisonSummary = z.infer<typeof comparisonSummarySchema>;
