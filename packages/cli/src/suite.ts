/**
 * `envdiff suite`: POST /api/suites, then wait for every path's comparison like `compare` does.
 *
 * The suites routes are being added beside this CLI; until they are in the served document (and so in
 * api.d.ts), this file reads their answers by the contract's names alone: a `suiteId`, and a run whose
 * items each carry `path`, `comparisonId` and `status`. Regenerating the types (npm run spec) once the
 * routes land lets it use the generated types instead.
 */
import { readFileSync } from "node:fs";
import type { RequestOptions } from "./args.js";
import { ApiFailure, authHeaders, type ClientSettings, describeError, retryingFetch } from "./client.js";

export interface SuiteItemRef {
  path: string;
  comparisonId: string;
}

export interface SuiteRequest {
  name?: string;
  leftBase: string;
  rightBase: string;
  paths?: string[];
  discover?: { openapi: string } | { sitemap: string };
  options?: RequestOptions;
}

/** A --paths file: one path per line; blank lines and `#` comments skipped. */
export function readPathsFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ApiFailure(`Cannot read --paths ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

async function call(
  settings: ClientSettings,
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
) {
  const headers = {
    ...authHeaders(settings),
    ...extra,
    ...(body === undefined ? {} : { "content-type": "application/json" }),
  };
  const request = new Request(`${settings.server}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const response = await retryingFetch(settings)(request);
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {}
  if (!response.ok) throw new ApiFailure(`${method} ${path}: ${describeError(response.status, parsed)}`);
  return parsed;
}

export async function startSuite(
  settings: ClientSettings,
  request: SuiteRequest,
  idempotencyKey?: string,
): Promise<string> {
  const started = await call(
    settings,
    "POST",
    "/api/suites",
    request,
    idempotencyKey ? { "idempotency-key": idempotencyKey } : {},
  );
  const suiteId = field(started, "suiteId") ?? field(started, "id");
  if (typeof suiteId !== "string") throw new ApiFailure("POST /api/suites answered without a suiteId.");
  return suiteId;
}

/** The newest run's items of a suite. */
export async function suiteItems(settings: ClientSettings, suiteId: string): Promise<SuiteItemRef[]> {
  const suite = await call(settings, "GET", `/api/suites/${encodeURIComponent(suiteId)}`);
  const run = field(suite, "run") ?? field(suite, "latestRun") ?? field(suite, "lastRun") ?? suite;
  const items = field(run, "items") ?? field(suite, "items");
  if (!Array.isArray(items)) throw new ApiFailure(`GET /api/suites/${suiteId} answered without the run's items.`);
  return items.flatMap((item) => {
    const path = field(item, "path");
    const comparisonId = field(item, "comparisonId");
    return typeof path === "string" && typeof comparisonId === "string" ? [{ path, comparisonId }] : [];
  });
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === "object" && name in value
    ? (value as Record<string, unknown>)[name]
    : undefined;
}
