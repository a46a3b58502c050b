/**
 * The API's request and response schemas. The routes validate with them
 * (@hono/zod-validator) and the OpenAPI document is generated from them: one definition each.
 */
import { z } from "zod";
import { comparisonStateSchema, comparisonSummarySchema } from "./comparison";
import { envelopeSchema } from "./envelope";
import { compareOptionsSchema, MAX_URL_LENGTH } from "./options";
import {
  pairEventSchema,
  pairSummarySchema,
  WATCH_MAX_MINUTES,
  WATCH_MIN_MINUTES,
  watchSchema,
  webhookFormatSchema,
} from "./pair";

/** Whether `value` has a space, a C0 control character or DEL. */
export function hasSpaceOrControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * http(s)://, an authority with no credentials (no `@`), then anything but spaces and controls. The
 * same pattern the OpenAPI document shows, so a client's validator refuses what the server refuses;
 * the URL parser below then checks what a pattern cannot (a host that parses, well-formed Unicode).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
const TARGET_URL = /^[Hh][Tt][Tt][Pp][Ss]?:\/\/[^\u0000-\u0020\u007f/?#@\\]+(?:[/?#][^\u0000-\u0020\u007f]*)?$/;

export const targetUrlSchema = z
  .string()
  .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
  .regex(TARGET_URL, {
    message: "must be an absolute http or https URL with no credentials, spaces or control characters",
    abort: true,
  })
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
  // No `format: uri`: RFC 3986 refuses `café` and `|`, which the server accepts.
  .meta({ example: "https://staging.example.com/health" });

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

/** The Idempotency-Key header of POST /api/compare (and /api/suites). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
export const idempotencyHeaderSchema = z.object({
  "idempotency-key": z.string().regex(IDEMPOTENCY_KEY).optional().meta({
    description:
      "1 to 255 printable ASCII characters, no spaces. For 24 hours the same key with the same body replays the original answer (Idempotent-Replayed: true); with another body it is 422 idempotency_conflict.",
  }),
});

export const compareViewQuerySchema = z.object({
  view: z
    .enum(["full", "summary"])
    .default("full")
    .meta({ param: { description: "summary leaves out the two envelopes (and their bodies): poll with it." } }),
});

/** What a progress display needs of one side's probe: no headers, no body. */
export const probeOutlineSchema = envelopeSchema
  .pick({ ok: true, status: true, timing: true, error: true })
  .meta({ id: "ProbeOutline" });
export type ProbeOutline = z.infer<typeof probeOutlineSchema>;

/** GET /api/compare/:id?view=summary: the state with an outline of each probe instead of its envelope. */
export const comparisonStateSummarySchema = comparisonStateSchema
  .omit({ probes: true })
  .extend({ probed: z.object({ left: probeOutlineSchema.nullable(), right: probeOutlineSchema.nullable() }) })
  .meta({ id: "ComparisonStateSummary" });
export type ComparisonStateSummary = z.infer<typeof comparisonStateSummarySchema>;

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

/** PUT semantics: an omitted field keeps its value, `null` removes it. */
export const watchRequestSchema = z
  .strictObject({
    /** Required when the pair has no watch yet. */
    intervalMinutes: z.number().int().min(WATCH_MIN_MINUTES).max(WATCH_MAX_MINUTES).optional(),
    /** Default true for a new watch. */
    enabled: z.boolean().optional(),
    /**
     * Where drift is POSTed; null removes it. `standard`: Standard Webhooks, signed with the secret
     * this PUT returns. `slack`/`teams`: the chat's incoming-webhook URL, sealed and never shown back.
     */
    webhookUrl: targetUrlSchema.nullable().optional(),
    /** How the webhook is sent (default `standard`, or as it was). Changing it on a watch with a webhook needs `webhookUrl` too. */
    webhookFormat: webhookFormatSchema.optional(),
    /** The options the watch runs with (header values kept sealed); null runs it with the defaults. */
    options: compareOptionsSchema.nullable().optional(),
    /** Run with the options this comparison of the pair ran with. A new watch defaults to the newest one. */
    comparisonId: z
      .string()
      .max(101)
      .regex(COMPARISON_ID, "must be a comparisonId: <64 hex pair key>:<uuid>")
      .optional(),
  })
  .meta({ id: "WatchRequest" });

export const watchResponseSchema = z
  .object({
    pairKey: z.string(),
    watch: watchSchema,
    /** Only when this PUT set a new `standard` webhook URL: the signing secret (`whsec_<base64>`), shown this once. */
    webhookSecret: z.string().optional(),
  })
  .meta({ id: "WatchResponse" });

export const healthSchema = z.object({ ok: z.literal(true) }).meta({ id: "Health" });

/** The OpenAPI document itself: an object whose fields are OpenAPI's own. */
export const openApiDocumentSchema = z
  .object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }), paths: z.object({}) })
  .meta({ id: "OpenApiDocument" });

export { comparisonStateSchema };
