/**
 * `envdiff init`: a starting envdiff.config.json, from two URLs or from two base URLs and where the
 * paths are (an OpenAPI document or a sitemap the server discovers them from, a local OpenAPI JSON
 * document whose paths are written into the file for review, or a --paths file). JSON has no
 * comments, so the file explains itself in `$comment` keys, which the schema allows and the CLI
 * ignores. It never overwrites a file unless told to (--force).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command, InitSource } from "./args.js";
import { CHECK_NAME, CONFIG_FILE, parseConfig } from "./config.js";
import { UsageError } from "./errors.js";
import { readPathsFile } from "./suite.js";

type InitCommand = Extract<Command, { kind: "init" }>;

const TOP_COMMENT =
  'envdiff checks for this repository: `envdiff check` runs them all (or those named) and gates on them together; so does the GitHub Action. Header values never go in this file: write "${NAME}" and set NAME in the environment (a CI secret). The server is --server, ENVDIFF_URL, or "server" here. Every key is checked by the JSON Schema named in "$schema".';
const OPTIONS_COMMENT =
  'options are the API\'s compare options: ignorePaths, ignoreHeaders, masks, arrayKeys, unorderedPaths, samples, timeoutMs, leftLabel, rightLabel, method and body, headers, and per side: "left": { "headers": { "authorization": "Bearer ${STAGING_TOKEN}" } }.';
const GATE_COMMENT =
  "failOn: none, info, low, medium or high (exit 1 at or above it); newOnly: only differences new in this run fail; inconclusive: fail (exit 4) or pass.";

/** GET operations that need no parameter: each is a path envdiff can request as it is. */
export function openApiPaths(doc: unknown): string[] {
  const paths = (doc as { paths?: unknown } | null)?.paths;
  if (!doc || typeof doc !== "object" || !("openapi" in doc) || !paths || typeof paths !== "object") {
    throw new UsageError("--openapi FILE must be an OpenAPI 3.x document in JSON (with `openapi` and `paths`).");
  }
  // A parameter that is required, in the path, or a $ref this does not follow counts as needed.
  const needs = (list: unknown) =>
    Array.isArray(list) &&
    list.some(
      (p: { required?: unknown; in?: unknown; $ref?: unknown }) =>
        p?.required === true || p?.in === "path" || p?.$ref !== undefined,
    );
  return Object.entries(paths as Record<string, { get?: { parameters?: unknown }; parameters?: unknown }>)
    .filter(([template, item]) => template.startsWith("/") && !template.includes("{") && item?.get)
    .filter(([, item]) => !needs(item.parameters) && !needs(item.get?.parameters))
    .map(([template]) => template);
}

const isUrl = (value: string) => /^https?:\/\//i.test(value);

function suiteOf(from: Extract<InitSource, { kind: "suite" }>) {
  const { leftBase, rightBase, source } = from;
  if ("paths" in source) return { leftBase, rightBase, paths: readPathsFile(source.paths) };
  if ("sitemap" in source) return { leftBase, rightBase, discover: { sitemap: source.sitemap } };
  if (isUrl(source.openapi)) return { leftBase, rightBase, discover: { openapi: source.openapi } };
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(source.openapi, "utf8"));
  } catch (error) {
    throw new UsageError(
      `Cannot read --openapi ${source.openapi} as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const paths = openApiPaths(doc);
  if (paths.length === 0) throw new UsageError(`${source.openapi} has no GET operation that needs no parameter.`);
  return { leftBase, rightBase, paths };
}

/** `$schema`: the schema this CLI ships, relative to the config when it lies under it, else where npm installs it. */
export function schemaReference(configDir: string, schemaFile: string): string {
  const path = relative(configDir, schemaFile);
  if (path && !path.startsWith("..") && !isAbsolute(path)) return `./${path.split("\\").join("/")}`;
  return "./node_modules/envdiff/envdiff.config.schema.json";
}

export function starterConfig(command: InitCommand, schema: string): Record<string, unknown> {
  const name = command.name ?? "main";
  if (!CHECK_NAME.test(name))
    throw new UsageError(`--name ${JSON.stringify(name)}: ${CHECK_NAME} is what a check's name may be.`);
  const check =
    command.from.kind === "pair"
      ? {
          $comment: `Compares two URLs. ${OPTIONS_COMMENT}`,
          left: command.from.left,
          right: command.from.right,
          options: {},
        }
      : {
          $comment: `Compares each path under two base URLs, as a suite. ${OPTIONS_COMMENT}`,
          suite: suiteOf(command.from),
          options: {},
        };
  return {
    $schema: schema,
    $comment: TOP_COMMENT,
    ...(command.server ? { server: command.server } : {}),
    checks: { [name]: check },
    gate: { $comment: GATE_COMMENT, failOn: "high", newOnly: false, inconclusive: "pass" },
  };
}

/** Writes the file; answers what to tell the user. */
export function runInit(command: InitCommand, cwd: string): string {
  const file = resolve(cwd, command.configFile ?? CONFIG_FILE);
  const schemaFile = fileURLToPath(new URL("../envdiff.config.schema.json", import.meta.url));
  const config = starterConfig(command, schemaReference(dirname(file), schemaFile));
  const text = `${JSON.stringify(config, null, 2)}\n`;
  parseConfig(text, file); // what init writes, check reads: a mistake here is a bug, not the user's
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text, { flag: command.force ? "w" : "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      throw new UsageError(`${file} exists: --force replaces it.`);
    throw new UsageError(`Cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const shown = relative(cwd, file) || file;
  return `Wrote ${shown} with the check ${JSON.stringify(command.name ?? "main")}. Run it: envdiff check${command.configFile ? ` --config ${shown}` : ""}\n`;
}
