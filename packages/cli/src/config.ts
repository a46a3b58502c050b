/**
 * `envdiff.config.json`: the checks a repository keeps, reviewed in its pull requests (issue 24).
 * Its JSON Schema (envdiff.config.schema.json, generated from the API's own zod definitions by
 * scripts/config-schema.mjs) lets an editor complete and check it. Here it is read the way the CLI
 * needs it: the file's own structure checked with messages that name the place, header values
 * refused unless they come from the environment, and `${NAME}` references expanded for the checks
 * that run. The request options themselves go to the server as written, and the server validates
 * them with the same definitions (a bad one is its 400, exit 3), so a new API option works here as
 * soon as the server takes it.
 */

import { expandReferences, hasReference } from "./env-refs.js";
import { UsageError } from "./errors.js";
import type { Threshold } from "./gate.js";
import { SEVERITY_ORDER } from "./gate.js";
import type { RequestOptions } from "./request-flags.js";

export const CONFIG_FILE = "envdiff.config.json";
export const CHECK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export type Discover = { openapi: string } | { sitemap: string };
export interface SuiteDefinition {
  leftBase: string;
  rightBase: string;
  paths?: string[];
  discover?: Discover;
}
export type Check =
  | { name: string; kind: "pair"; left: string; right: string; options: RequestOptions }
  | { name: string; kind: "suite"; suite: SuiteDefinition; options: RequestOptions };

export interface ConfigGate {
  failOn?: Threshold;
  newOnly?: boolean;
  inconclusive?: "fail" | "pass";
}

export interface Config {
  file: string;
  /** As written: `${NAME}` references are expanded only when the server comes from the file. */
  server: string | undefined;
  gate: ConfigGate;
  /** As written, in the file's order. */
  checks: Check[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function fail(file: string, at: string, message: string): never {
  throw new UsageError(`${file}: ${at}: ${message}`);
}

function object(file: string, at: string, value: unknown, allowed: readonly string[]): Json {
  if (!isObject(value)) fail(file, at, "must be an object");
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    fail(
      file,
      at,
      `unknown key ${JSON.stringify(unknown[0])}; expected ${allowed.filter((k) => k !== "$comment").join(", ")}`,
    );
  }
  return value;
}

function string(file: string, at: string, value: unknown): string {
  if (typeof value !== "string" || value === "") fail(file, at, "must be a non-empty string");
  return value;
}

/** Header values are never written in the file: each must come from the environment. */
function checkHeaderValues(file: string, at: string, headers: unknown) {
  if (headers === undefined) return;
  if (!isObject(headers)) fail(file, at, "must be an object of header names to values");
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== "string" || !hasReference(value)) {
      fail(
        file,
        `${at}.${name}`,
        'header values are never written in the file: write "${NAME}" (e.g. "Bearer ${STAGING_TOKEN}") and set NAME in the environment',
      );
    }
  }
}

function options(file: string, at: string, value: unknown): RequestOptions {
  if (value === undefined) return {};
  if (!isObject(value)) fail(file, at, "must be an object of the API's compare options");
  checkHeaderValues(file, `${at}.headers`, value.headers);
  for (const side of ["left", "right"] as const) {
    if (value[side] !== undefined)
      checkHeaderValues(file, `${at}.${side}.headers`, object(file, `${at}.${side}`, value[side], ["headers"]).headers);
  }
  return value as RequestOptions;
}

function suite(file: string, at: string, value: unknown): SuiteDefinition {
  const s = object(file, at, value, ["$comment", "leftBase", "rightBase", "paths", "discover"]);
  const definition: SuiteDefinition = {
    leftBase: string(file, `${at}.leftBase`, s.leftBase),
    rightBase: string(file, `${at}.rightBase`, s.rightBase),
  };
  if ((s.paths === undefined) === (s.discover === undefined))
    fail(file, at, 'give exactly one of "paths" and "discover"');
  if (s.paths !== undefined) {
    if (!Array.isArray(s.paths) || s.paths.some((p) => typeof p !== "string"))
      fail(file, `${at}.paths`, "must be a list of paths");
    definition.paths = s.paths as string[];
  }
  if (s.discover !== undefined) {
    const d = object(file, `${at}.discover`, s.discover, ["openapi", "sitemap"]);
    const keys = Object.keys(d);
    if (keys.length !== 1) fail(file, `${at}.discover`, 'give exactly one of "openapi" and "sitemap"');
    definition.discover =
      "openapi" in d
        ? { openapi: string(file, `${at}.discover.openapi`, d.openapi) }
        : { sitemap: string(file, `${at}.discover.sitemap`, d.sitemap) };
  }
  return definition;
}

function check(file: string, name: string, value: unknown): Check {
  const at = `checks.${name}`;
  if (!CHECK_NAME.test(name))
    fail(file, at, "a check's name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
  if (isObject(value) && "suite" in value) {
    const c = object(file, at, value, ["$comment", "suite", "options"]);
    return {
      name,
      kind: "suite",
      suite: suite(file, `${at}.suite`, c.suite),
      options: options(file, `${at}.options`, c.options),
    };
  }
  const c = object(file, at, value, ["$comment", "left", "right", "options"]);
  return {
    name,
    kind: "pair",
    left: string(file, `${at}.left`, c.left),
    right: string(file, `${at}.right`, c.right),
    options: options(file, `${at}.options`, c.options),
  };
}

function gate(file: string, value: unknown): ConfigGate {
  if (value === undefined) return {};
  const g = object(file, "gate", value, ["$comment", "failOn", "newOnly", "inconclusive"]);
  const out: ConfigGate = {};
  if (g.failOn !== undefined) {
    if (!(SEVERITY_ORDER as readonly unknown[]).includes(g.failOn))
      fail(file, "gate.failOn", `must be one of ${SEVERITY_ORDER.join(", ")}`);
    out.failOn = g.failOn as Threshold;
  }
  if (g.newOnly !== undefined) {
    if (typeof g.newOnly !== "boolean") fail(file, "gate.newOnly", "must be true or false");
    out.newOnly = g.newOnly;
  }
  if (g.inconclusive !== undefined) {
    if (g.inconclusive !== "fail" && g.inconclusive !== "pass")
      fail(file, "gate.inconclusive", 'must be "fail" or "pass"');
    out.inconclusive = g.inconclusive;
  }
  return out;
}

/** The file's text as a Config, or a UsageError that says what is wrong and where. */
export function parseConfig(text: string, file: string): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const top = object(file, "the top level", raw, ["$schema", "$comment", "server", "checks", "gate"]);
  if (!isObject(top.checks) || Object.keys(top.checks).length === 0)
    fail(file, "checks", "must name at least one check");
  return {
    file,
    server: top.server === undefined ? undefined : string(file, "server", top.server),
    gate: gate(file, top.gate),
    checks: Object.entries(top.checks).map(([name, value]) => check(file, name, value)),
  };
}

/** The checks to run (all of them, or those named, in the file's order), references expanded. */
export function selectChecks(
  config: Config,
  names: readonly string[],
  env: Record<string, string | undefined>,
): Check[] {
  const known = config.checks.map((c) => c.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new UsageError(
      `${config.file} has no check ${unknown.map((n) => JSON.stringify(n)).join(", ")}; it has ${known.join(", ")}.`,
    );
  }
  const chosen = names.length === 0 ? config.checks : config.checks.filter((c) => names.includes(c.name));
  return chosen.map((c) => expandReferences(c, `checks.${c.name}`, env, config.file));
}

/** The line of a check's key in the file (1-based), for annotations that point at it. */
export function checkLine(text: string, name: string): number | undefined {
  const checks = text.indexOf('"checks"');
  if (checks < 0) return undefined;
  const index = text.slice(checks).search(new RegExp(`"${name.replace(/[.]/g, "\\.")}"\\s*:`));
  return index < 0 ? undefined : text.slice(0, checks + index).split("\n").length;
}
