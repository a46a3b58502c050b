/**
 * The command line, parsed and checked: what to run, with which request options, against which
 * server, gating on what, printed how. Anything wrong is a UsageError (exit 3). The only I/O is
 * reading an `@file` argument, through the `readText` the caller passes.
 */
import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";
import { DEFAULT_GATE, type Gate, SEVERITY_ORDER, type Threshold } from "./gate.js";
import {
  anyRequestFlag,
  integer,
  REQUEST_FLAGS,
  type ReadText,
  type RequestOptions,
  requestOptions,
} from "./request-flags.js";

export const FORMATS = ["text", "json", "junit", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

/** How to talk to the server and print, for every command that does. */
export interface Output {
  /** Null only for `check`, whose config file may name the server. */
  server: string | null;
  token: string | undefined;
  format: Format;
  /** Seconds to wait for the comparisons to end before giving up (exit 3). */
  waitSeconds: number;
  idempotencyKey: string | undefined;
}

export interface Common extends Output {
  server: string;
  gate: Gate;
  options: RequestOptions;
}

export type SuiteSource = { paths: string } | { openapi: string } | { sitemap: string };

export type InitSource =
  | { kind: "pair"; left: string; right: string }
  | { kind: "suite"; leftBase: string; rightBase: string; source: SuiteSource };

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
      source: SuiteSource;
    }
  | { kind: "get"; common: Common; id: string; run: number | undefined }
  | { kind: "pairs"; common: Common; limit: number }
  | { kind: "check"; output: Output; gate: Partial<Gate>; names: string[]; configFile: string | undefined }
  | {
      kind: "init";
      configFile: string | undefined;
      force: boolean;
      name: string | undefined;
      server: string | undefined;
      from: InitSource;
    };

const OPTIONS = {
  server: { type: "string" },
  token: { type: "string" },
  config: { type: "string", short: "c" },
  format: { type: "string", short: "f" },
  "fail-on": { type: "string" },
  "new-only": { type: "boolean" },
  "fail-on-inconclusive": { type: "boolean" },
  wait: { type: "string" },
  "idempotency-key": { type: "string" },
  ...REQUEST_FLAGS,
  "left-base": { type: "string" },
  "right-base": { type: "string" },
  paths: { type: "string" },
  openapi: { type: "string" },
  sitemap: { type: "string" },
  name: { type: "string" },
  limit: { type: "string" },
  run: { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

type Parsed = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
type Values = Parsed["values"];
const COMMANDS = "compare, suite, check, init, get or pairs";

export function parseCommand(argv: string[], env: Record<string, string | undefined>, readText: ReadText): Command {
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.version) return { kind: "version" };
  const [name, ...rest] = positionals;
  if (values.help || name === "help") return { kind: "help" };
  if (name === undefined) throw new UsageError(`Name a command: ${COMMANDS}.`);
  if (values.run !== undefined && name !== "get")
    throw new UsageError("--run goes with get: envdiff get <suiteId> --run N");

  switch (name) {
    case "compare": {
      if (rest.length !== 2) throw new UsageError("compare takes two URLs: envdiff compare <leftUrl> <rightUrl>");
      const [leftUrl = "", rightUrl = ""] = rest;
      return { kind: "compare", common: common(values, env, readText), leftUrl, rightUrl };
    }
    case "suite": {
      noPositionals("suite", rest);
      const { leftBase, rightBase, source } = suiteSource(values, "suite");
      return { kind: "suite", common: common(values, env, readText), name: values.name, leftBase, rightBase, source };
    }
    case "check": {
      noRequestFlags("check", values);
      return {
        kind: "check",
        output: output(values, env, false),
        gate: gateFlags(values),
        names: rest,
        configFile: values.config,
      };
    }
    case "init":
      noRequestFlags("init", values);
      return {
        kind: "init",
        configFile: values.config,
        force: values.force ?? false,
        name: values.name,
        server: values.server,
        from: initSource(values, rest),
      };
    case "get": {
      if (rest.length !== 1) throw new UsageError("get takes one id: envdiff get <comparisonId|suiteId>");
      const id = rest[0] ?? "";
      if (values.run !== undefined && id.includes(":")) {
        throw new UsageError("--run numbers a suite's runs: envdiff get <suiteId> --run N");
      }
      // A suite's runs are numbered from 1 within it (run.number).
      const run = values.run === undefined ? undefined : integer(values.run, "--run", 1, Number.MAX_SAFE_INTEGER);
      return { kind: "get", common: common(values, env, readText), id, run };
    }
    case "pairs":
      noPositionals("pairs", rest);
      return {
        kind: "pairs",
        common: common(values, env, readText),
        limit: integer(values.limit ?? "20", "--limit", 1, 100),
      };
    default:
      throw new UsageError(`Unknown command ${JSON.stringify(name)}: ${COMMANDS}.`);
  }
}

/** A server URL: http(s), no trailing slash. */
export function serverUrl(raw: string, from: string): string {
  if (!/^https?:\/\/[^/]+/i.test(raw)) throw new UsageError(`${from} must be an http(s) URL, got ${raw}`);
  return raw.replace(/\/+$/, "");
}

function output(values: Values, env: Record<string, string | undefined>, needServer: true): Output & { server: string };
function output(values: Values, env: Record<string, string | undefined>, needServer: false): Output;
function output(values: Values, env: Record<string, string | undefined>, needServer: boolean): Output {
  const raw = values.server ?? (env.ENVDIFF_URL || undefined);
  if (!raw && needServer) throw new UsageError("Name the envdiff server with --server URL or ENVDIFF_URL.");
  const format = values.format ?? "text";
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  return {
    server: raw ? serverUrl(raw, values.server ? "--server" : "ENVDIFF_URL") : null,
    token: values.token ?? (env.ENVDIFF_TOKEN || undefined),
    format: format as Format,
    waitSeconds: integer(values.wait ?? "600", "--wait", 1, 86_400),
    idempotencyKey: values["idempotency-key"],
  };
}

/** Only the gate flags given: for `check` they win over the config file's gate. */
function gateFlags(values: Values): Partial<Gate> {
  const gate: Partial<Gate> = {};
  const failOn = values["fail-on"];
  if (failOn !== undefined) {
    if (!(SEVERITY_ORDER as readonly string[]).includes(failOn)) {
      throw new UsageError(`--fail-on must be one of ${SEVERITY_ORDER.join(", ")}`);
    }
    gate.failOn = failOn as Threshold;
  }
  if (values["new-only"]) gate.newOnly = true;
  if (values["fail-on-inconclusive"]) gate.failOnInconclusive = true;
  return gate;
}

function common(values: Values, env: Record<string, string | undefined>, readText: ReadText): Common {
  return {
    ...output(values, env, true),
    gate: { ...DEFAULT_GATE, ...gateFlags(values) },
    options: requestOptions(values, readText),
  };
}

function suiteSource(values: Values, command: string) {
  const leftBase = required(values["left-base"], command, "--left-base");
  const rightBase = required(values["right-base"], command, "--right-base");
  const sources = [
    values.paths === undefined ? null : { paths: values.paths },
    values.openapi === undefined ? null : { openapi: values.openapi },
    values.sitemap === undefined ? null : { sitemap: values.sitemap },
  ].filter((s) => s !== null);
  const [source] = sources;
  if (sources.length !== 1 || !source) {
    throw new UsageError(
      `${command} needs exactly one of --paths FILE, --openapi URL${command === "init" ? "|FILE" : ""}, --sitemap URL`,
    );
  }
  return { leftBase, rightBase, source };
}

function initSource(values: Values, rest: string[]): InitSource {
  if (rest.length === 2) return { kind: "pair", left: rest[0] ?? "", right: rest[1] ?? "" };
  if (rest.length === 0 && values["left-base"] !== undefined) return { kind: "suite", ...suiteSource(values, "init") };
  throw new UsageError(
    "init takes two URLs (envdiff init <leftUrl> <rightUrl>) or two bases and where the paths are (envdiff init --left-base URL --right-base URL --openapi URL|FILE).",
  );
}

function required(value: string | undefined, command: string, flag: string): string {
  if (value === undefined || value === "") throw new UsageError(`${command} needs ${flag}`);
  return value;
}

/** `check` and `init` keep request options in the config file, where a pull request reviews them. */
function noRequestFlags(command: string, values: Values) {
  const flag = anyRequestFlag(values);
  if (flag)
    throw new UsageError(
      `${command} keeps request options in the config file, not --${flag}: set them under "options".`,
    );
}

function noPositionals(command: string, rest: string[]) {
  if (rest.length > 0) throw new UsageError(`${command} takes no arguments besides flags, got ${rest.join(" ")}`);
}
