/**
 * What a client may ask for: the compare request and its options (contract § HTTP API).
 * The API validates with these schemas and the OpenAPI document is generated from them.
 */
import { z } from "zod";

export const MAX_URL_LENGTH = 2048;
export const DEFAULT_TIMEOUT_MS = 10_000;

const headerName = z
  .string()
  .min(1)
  .max(256)
  // An HTTP token, but not __proto__: a valid token, yet an object key that code copying by assignment
  // turns into a prototype. (As a key of `headers` zod drops it before this check runs; the API refuses
  // it earlier: json-body.ts.) One pattern, so the OpenAPI document refuses it too.
  .regex(/^(?!__proto__$)[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be an HTTP header token other than __proto__");

/** RFC 6901 pointer into the envelope, e.g. /body/json/meta/requestId. */
const pointer = z
  .string()
  .max(1024)
  .regex(/^(\/([^~/]|~[01])*)+$/, "must be an RFC 6901 pointer such as /body/json/id");

/** Request headers, sent with every probe of the side(s) they are given for. */
const headersSchema = z
  .record(
    headerName,
    z
      .string()
      .max(8192)
      // Printable ASCII and tab (RFC 9110 field-value without obs-text). workerd would send other
      // characters as UTF-8 bytes and control characters as they are: neither means what the user typed.
      .regex(/^[\t\x20-\x7e]*$/, "must be printable ASCII: no CR, LF, NUL or other control characters"),
  )
  .refine((h) => Object.keys(h).length <= 20, "at most 20 headers")
  .meta({ maxProperties: 20 });

/** Headers for one side only, merged over the shared `headers` (staging and production rarely share credentials). */
const sideOptionsSchema = z.strictObject({ headers: headersSchema.default({}) });

export const compareOptionsSchema = z
  .strictObject({
    method: z.enum(["GET", "HEAD"]).default("GET"),
    headers: headersSchema.default({}),
    timeoutMs: z.number().int().min(500).max(30_000).default(DEFAULT_TIMEOUT_MS),
    ignoreHeaders: z.array(headerName).max(50).default([]),
    ignorePaths: z.array(pointer).max(50).default([]),
    left: sideOptionsSchema.optional(),
    right: sideOptionsSchema.optional(),
  })
  .meta({ id: "CompareOptions" });

/** Options as stored and used: every default filled in. */
export type CompareOptions = z.output<typeof compareOptionsSchema>;
/** Options as a client may send them. */
export type CompareOptionsInput = z.input<typeof compareOptionsSchema>;

export function resolveOptions(input: CompareOptionsInput | undefined): CompareOptions {
  return compareOptionsSchema.parse(input ?? {});
}
