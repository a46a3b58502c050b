/**
 * A pair's saved settings (PUT /api/pairs/:pairKey/settings): default options for every
 * comparison of the pair — manual, watch or suite. A request's own lists (ignores, masks, array
 * keys, unordered paths) add to the saved ones; its other options override them, field by field.
 * Request headers (`headers`, and the per-side `left`/`right`) may be saved too: their
 * values are sealed (src/secrets/request-headers.ts), the settings keep only their "[redacted]"
 * view, and the probe step sends them under the request's own headers, name by name.
 */
import { z } from "zod";
import { canonicalJson } from "../digest";
import type { JsonValue } from "./json";
import {
  type CompareOptions,
  type CompareOptionsInput,
  compareOptionsSchema,
  resolveAppliedOptions,
  resolveOptions,
} from "./options";

/** Header fields: sealed apart and merged by the probe step, never merged into the options here. */
const HEADER_FIELDS = new Set(["headers", "left", "right"]);

/**
 * The request a pair compares is part of what the pair is: a POST and its body take part in its key
 * (src/pair-key.ts). So a pair cannot save `body`, nor POST as its method: saved, they would turn
 * every GET comparison of its URLs into a POST to production that nobody asked for.
 */
const REQUEST_FIELDS = new Set(["body"]);
const savedMethod = z
  .enum(["GET", "HEAD"], {
    error: () => "must be GET or HEAD: a POST and its body are the request itself, not a setting of the pair",
  })
  .optional();

/** Each compare option, optional and without its default: absent means "not set for the pair". */
const fields = Object.fromEntries(
  Object.entries(compareOptionsSchema.shape)
    .filter(([name]) => !REQUEST_FIELDS.has(name))
    .map(([name, schema]) => [
      name,
      name === "method" ? savedMethod : (schema instanceof z.ZodDefault ? schema.unwrap() : schema).optional(),
    ]),
) as Record<string, z.ZodOptional<z.ZodType>>;

export const pairSettingsSchema = z.strictObject(fields).meta({ id: "PairSettings" });

/** What a pair may save: any compare option but the request's own (header values sealed apart). */
export type PairSettings = Partial<Omit<CompareOptionsInput, "body" | "method">> & { method?: "GET" | "HEAD" };

export const pairSettingsResponseSchema = z
  .object({
    pairKey: z.string(),
    settings: pairSettingsSchema,
    sides: z
      .object({ left: z.string(), right: z.string() })
      .nullable()
      .meta({
        description:
          "The URLs the saved `left` and `right` headers are sent to: the pair's URLs in the order the directory " +
          "named them when per-side headers were first saved; later saves keep them. They stay with their URL " +
          "whatever order a later request names the URLs in. Null without per-side headers.",
      }),
    updatedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "PairSettingsResponse" });

export type PairSettingsResponse = Omit<z.infer<typeof pairSettingsResponseSchema>, "settings"> & {
  settings: PairSettings;
};

/** Lists that add up: the saved entries first, then the request's own, each entry once. */
const LIST_FIELDS = new Set(["ignoreHeaders", "ignorePaths", "masks", "unorderedPaths"]);

function addLists(saved: JsonValue[], own: JsonValue[]): JsonValue[] {
  const seen = new Set<string>();
  return [...saved, ...own].filter((entry) => {
    const id = canonicalJson(entry);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * The request's options with the pair's settings. Options arrive validated, defaults filled in
 * (by the API or a watch's or suite's stored options).
 * - Ignore lists, masks and unordered paths add up: a suite that ignores one more path still
 *   ignores what "Ignore this" saved for the pair. `arrayKeys` add up too, the request's key winning
 *   for a pointer both name. A saved entry is removed by saving the settings without it.
 * - Any other field: "the request did not set it" reads as "it holds the default": a field at its
 *   default takes the pair's saved value, any other value wins whole.
 * The result is validated with the applied limits (twice a request's, options.ts).
 */
export function withPairSettings(settings: PairSettings | null, options: CompareOptions): CompareOptions {
  if (!settings || Object.keys(settings).length === 0) return options;
  const defaults = resolveOptions(undefined) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...options };
  for (const [name, saved] of Object.entries(settings)) {
    if (saved === undefined || HEADER_FIELDS.has(name)) continue;
    const own = merged[name];
    if (LIST_FIELDS.has(name)) merged[name] = addLists(saved as JsonValue[], (own ?? []) as JsonValue[]);
    else if (name === "arrayKeys") merged[name] = { ...(saved as object), ...(own as object) };
    else if (canonicalJson(own as JsonValue) === canonicalJson(defaults[name] as JsonValue)) merged[name] = saved;
  }
  return resolveAppliedOptions(merged as CompareOptionsInput);
}
