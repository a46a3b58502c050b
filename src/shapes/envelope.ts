/**
 * SignalEnvelope: what one probe saw of one environment (contract § SignalEnvelope).
 * The zod schema is the one definition; the TypeScript type is inferred from it.
 */
import { z } from "zod";
import { jsonValueSchema } from "./json";

export const SIDE_VALUES = ["left", "right"] as const;
export const sideSchema = z.enum(SIDE_VALUES);
export type Side = z.infer<typeof sideSchema>;

export const PROBE_ERROR_CODES = [
  "timeout",
  "dns",
  "connection",
  "tls",
  "too_many_redirects",
  "blocked_target",
  "invalid_response",
] as const;
export const probeErrorCodeSchema = z.enum(PROBE_ERROR_CODES);
export type ProbeErrorCode = z.infer<typeof probeErrorCodeSchema>;

export const redirectHopSchema = z.object({
  url: z.string(),
  status: z.number().int(),
  location: z.string().nullable(),
});
export type RedirectHop = z.infer<typeof redirectHopSchema>;

export const BODY_KINDS = ["json", "text", "binary", "empty"] as const;

export const bodySchema = z.object({
  contentType: z.string().nullable(),
  bytes: z.number().int().nonnegative(),
  truncated: z.boolean(),
  sha256: z.string(),
  kind: z.enum(BODY_KINDS),
  json: jsonValueSchema.optional(),
  text: z.string().optional(),
  /** Why the body is kept differently than its type suggests, e.g. "kept as text: nesting deeper than 256". */
  note: z.string().optional(),
});
export type EnvelopeBody = z.infer<typeof bodySchema>;

/** One probe of a side, in the order taken (issue 23): what it answered and how long it took. */
export const probeSampleSchema = z
  .object({
    /** null when the probe got no response (a probe error). */
    status: z.number().int().nullable(),
    totalMs: z.number(),
  })
  .meta({ id: "ProbeSample" });
export type ProbeSample = z.infer<typeof probeSampleSchema>;

export const envelopeSchema = z.object({
  side: sideSchema,
  url: z.string(),
  finalUrl: z.string(),
  method: z.enum(["GET", "HEAD", "POST"]),
  startedAt: z.string(),
  ok: z.boolean(),
  status: z.number().int().nullable(),
  statusText: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  redirects: z.array(redirectHopSchema),
  timing: z.object({ totalMs: z.number(), headersMs: z.number().nullable() }),
  body: bodySchema.nullable(),
  error: z.object({ code: probeErrorCodeSchema, message: z.string() }).nullable(),
  /**
   * Every probe of this side in this comparison, in the order taken: the stored envelope is the
   * first; confirming samples follow (docs/noise.md). Absent on envelopes stored before issue 23.
   */
  samples: z.array(probeSampleSchema).optional(),
});
export type SignalEnvelope = z.infer<typeof envelopeSchema>;
