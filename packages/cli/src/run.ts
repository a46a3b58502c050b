/**
 * Runs a parsed command: start or find the comparisons, wait for them, build the report.
 * Everything that talks to the server is here; printing is left to cli.ts (and action.ts).
 */
import type { Command, Common, Output } from "./args.js";
import { apiClient, type Client, type ClientSettings, describeError } from "./client.js";
import type { Check } from "./config.js";
import { ApiFailure } from "./errors.js";
import type { Gate } from "./gate.js";
import { buildReport, type Report, reportItem, type Target } from "./report.js";
import {
  type CompareRequest,
  checkCompareRequest,
  checkSuiteRequest,
  compareRequest,
  suiteRequest,
} from "./requests.js";
import { startSuite, suiteItems } from "./suite.js";
import { type Progress, readSummary, waitForAll } from "./wait.js";

type Gated = Extract<Command, { kind: "compare" | "suite" | "get" }>;

const isComparisonId = (id: string) => id.includes(":");

export function clientFor(output: Output & { server: string }, progress: Progress): Client {
  const settings: ClientSettings = {
    server: output.server,
    token: output.token,
    onRetry: (seconds, status) => progress.update(`envdiff: ${status}, retrying in ${seconds}s (Retry-After)`),
  };
  return apiClient(settings);
}

async function startCompare(client: Client, request: CompareRequest, idempotencyKey: string | undefined) {
  const { data, error, response } = await client.POST("/api/compare", {
    // `method: "POST"` and `body` may be newer than this server's document: see RequestOptions.
    body: request as { leftUrl: string; rightUrl: string },
    params: { header: idempotencyKey ? { "idempotency-key": idempotencyKey } : {} },
  });
  if (!data) throw new ApiFailure(`POST /api/compare: ${describeError(response.status, error)}`);
  return data.comparisonId;
}

/** The comparisons of run `number` of the suite (its newest without one). */
async function suiteTargets(client: Client, suiteId: string, check: string | null, number?: number): Promise<Target[]> {
  const items = await suiteItems(client, suiteId, number);
  return items.map((i) => ({ check, name: i.path, comparisonId: i.comparisonId }));
}

/** Waits for every target's comparison and gates them together. */
async function report(
  client: Client,
  title: string,
  targets: Target[],
  gate: Gate,
  waitSeconds: number,
  progress: Progress,
): Promise<Report> {
  const states = await waitForAll(
    client,
    targets.map((t) => t.comparisonId),
    waitSeconds,
    progress,
  );
  const items = targets.map((t) => {
    const state = states.get(t.comparisonId);
    if (!state) throw new ApiFailure(`No state for ${t.comparisonId}.`);
    return reportItem(state, t, gate);
  });
  return buildReport(title, items, gate);
}

export async function runGated(command: Gated, progress: Progress): Promise<Report> {
  const { common } = command;
  const client = clientFor(common, progress);
  const run = (title: string, targets: Target[]) =>
    report(client, title, targets, common.gate, common.waitSeconds, progress);

  if (command.kind === "compare") {
    const comparisonId = await startCompare(client, compareRequest(command), common.idempotencyKey);
    return run("envdiff compare", [{ check: null, name: `${command.leftUrl} vs ${command.rightUrl}`, comparisonId }]);
  }
  if (command.kind === "suite") {
    const { suiteId, number } = await startSuite(client, suiteRequest(command), common.idempotencyKey);
    return run(`envdiff suite ${command.name ?? suiteId}`, await suiteTargets(client, suiteId, null, number));
  }
  if (isComparisonId(command.id)) {
    const { state } = await readSummary(client, command.id);
    const name = state ? `${state.leftUrl} vs ${state.rightUrl}` : command.id;
    return run("envdiff comparison", [{ check: null, name, comparisonId: command.id }]);
  }
  const title =
    command.run === undefined ? `envdiff suite ${command.id}` : `envdiff suite ${command.id} run ${command.run}`;
  return run(title, await suiteTargets(client, command.id, null, command.run));
}

/**
 * `envdiff check`: every check started first (so they run at once on the server), then all waited
 * for and gated together. A retried CI step with --idempotency-key replays each check's start.
 */
export async function runChecks(
  checks: readonly Check[],
  output: Output & { server: string },
  gate: Gate,
  progress: Progress,
): Promise<Report> {
  const client = clientFor(output, progress);
  const targets: Target[] = [];
  for (const check of checks) {
    const key = output.idempotencyKey ? `${output.idempotencyKey}-${check.name}` : undefined;
    try {
      if (check.kind === "pair") {
        const comparisonId = await startCompare(client, checkCompareRequest(check), key);
        targets.push({ check: check.name, name: `${check.left} vs ${check.right}`, comparisonId });
      } else {
        const { suiteId, number } = await startSuite(client, checkSuiteRequest(check), key);
        targets.push(...(await suiteTargets(client, suiteId, check.name, number)));
      }
    } catch (error) {
      if (error instanceof ApiFailure) throw new ApiFailure(`check ${check.name}: ${error.message}`);
      throw error;
    }
  }
  const title = `envdiff check ${checks.map((c) => c.name).join(", ")}`;
  return report(client, title, targets, gate, output.waitSeconds, progress);
}

export async function listPairs(common: Common, limit: number, progress: Progress) {
  const client = clientFor(common, progress);
  const { data, error, response } = await client.GET("/api/pairs", { params: { query: { limit } } });
  if (!data) throw new ApiFailure(`GET /api/pairs: ${describeError(response.status, error)}`);
  return data;
}
