/**
 * The API's request and response schemas. The routes validate with them
 * (@hono/zod-validator) and the OpenAPI document is generated from them: one definition each.
 */
import { z } from "zod";
import { comparisonStateSchema, comparisonSummarySchema } from "../shapes/comparison";
import { compareOptionsSchema, MAX_URL_LENGTH } from "../shapes/options";
import { pairEventSchema, pairSummarySchema, WATCH_MAX_MINUTES, WATCH_MIN_MINUTES, watchSchema } from "../shapes/pair";

/** Whether `value` has a space, a C0 control character or DEL. */
export function hasSpaceOrControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

export const targetUrlSchema = z
  .string()
  .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
  .superRefine((value, ctx) => {
    const url = URL.parse(value);
    // The URL parser quietly drops tabs and newlines and percent-encodes spaces, controls and lone
    // surrogates: the URL probed would not be the one the client wrote, so refuse those outright.
    const problem = hasSpaceOrControl(value)
      ? "must not contain spaces or control characters"
      : !value.isWellFormed()
        ? "must be well-formed Unicode"
        : !url
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

export const pairListQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .meta({ param: { description: "At most this many pairs, most recently compared first." } }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .meta({ param: { description: "nextCursor of the previous page; omit for the first page." } }),
});

export const pairListSchema = z
  .object({
    pairs: z.array(pairSummarySchema),
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "PairList" });

export const eventsQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .meta({ param: { description: "At most this many events, newest first." } }),
});

export const pairEventsSchema = z
  .object({ pairKey: z.string(), events: z.array(pairEventSchema) })
  .meta({ id: "PairEvents" });

export const pairDetailSchema = z
  .object({ pair: pairSummarySchema, events: z.array(pairEventSchema) })
  .meta({ id: "PairDetail" });

export const watchRequestSchema = z
  .strictObject({
    intervalMinutes: z.number().int().min(WATCH_MIN_MINUTES).max(WATCH_MAX_MINUTES),
    enabled: z.boolean().default(true),
    /** POSTed drift events, signed with the secret this PUT returns; null or absent for none. */
    webhookUrl: targetUrlSchema.nullable().optional(),
  })
  .meta({ id: "WatchRequest" });

export const watchResponseSchema = z
  .object({
    pairKey: z.string(),
    watch: watchSchema,
    /** Only when this PUT set a new webhook URL: the HMAC key, shown this once. */
    webhookSecret: z.string().optional(),
  })
  .meta({ id: "WatchResponse" });

export const errorResponseSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.json().optional() }),
  })
  .meta({ id: "Error" });

export { comparisonStateSchema };
