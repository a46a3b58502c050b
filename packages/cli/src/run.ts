/**
 * Runs a parsed command: start or find the comparisons, wait for them, build the report.
 * Everything that talks to the server is here; printing is left to cli.ts.
 */
import type { Command, Common, RequestOptions } from "./args.js";
import { ApiFailure, apiClient, type ClientSettings, describeError } from "./client.js";
import { buildReport, type Report, reportItem } from "./report.js";
import { readPathsFile, startSuite, suiteItems } from "./suite.js";
import { type Progress, readSummary, waitForAll } from "./wait.js";

type Gated = Extract<Command, { kind: "compare" | "suite" | "get" }>;

const isComparisonId = (id: string) => id.includes(":");

function settings(common: Common, progress: Progress): ClientSettings {
  return {
    server: common.server,
    token: common.token,
    onRetry: (seconds, status) => progress.update(`envdiff: ${status}, retrying in ${seconds}s (Retry-After)`),
  };
}

const withOptions = (options: RequestOptions) => (Object.keys(options).length > 0 ? { options } : {});

export async function runGated(command: Gated, progress: Progress): Promise<Report> {
  const { common } = command;
  const client = apiClient(settings(common, progress));
  let targets: { name: string; comparisonId: string }[];
  let title: string;

  if (command.kind === "compare") {
    // Per-side headers and samples may be newer than this server's document: see RequestOptions.
    const body = { leftUrl: command.leftUrl, rightUrl: command.rightUrl, ...withOptions(common.options) };
    const { data, error, response } = await client.POST("/api/compare", {
      body: body as { leftUrl: string; rightUrl: string },
      params: { header: common.idempotencyKey ? { "idempotency-key": common.idempotencyKey } : {} },
    });
    if (!data) throw new ApiFailure(`POST /api/compare: ${describeError(response.status, error)}`);
    targets = [{ name: `${command.leftUrl} vs ${command.rightUrl}`, comparisonId: data.comparisonId }];
    title = "envdiff compare";
  } else if (command.kind === "suite") {
    const { source } = command;
    const suiteId = await startSuite(
      settings(common, progress),
      {
        ...(command.name ? { name: command.name } : {}),
        leftBase: command.leftBase,
        rightBase: command.rightBase,
        ...("paths" in source ? { paths: readPathsFile(source.paths) } : { discover: source }),
        ...withOptions(common.options),
      },
      common.idempotencyKey,
    );
    targets = (await suiteItems(settings(common, progress), suiteId)).map((i) => ({
      name: i.path,
      comparisonId: i.comparisonId,
    }));
    title = `envdiff suite ${command.name ?? suiteId}`;
  } else if (isComparisonId(command.id)) {
    const { state } = await readSummary(client, command.id);
    targets = [{ name: state ? `${state.leftUrl} vs ${state.rightUrl}` : command.id, comparisonId: command.id }];
    title = "envdiff comparison";
  } else {
    targets = (await suiteItems(settings(common, progress), command.id)).map((i) => ({
      name: i.path,
      comparisonId: i.comparisonId,
    }));
    title = `envdiff suite ${command.id}`;
  }

  const states = await waitForAll(
    client,
    targets.map((t) => t.comparisonId),
    common.waitSeconds,
    progress,
  );
  const items = targets.map((t) => {
    const state = states.get(t.comparisonId);
    if (!state) throw new ApiFailure(`No state for ${t.comparisonId}.`);
    return reportItem(state, t.name, common.failOn, common.newOnly);
  });
  return buildReport(title, items, common.failOn, common.newOnly);
}

export async function listPairs(common: Common, limit: number, progress: Progress) {
  const client = apiClient(settings(common, progress));
  const { data, error, response } = await client.GET("/api/pairs", { params: { query: { limit } } });
  if (!data) throw new ApiFailure(`GET /api/pairs: ${describeError(response.status, error)}`);
  return data;
}
