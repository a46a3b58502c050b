/**
 * The command line, parsed and checked without I/O: what to run, with which request options,
 * against which server, gating on what, printed how. Anything wrong is a UsageError (exit 3).
 */
import { parseArgs } from "node:util";
import type { components } from "./api.js";
import { SEVERITY_ORDER, type Threshold } from "./gate.js";

export type CompareOptions = NonNullable<components["schemas"]["CompareRequest"]["options"]>;
/**
 * Options the contract names that this server version may not accept yet (per-side headers and
 * samples come with the suites and diff-quality work): sent only when a flag asks for them.
 */
export type RequestOptions = CompareOptions & {
  left?: { headers: Record<string, string> };
  right?: { headers: Record<string, string> };
  samples?: number;
};

export const FORMATS = ["text", "json", "junit", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export interface Common {
  server: string;
  token: string | undefined;
  format: Format;
  failOn: Threshold;
  newOnly: boolean;
  /** Seconds to wait for the comparisons to end before giving up (exit 3). */
  waitSeconds: number;
  idempotencyKey: string | undefined;
  options: RequestOptions;
}

export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "compare"; common: Common; leftUrl: string; rightUrl: string }
  | {
      kind: "suite";
      common: Common;
      name: string | undefined;
      leftBase: string;
      rightBase: string;
      source: { paths: string } | { openapi: string } | { sitemap: string };
    }
  | { kind: "get"; common: Common; id: string }
  | { kind: "pairs"; common: Common; limit: number };

export class UsageError extends Error {}

const OPTIONS = {
  server: { type: "string" },
  token: { type: "string" },
  format: { type: "string", short: "f" },
  "fail-on": { type: "string" },
  "new-only": { type: "boolean" },
  wait: { type: "string" },
  "idempotency-key": { type: "string" },
  method: { type: "string" },
  header: { type: "string", short: "H", multiple: true },
  "left-header": { type: "string", multiple: true },
  "right-header": { type: "string", multiple: true },
  "ignore-header": { type: "string", multiple: true },
  "ignore-path": { type: "string", multiple: true },
  samples: { type: "string" },
  timeout: { type: "string" },
  "left-base": { type: "string" },
  "right-base": { type: "string" },
  paths: { type: "string" },
  openapi: { type: "string" },
  sitemap: { type: "string" },
  name: { type: "string" },
  limit: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

export function parseCommand(argv: string[], env: Record<string, string | undefined>): Command {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.version) return { kind: "version" };
  const [name, ...rest] = positionals;
  if (values.help || name === "help") return { kind: "help" };
  if (name === undefined) throw new UsageError("Name a command: compare, suite, get or pairs.");

  const common = parseCommon(values, env);
  switch (name) {
    case "compare": {
      if (rest.length !== 2) throw new UsageError("compare takes two URLs: envdiff compare <leftUrl> <rightUrl>");
      const [leftUrl = "", rightUrl = ""] = rest;
      return { kind: "compare", common, leftUrl, rightUrl };
    }
    case "suite": {
      noPositionals("suite", rest);
      const leftBase = required(values["left-base"], "--left-base");
      const rightBase = required(values["right-base"], "--right-base");
      const sources = [
        values.paths === undefined ? null : { paths: values.paths },
        values.openapi === undefined ? null : { openapi: values.openapi },
        values.sitemap === undefined ? null : { sitemap: values.sitemap },
      ].filter((s) => s !== null);
      const [source] = sources;
      if (sources.length !== 1 || !source)
        throw new UsageError("suite needs exactly one of --paths FILE, --openapi URL, --sitemap URL");
      return { kind: "suite", common, name: values.name, leftBase, rightBase, source };
    }
    case "get": {
      if (rest.length !== 1) throw new UsageError("get takes one id: envdiff get <comparisonId|suiteId>");
      return { kind: "get", common, id: rest[0] ?? "" };
    }
    case "pairs":
      noPositionals("pairs", rest);
      return { kind: "pairs", common, limit: integer(values.limit ?? "20", "--limit", 1, 100) };
    default:
      throw new UsageError(`Unknown command ${JSON.stringify(name)}: compare, suite, get or pairs.`);
  }
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

function parseCommon(values: Values, env: Record<string, string | undefined>): Common {
  const server = values.server ?? env.ENVDIFF_URL;
  if (!server) throw new UsageError("Name the envdiff server with --server URL or ENVDIFF_URL.");
  if (!/^https?:\/\/[^/]+/i.test(server)) throw new UsageError(`--server must be an http(s) URL, got ${server}`);
  const format = values.format ?? "text";
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  const failOn = values["fail-on"] ?? "high";
  if (!(SEVERITY_ORDER as readonly string[]).includes(failOn)) {
    throw new UsageError(`--fail-on must be one of ${SEVERITY_ORDER.join(", ")}`);
  }
  return {
    server: server.replace(/\/+$/, ""),
    token: values.token ?? env.ENVDIFF_TOKEN ?? undefined,
    format: format as Format,
    failOn: failOn as Threshold,
    newOnly: values["new-only"] ?? false,
    waitSeconds: integer(values.wait ?? "600", "--wait", 1, 86_400),
    idempotencyKey: values["idempotency-key"],
    options: requestOptions(values),
  };
}

function requestOptions(values: Values): RequestOptions {
  const options: RequestOptions = {};
  if (values.method !== undefined) {
    const method = values.method.toUpperCase();
    if (method !== "GET" && method !== "HEAD") throw new UsageError("--method must be GET or HEAD");
    options.method = method;
  }
  if (values.header) options.headers = headers(values.header, "--header");
  if (values["left-header"]) options.left = { headers: headers(values["left-header"], "--left-header") };
  if (values["right-header"]) options.right = { headers: headers(values["right-header"], "--right-header") };
  if (values["ignore-header"]) options.ignoreHeaders = values["ignore-header"];
  if (values["ignore-path"]) options.ignorePaths = values["ignore-path"];
  if (values.samples !== undefined) options.samples = integer(values.samples, "--samples", 1, 3);
  if (values.timeout !== undefined) options.timeoutMs = integer(values.timeout, "--timeout", 500, 30_000);
  return options;
}

/** `Name: value` pairs, as curl takes them. */
function headers(list: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const colon = item.indexOf(":");
    if (colon < 1) throw new UsageError(`${flag} takes "Name: value", got ${JSON.stringify(item)}`);
    out[item.slice(0, colon).trim()] = item.slice(colon + 1).trim();
  }
  return out;
}

function integer(raw: string, flag: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === "") throw new UsageError(`suite needs ${flag}`);
  return value;
}

function noPositionals(command: string, rest: string[]) {
  if (rest.length > 0) throw new UsageError(`${command} takes no arguments besides flags, got ${rest.join(" ")}`);
}
