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
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be an HTTP header token");

/** RFC 6901 pointer into the envelope, e.g. /body/json/meta/requestId. */
const pointer = z
  .string()
  .max(1024)
  .regex(/^(\/([^~/]|~[01])*)+$/, "must be an RFC 6901 pointer such as /body/json/id");

export const compareOptionsSchema = z
  .strictObject({
    method: z.enum(["GET", "HEAD"]).default("GET"),
    headers: z
      .record(
        headerName,
        z
          .string()
          .max(8192)
          .regex(/^[^\r\n\0]*$/, "must not contain CR, LF or NUL"),
      )
      .refine((h) => Object.keys(h).length <= 20, "at most 20 headers")
      .default({}),
    timeoutMs: z.number().int().min(500).max(30_000).default(DEFAULT_TIMEOUT_MS),
    ignoreHeaders: z.array(headerName).max(50).default([]),
    ignorePaths: z.array(pointer).max(50).default([]),
  })
  .meta({ id: "CompareOptions" });

/** Options as stored and used: every default filled in. */
export type CompareOptions = z.output<typeof compareOptionsSchema>;
/** Options as a client may send them. */
export type CompareOptionsInput = z.input<typeof compareOptionsSchema>;

export function resolveOptions(input: CompareOptionsInput | undefined): CompareOptions {
  return compareOptionsSchema.parse(input ?? {});
}
