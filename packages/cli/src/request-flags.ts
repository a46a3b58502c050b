/**
 * The request options' flags: one or more per field of the API's compare options (issue 24: every
 * option the API takes can be set from the command line), turned into the `options` object the API
 * takes. OPTION_FLAGS names the flag of each field; a test walks the served OpenAPI document and
 * fails when a field has none.
 *
 * `--method POST` with a body is opt-in for each comparison: envdiff sends the same POST to both
 * environments, production included, so it is for read-only queries (GraphQL, search).
 */
import type { components } from "./api.js";
import { UsageError } from "./errors.js";

type GeneratedOptions = components["schemas"]["CompareOptions"];
export type Mask = NonNullable<GeneratedOptions["masks"]>[number];
export type RequestBody = components["schemas"]["RequestBody"];
export type RequestOptions = GeneratedOptions;

export const REQUEST_FLAGS = {
  method: { type: "string" },
  header: { type: "string", short: "H", multiple: true },
  "left-header": { type: "string", multiple: true },
  "right-header": { type: "string", multiple: true },
  "ignore-header": { type: "string", multiple: true },
  "ignore-path": { type: "string", multiple: true },
  samples: { type: "string" },
  timeout: { type: "string" },
  mask: { type: "string", multiple: true },
  "array-key": { type: "string", multiple: true },
  "unordered-path": { type: "string", multiple: true },
  "left-label": { type: "string" },
  "right-label": { type: "string" },
  "body-json": { type: "string" },
  "body-text": { type: "string" },
  "body-content-type": { type: "string" },
  "body-secret": { type: "boolean" },
} as const;

type FlagName = keyof typeof REQUEST_FLAGS;

/** Which flag sets each field of the API's compare options. */
export const OPTION_FLAGS: Record<string, readonly FlagName[]> = {
  method: ["method"],
  headers: ["header"],
  left: ["left-header"],
  right: ["right-header"],
  ignoreHeaders: ["ignore-header"],
  ignorePaths: ["ignore-path"],
  samples: ["samples"],
  timeoutMs: ["timeout"],
  masks: ["mask"],
  arrayKeys: ["array-key"],
  unorderedPaths: ["unordered-path"],
  leftLabel: ["left-label"],
  rightLabel: ["right-label"],
  body: ["body-json", "body-text", "body-content-type", "body-secret"],
};

export type RequestFlagValues = {
  [K in FlagName]?: (typeof REQUEST_FLAGS)[K] extends { multiple: true }
    ? string[]
    : (typeof REQUEST_FLAGS)[K] extends { type: "boolean" }
      ? boolean
      : string;
};

/** Reads the file of an `@file` argument; tests pass their own. */
export type ReadText = (file: string) => string;

/** Only the fields a flag set: the server fills in its defaults and a pair's saved settings. */
export function requestOptions(values: RequestFlagValues, readText: ReadText): RequestOptions {
  const options: RequestOptions = {};
  if (values.method !== undefined) options.method = method(values.method);
  if (values.header) options.headers = headers(values.header, "--header");
  if (values["left-header"]) options.left = { headers: headers(values["left-header"], "--left-header") };
  if (values["right-header"]) options.right = { headers: headers(values["right-header"], "--right-header") };
  if (values["ignore-header"]) options.ignoreHeaders = values["ignore-header"];
  if (values["ignore-path"]) options.ignorePaths = values["ignore-path"];
  if (values.samples !== undefined) options.samples = integer(values.samples, "--samples", 1, 3);
  if (values.timeout !== undefined) options.timeoutMs = integer(values.timeout, "--timeout", 500, 30_000);
  if (values.mask) options.masks = values.mask.map(mask);
  if (values["array-key"]) options.arrayKeys = arrayKeys(values["array-key"]);
  if (values["unordered-path"]) options.unorderedPaths = values["unordered-path"];
  if (values["left-label"] !== undefined) options.leftLabel = values["left-label"];
  if (values["right-label"] !== undefined) options.rightLabel = values["right-label"];
  const body = requestBody(values, readText);
  if (body) {
    if (options.method !== "POST") throw new UsageError("A request body needs --method POST.");
    options.body = body;
  }
  return options;
}

function method(raw: string): "GET" | "HEAD" | "POST" {
  const upper = raw.toUpperCase();
  if (upper === "GET" || upper === "HEAD" || upper === "POST") return upper;
  throw new UsageError(
    `--method must be GET, HEAD or POST, got ${JSON.stringify(raw)}: envdiff sends the same request to both environments, production included, so it never sends PUT, PATCH or DELETE.`,
  );
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

/** A pattern (masked everywhere with the default replacement), or the API's whole mask object as JSON. */
function mask(raw: string): Mask {
  if (!raw.trimStart().startsWith("{")) return { pattern: raw };
  const parsed = parseJson(raw, "--mask");
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed) || typeof (parsed as Mask).pattern !== "string") {
    throw new UsageError(`--mask takes a pattern or {"pattern": …, "replacement"?: …, "in"?: …}, got ${raw}`);
  }
  return parsed as Mask;
}

/** `POINTER=FIELD`: the elements of the array at POINTER are matched by their FIELD. */
function arrayKeys(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.lastIndexOf("=");
    if (eq < 1 || eq === item.length - 1) {
      throw new UsageError(`--array-key takes POINTER=FIELD (e.g. /body/json/items=id), got ${JSON.stringify(item)}`);
    }
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/**
 * `--body-json JSON|@file`, or `--body-text TEXT|@file` with an optional `--body-content-type`;
 * `--body-secret` seals it like a header value (shown as "[redacted]" everywhere after).
 */
function requestBody(values: RequestFlagValues, readText: ReadText): RequestBody | null {
  const json = values["body-json"];
  const text = values["body-text"];
  const contentType = values["body-content-type"];
  const secret = values["body-secret"] ? { secret: true } : {};
  if (json !== undefined && text !== undefined) throw new UsageError("Give --body-json or --body-text, not both.");
  if (contentType !== undefined && text === undefined)
    throw new UsageError("--body-content-type goes with --body-text.");
  if (json !== undefined) return { json: parseJson(atFile(json, readText), "--body-json"), ...secret };
  if (text !== undefined) {
    return { text: atFile(text, readText), ...(contentType === undefined ? {} : { contentType }), ...secret };
  }
  if (values["body-secret"]) throw new UsageError("--body-secret goes with --body-json or --body-text.");
  return null;
}

/** `@path` reads the file (as curl's -d does); anything else is the value itself. */
function atFile(raw: string, readText: ReadText): string {
  if (!raw.startsWith("@")) return raw;
  try {
    return readText(raw.slice(1));
  } catch (error) {
    throw new UsageError(`Cannot read ${raw.slice(1)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseJson(raw: string, flag: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new UsageError(`${flag} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function integer(raw: string, flag: string, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Whether any request option flag was given (`check` takes its options from the config file). */
export function anyRequestFlag(values: Record<string, unknown>): FlagName | null {
  return (Object.keys(REQUEST_FLAGS) as FlagName[]).find((name) => values[name] !== undefined) ?? null;
}
