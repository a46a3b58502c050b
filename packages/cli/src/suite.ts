/**
 * Suites from the CLI: POST /api/suites, then the comparisons of the run it started (one per path),
 * which the caller waits for like any other. Used by `envdiff suite`, by a config file's suite
 * checks, and by `envdiff get <suiteId>`.
 */
import { readFileSync } from "node:fs";
import type { components } from "./api.js";
import type { Client } from "./client.js";
import { describeError } from "./client.js";
import { ApiFailure, UsageError } from "./errors.js";
import type { RequestOptions } from "./request-flags.js";

type GeneratedSuiteRequest = components["schemas"]["SuiteRequest"];
export type SuiteRequest = Omit<GeneratedSuiteRequest, "options"> & { options?: RequestOptions };

export interface SuiteItemRef {
  path: string;
  comparisonId: string;
}

/** A --paths file: one path per line; blank lines and `#` comments skipped. */
export function readPathsFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`Cannot read --paths ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** Starts a suite and its first run; answers the suite's id and the run's number in it (1). */
export async function startSuite(
  client: Client,
  request: SuiteRequest,
  idempotencyKey: string | undefined,
): Promise<{ suiteId: string; number: number }> {
  const { data, error, response } = await client.POST("/api/suites", {
    // `method: "POST"` and `body` may be newer than this server's document: see RequestOptions.
    body: request as GeneratedSuiteRequest,
    headers: idempotencyKey ? { "idempotency-key": idempotencyKey } : {},
  });
  if (!data) throw new ApiFailure(`POST /api/suites: ${describeError(response.status, error)}`);
  return { suiteId: data.suiteId, number: data.number };
}

/**
 * The items of run `number` of the suite (numbered from 1 within it), read by its number so a run
 * started since does not get in the way; without a number, of the suite's newest run.
 */
export async function suiteItems(client: Client, suiteId: string, number?: number): Promise<SuiteItemRef[]> {
  const run = number === undefined ? await newestRun(client, suiteId) : await numberedRun(client, suiteId, number);
  return run.items.map((item) => ({ path: item.path, comparisonId: item.comparisonId }));
}

type SuiteRun = components["schemas"]["SuiteRun"];

async function newestRun(client: Client, suiteId: string): Promise<SuiteRun> {
  const { data, error, response } = await client.GET("/api/suites/{suiteId}", { params: { path: { suiteId } } });
  if (!data) throw new ApiFailure(`GET /api/suites/${suiteId}: ${describeError(response.status, error)}`);
  if (!data.run) throw new ApiFailure(`Suite ${suiteId} has no run yet.`);
  return data.run;
}

async function numberedRun(client: Client, suiteId: string, number: number): Promise<SuiteRun> {
  const { data, error, response } = await client.GET("/api/suites/{suiteId}/runs/{number}", {
    params: { path: { suiteId, number } },
  });
  if (!data)
    throw new ApiFailure(`GET /api/suites/${suiteId}/runs/${number}: ${describeError(response.status, error)}`);
  return data;
}
