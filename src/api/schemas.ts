/**
 * The API's request and response schemas. The routes validate with them
 * (@hono/zod-validator) and the OpenAPI document is generated from them: one definition each.
 */
import { z } from "zod";
import { comparisonStateSchema, comparisonSummarySchema } from "../shapes/comparison";
import { compareOptionsSchema, MAX_URL_LENGTH } from "../shapes/options";

export const targetUrlSchema = z
  .string()
  .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
  .superRefine((value, ctx) => {
    const url = URL.parse(value);
    const problem = !url
      ? "must be an absolute URL"
      : !["http:", "https:"].includes(url.protocol)
        ? "must use http or https"
        : url.username !== "" || url.password !== ""
          ? "must not contain credentials"
          : null;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({ example: "https://staging.example.com/health", format: "uri" });

export const compareRequestSchema = z
  .strictObject({
    leftUrl: targetUrlSchema,
    rightUrl: targetUrlSchema,
    options: compareOptionsSchema.optional(),
  })
  .meta({ id: "CompareRequest" });
export type CompareRequest = z.output<typeof compareRequestSchema>;

export const compareAcceptedSchema = z
  .object({
    comparisonId: z.string(),
    pairKey: z.string(),
    status: z.literal("running"),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "CompareAccepted" });

const PAIR_KEY = /^[0-9a-f]{64}$/;
const COMPARISON_ID = /^[0-9a-f]{64}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const comparisonIdParamSchema = z.object({
  comparisonId: z
    .string()
    .max(101)
    .regex(COMPARISON_ID, "must be a comparisonId: <64 hex pair key>:<uuid>")
    .meta({ param: { description: "The id POST /api/compare returned." } }),
});

export const pairKeyParamSchema = z.object({
  pairKey: z.string().max(64).regex(PAIR_KEY, "must be 64 lowercase hex characters"),
});

export const listQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .meta({ param: { description: "At most this many, newest first." } }),
});

export const pairComparisonsSchema = z
  .object({ pairKey: z.string(), capacity: z.number().int(), comparisons: z.array(comparisonSummarySchema) })
  .meta({ id: "PairComparisons" });

export const errorResponseSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.json().optional() }),
  })
  .meta({ id: "Error" });

export { comparisonStateSchema };
