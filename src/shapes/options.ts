/**
 * What a client may ask for: the compare request and its options (contract § HTTP API).
 * The API validates with these schemas and the OpenAPI document is generated from them.
 */
import { RE2JS } from "re2js";
import { z } from "zod";
import { jsonNestingExceeds } from "../json-depth";
import type { JsonValue } from "./json";

export const MAX_URL_LENGTH = 2048;

/** Compiles a user's pattern, or says why it is not valid RE2 (src/diff/masks.ts runs it). */
export function checkPattern(pattern: string): string | null {
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : "invalid pattern";
  }
}
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The methods envdiff sends. It sends the same request to both environments, production included,
 * several times (samples and confirming rounds): only methods that read are allowed, and POST for
 * the read-only queries that answer on it (GraphQL, search). Anything else is refused with why.
 */
export const METHODS = ["GET", "HEAD", "POST"] as const;
const methodSchema = z
  .enum(METHODS, {
    error: () =>
      "must be GET, HEAD or POST: envdiff sends the same request to both environments, production included, " +
      "several times, so it never sends PUT, PATCH, DELETE or any other method that changes something",
  })
  .default("GET");

/** A request body is at most this many bytes as sent (UTF-8): a GraphQL query or a search, not an upload. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;
/** How deeply a JSON body may nest: far beyond any query, and every reader of it stays shallow. */
export const MAX_REQUEST_BODY_DEPTH = 64;

/** A media type as a Content-Type header carries it: `type/subtype` and parameters, printable ASCII. */
const contentTypeSchema = z
  .string()
  .max(256)
  .regex(
    /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:[ \t]*;[\x20-\x7e\t]*)?$/,
    "must be a media type such as text/plain; charset=utf-8",
  );

const secretFlag = z
  .boolean()
  .optional()
  .meta({
    description:
      'true: the body is sealed at rest like header values and every reader sees it as "[redacted]"; ' +
      "it then takes no part in the pair's key, only the fact that a secret body is sent.",
  });

/**
 * POST's body: JSON (sent as `application/json`) or text with its own content type (default
 * `text/plain; charset=utf-8`). `json` is any JSON value, checked without recursion (size and
 * depth) before anything reads it.
 */
export const requestBodySchema = z
  .union([
    z.strictObject({
      json: z.custom<JsonValue>(() => true).meta({ description: "Any JSON value, sent as application/json." }),
      secret: secretFlag,
    }),
    z.strictObject({ text: z.string(), contentType: contentTypeSchema.optional(), secret: secretFlag }),
  ])
  .superRefine((body, ctx) => {
    const problem = requestBodyProblem(body);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({
    id: "RequestBody",
    description: `POST's body, at most ${MAX_REQUEST_BODY_BYTES / 1024} KiB as sent. envdiff sends it to BOTH environments, production included.`,
  });
export type RequestBody = z.output<typeof requestBodySchema>;

/** What is wrong with a body the union let through, or null. */
function requestBodyProblem(body: { json?: unknown; text?: string }): string | null {
  if ("json" in body) {
    if (body.json === undefined) return "give `json` (any JSON value) or `text`";
    let text: string;
    try {
      text = JSON.stringify(body.json);
    } catch {
      return "`json` must be a JSON value";
    }
    if (jsonNestingExceeds(text, MAX_REQUEST_BODY_DEPTH))
      return `\`json\` nests deeper than ${MAX_REQUEST_BODY_DEPTH} levels`;
    return utf8Bytes(text) > MAX_REQUEST_BODY_BYTES
      ? `the body is larger than ${MAX_REQUEST_BODY_BYTES / 1024} KiB`
      : null;
  }
  return utf8Bytes(body.text ?? "") > MAX_REQUEST_BODY_BYTES
    ? `the body is larger than ${MAX_REQUEST_BODY_BYTES / 1024} KiB`
    : null;
}

function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

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
/** Probes per side per run; two tell a value that changes on every response from a real difference. */
export const DEFAULT_SAMPLES = 2;
export const MAX_SAMPLES = 3;

/** Where a mask applies: response headers, the body (text, and JSON string values), or both. */
export const MASK_SCOPES = ["headers", "body", "all"] as const;

/** A user's mask: an RE2 pattern (never run by JavaScript's backtracking RegExp: src/diff/masks.ts). */
export const maskSchema = z.strictObject({
  pattern: z
    .string()
    .min(1)
    .max(512)
    .superRefine((pattern, ctx) => {
      const problem = checkPattern(pattern);
      if (problem) ctx.addIssue({ code: "custom", message: `must be an RE2 pattern: ${problem}` });
    }),
  /** `$1`-style groups allowed; default "[masked]". */
  replacement: z.string().max(256).optional(),
  in: z.enum(MASK_SCOPES).default("all"),
});
export type Mask = z.output<typeof maskSchema>;

/** A short name for one side, used in prose, the page and the CLI. */
const label = z
  .string()
  .trim()
  .min(1)
  .max(40)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
  .regex(/^[^<>\u0000-\u001f]+$/, "must be plain text");

/**
 * How many entries each list may hold in what a client sends (a request, a suite, a watch, a pair's
 * settings). A comparison applies the pair's saved lists and the request's together (settings.ts),
 * so what it applies may hold twice as many: APPLIED_LIST_FACTOR.
 */
export const LIST_LIMITS = {
  ignoreHeaders: 50,
  ignorePaths: 50,
  masks: 20,
  arrayKeys: 20,
  unorderedPaths: 50,
} as const;
export const APPLIED_LIST_FACTOR = 2;

function optionsShape(factor: number) {
  return {
    method: methodSchema,
    body: requestBodySchema.optional(),
    headers: headersSchema.default({}),
    timeoutMs: z.number().int().min(500).max(30_000).default(DEFAULT_TIMEOUT_MS),
    ignoreHeaders: z
      .array(headerName)
      .max(LIST_LIMITS.ignoreHeaders * factor)
      .default([]),
    ignorePaths: z
      .array(pointer)
      .max(LIST_LIMITS.ignorePaths * factor)
      .default([]),
    left: sideOptionsSchema.optional(),
    right: sideOptionsSchema.optional(),
    // Issue 17: telling noise from real change (docs/noise.md).
    samples: z.number().int().min(1).max(MAX_SAMPLES).default(DEFAULT_SAMPLES),
    masks: z
      .array(maskSchema)
      .max(LIST_LIMITS.masks * factor)
      .default([]),
    arrayKeys: z
      .record(pointer, z.string().min(1).max(128))
      .refine(
        (keys) => Object.keys(keys).length <= LIST_LIMITS.arrayKeys * factor,
        `at most ${LIST_LIMITS.arrayKeys * factor} array keys`,
      )
      .default({}),
    unorderedPaths: z
      .array(pointer)
      .max(LIST_LIMITS.unorderedPaths * factor)
      .default([]),
    leftLabel: label.optional(),
    rightLabel: label.optional(),
  };
}

/** A request body goes with POST only: GET and HEAD send none, and POST is never implied. */
function bodyNeedsPost(options: { method: string; body?: unknown }, ctx: z.RefinementCtx): void {
  if (options.body !== undefined && options.method !== "POST") {
    ctx.addIssue({
      code: "custom",
      path: ["body"],
      message: `a request body needs method "POST" (got ${options.method})`,
    });
  }
}

export const compareOptionsSchema = z
  .strictObject(optionsShape(1))
  .superRefine(bodyNeedsPost)
  .meta({ id: "CompareOptions" });

/**
 * The options a comparison applied, as ComparisonState shows them: the request's over the pair's
 * saved settings, lists added together (so each may hold up to twice a request's limit). No
 * component id: it only ever appears in answers, inside ComparisonState.
 */
export const appliedOptionsSchema = z.strictObject(optionsShape(APPLIED_LIST_FACTOR)).superRefine(bodyNeedsPost);

/** Options as stored and used: every default filled in. */
export type CompareOptions = z.output<typeof compareOptionsSchema>;
/** Options as a client may send them. */
export type CompareOptionsInput = z.input<typeof compareOptionsSchema>;

export function resolveOptions(input: CompareOptionsInput | undefined): CompareOptions {
  return compareOptionsSchema.parse(input ?? {});
}

/** Options a comparison applies (request and pair settings together): validated with the applied limits. */
export function resolveAppliedOptions(input: CompareOptionsInput | undefined): CompareOptions {
  return appliedOptionsSchema.parse(input ?? {});
}
