/**
 * Request schemas of /api/suites (docs/suites.md). Path-level checks that need both bases
 * (relative paths, absolute URLs under the left base) happen in src/suites/paths.ts.
 */
import { z } from "zod";
import { compareOptionsSchema } from "./options";
import { WATCH_MAX_MINUTES, WATCH_MIN_MINUTES } from "./pair";
import { targetUrlSchema } from "./routes";
import { suiteSummarySchema, suiteWatchSchema } from "./suite";

/** A suite holds at most this many paths. */
export const MAX_SUITE_PATHS = 500;

/** A suite body carries up to 500 paths: more room than the 16 KiB of a compare request. */
export const MAX_SUITE_BODY_BYTES = 640 * 1024;

export const discoverSchema = z
  .union([z.strictObject({ openapi: targetUrlSchema }), z.strictObject({ sitemap: targetUrlSchema })])
  .meta({ id: "SuiteDiscover", description: "Where to find the paths: an OpenAPI 3.x document (JSON) or a sitemap." });

/** A suite's listed paths, as given: checked against the bases in src/suites/paths.ts. */
const pathListSchema = z
  .array(z.string().max(2048))
  .max(MAX_SUITE_PATHS, `a suite has at most ${MAX_SUITE_PATHS} paths`);

export const suiteRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    leftBase: targetUrlSchema,
    rightBase: targetUrlSchema,
    paths: pathListSchema.optional(),
    discover: discoverSchema.optional(),
    options: compareOptionsSchema.optional(),
  })
  .refine((body) => (body.paths === undefined) !== (body.discover === undefined), {
    message: "give exactly one of `paths` and `discover`",
    path: ["paths"],
  })
  .meta({ id: "SuiteRequest" });
export type SuiteRequest = z.output<typeof suiteRequestSchema>;

/**
 * PATCH /api/suites/:suiteId: any of the name, the paths (a list, or discovery run again), and the
 * options; an omitted field keeps its value. The bases are the suite's identity and stay. Options
 * replace the suite's whole: a header given as "[redacted]" keeps its saved value.
 */
export const suitePatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).nullable().optional(),
    paths: pathListSchema.optional(),
    discover: discoverSchema.optional(),
    options: compareOptionsSchema.optional(),
  })
  .refine((body) => body.paths === undefined || body.discover === undefined, {
    message: "give at most one of `paths` and `discover`",
    path: ["paths"],
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: "give at least one of `name`, `paths`, `discover` and `options`",
  })
  .meta({ id: "SuitePatch" });
export type SuitePatch = z.output<typeof suitePatchSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const suiteIdParamSchema = z.object({
  suiteId: z.string().max(36).regex(UUID, "must be a suiteId (a UUID)"),
});

export const suiteRunParamSchema = suiteIdParamSchema.extend({
  number: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

export const suiteListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const suiteListSchema = z
  .object({ suites: z.array(suiteSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: "SuiteList" });

export const suiteWatchResponseSchema = z
  .object({ suiteId: z.string(), watch: suiteWatchSchema, webhookSecret: z.string().optional() })
  .meta({ id: "SuiteWatchResponse" });

/**
 * PUT /api/suites/:suiteId/watch (suites run with the options they were created with). As on pair
 * watches, an omitted field keeps its value and `null` removes the webhook; a new watch needs
 * `intervalMinutes`.
 */
export const suiteWatchRequestSchema = z.strictObject({
  intervalMinutes: z.number().int().min(WATCH_MIN_MINUTES).max(WATCH_MAX_MINUTES).optional(),
  enabled: z.boolean().optional(),
  webhookUrl: targetUrlSchema.nullable().optional(),
});
