/**
 * The shape of envdiff.config.json in zod, built from the API's own definitions (the compare
 * request's URL, the suite request's paths and discovery, every compare option), so the JSON Schema
 * scripts/config-schema.mjs generates from it offers exactly what the server takes. Only what the
 * file adds is defined here: checks by name, the gate, `$comment`, and header values that must come
 * from the environment. The CLI's own rules (a check's name, the severities) come from its source.
 */
import { z } from "zod";
import { CHECK_NAME } from "../../packages/cli/src/config";
import { SEVERITY_ORDER } from "../../packages/cli/src/gate";
import { compareOptionsSchema } from "../../src/shapes/options";
import { compareRequestSchema } from "../../src/shapes/routes";
import { discoverSchema, suiteRequestSchema } from "../../src/shapes/suite-routes";

const REFERENCE = "(?:^|[^$])\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}";

const comment = z
  .string()
  .optional()
  .meta({ description: "A note for readers of this file (JSON has no comments); envdiff ignores it." });

/** A string that takes (part of) its value from the environment. */
const withReference = z
  .string()
  .regex(new RegExp(REFERENCE))
  .meta({ description: "Text with ${NAME} environment references (`$${NAME}` is a literal ${NAME})." });

/** A URL as the API takes it, or one built from environment variables. */
const urlOrReference = (url: z.ZodType) => z.union([url, withReference]);
const targetUrl = urlOrReference(compareRequestSchema.shape.leftUrl).meta({
  id: "Url",
  description: "An absolute http(s) URL, as the API takes it, or one built from ${NAME} environment references.",
});

/** Header names as the API takes them; values only from the environment, never written in the file. */
const apiHeaders = compareOptionsSchema.shape.headers.unwrap();
const headerValue = z
  .string()
  .max(8192)
  .regex(new RegExp(REFERENCE), 'must take its value from the environment: "${NAME}" or "Bearer ${NAME}"')
  .meta({
    description:
      'Header values are never written in the file: "${STAGING_TOKEN}" or "Bearer ${STAGING_TOKEN}", with the variable set in the environment (a CI secret).',
  });
const headers = z.record(apiHeaders.keyType, headerValue).meta({ id: "Headers", maxProperties: 20 });
const side = z.strictObject({ headers });

// From the shape: the compare options' own refinement (a body needs POST) cannot be extended, and
// is stated below in JSON Schema's words instead (the server checks it again).
export const checkOptionsSchema = z
  .strictObject({
    ...compareOptionsSchema.shape,
    headers: headers.optional(),
    left: side.optional(),
    right: side.optional(),
  })
  .meta({
    id: "CheckOptions",
    description:
      "The API's compare options (POST /api/compare `options`), sent as written once ${NAME} references are expanded.",
    // The refinement in JSON Schema's words, so an editor flags a body without "method": "POST".
    if: { required: ["body"] },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's own keyword, never awaited.
    then: { required: ["method"], properties: { method: { const: "POST" } } },
  });

/** The API's discovery sources, each URL also allowed from the environment. */
const discover = z.union(
  discoverSchema.options.map((source) =>
    z.strictObject(Object.fromEntries(Object.entries(source.shape).map(([key, url]) => [key, urlOrReference(url)]))),
  ),
);

const suiteBases = {
  $comment: comment,
  leftBase: targetUrl,
  rightBase: targetUrl,
};

const pairCheck = z
  .strictObject({ $comment: comment, left: targetUrl, right: targetUrl, options: checkOptionsSchema.optional() })
  .meta({ id: "PairCheck", description: "One comparison of two URLs." });

const suiteCheck = z
  .strictObject({
    $comment: comment,
    suite: z.union([
      z.strictObject({ ...suiteBases, paths: suiteRequestSchema.shape.paths.unwrap() }),
      z.strictObject({ ...suiteBases, discover }),
    ]),
    options: checkOptionsSchema.optional(),
  })
  .meta({
    id: "SuiteCheck",
    description: "Every path under two base URLs, as a suite: the paths listed, or discovered from a document.",
  });

const gate = z
  .strictObject({
    $comment: comment,
    failOn: z
      .enum(SEVERITY_ORDER)
      .default("high")
      .meta({ description: "Exit 1 when a difference has at least this severity; none never fails on differences." }),
    newOnly: z.boolean().default(false).meta({ description: "Only differences new in this run fail the gate." }),
    inconclusive: z
      .enum(["fail", "pass"])
      .default("pass")
      .meta({ description: "What an inconclusive comparison does: fail (exit 4) or pass." }),
  })
  .meta({ description: "The gate over every check run together; flags given to envdiff check win over it." });

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    $comment: comment,
    server: targetUrl
      .optional()
      .meta({ description: "The envdiff server, when neither --server nor ENVDIFF_URL names one." }),
    checks: z
      .record(z.string().regex(CHECK_NAME), z.union([pairCheck, suiteCheck]))
      .refine((checks) => Object.keys(checks).length > 0, "name at least one check")
      .meta({ minProperties: 1, description: "The checks, by name: `envdiff check NAME` runs one." }),
    gate: gate.optional(),
  })
  .meta({
    title: "envdiff.config.json",
    description: "The envdiff checks a repository keeps: run by `envdiff check` and by the envdiff GitHub Action.",
  });

export function configJsonSchema(): Record<string, unknown> {
  // A mask's RE2 check and a URL's parser checks cannot be said in JSON Schema: the server still makes them.
  return z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
