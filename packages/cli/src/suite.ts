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

/** Starts a suite and its first run; answers the suite's id and the run's. */
export async function startSuite(
  client: Client,
  request: SuiteRequest,
  idempotencyKey: string | undefined,
): Promise<{ suiteId: string; runId: number }> {
  const { data, error, response } = await client.POST("/api/suites", {
    // `method: "POST"` and `body` may be newer than this server's document: see RequestOptions.
    body: request as GeneratedSuiteRequest,
    headers: idempotencyKey ? { "idempotency-key": idempotencyKey } : {},
  });
  if (!data) throw new ApiFailure(`POST /api/suites: ${describeError(response.status, error)}`);
  return { suiteId: data.suiteId, runId: data.runId };
}

/** The items of a suite's newest run (or of `runId`, which must be the newest). */
export async function suiteItems(client: Client, suiteId: string, runId?: number): Promise<SuiteItemRef[]> {
  const { data, error, response } = await client.GET("/api/suites/{suiteId}", { params: { path: { suiteId } } });
  if (!data) throw new ApiFailure(`GET /api/suites/${suiteId}: ${describeError(response.status, error)}`);
  const { run } = data;
  if (!run) throw new ApiFailure(`Suite ${suiteId} has no run yet.`);
  if (runId !== undefined && run.runId !== runId) {
    throw new ApiFailure(
      `Suite ${suiteId} started run ${run.runId} after this one (${runId}): read it with envdiff get.`,
    );
  }
  return run.items.map((item) => ({ path: item.path, comparisonId: item.comparisonId }));
}
