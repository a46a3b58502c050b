/**
 * Waiting for comparisons to end: polls the summary view (no envelopes) with If-None-Match, so
 * while nothing changes each poll is a 304 with no body. A progress line goes to stderr on a TTY.
 */

import { type Client, describeError } from "./client.js";
import { ApiFailure } from "./errors.js";
import type { ComparisonView } from "./result-view.js";

const POLL_MS = 1000;

export interface Progress {
  update(text: string): void;
  done(): void;
}

/** A single rewritten line on a terminal; nothing at all when stderr is a file or a pipe (CI logs). */
export function progressLine(stream: NodeJS.WriteStream): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let shown = false;
  return {
    update(text) {
      stream.write(`\r\x1b[2K${text.slice(0, Math.max(20, (stream.columns ?? 80) - 1))}`);
      shown = true;
    },
    done() {
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}

export async function readSummary(client: Client, comparisonId: string, etag?: string) {
  const { data, error, response } = await client.GET("/api/compare/{comparisonId}", {
    params: { path: { comparisonId }, query: { view: "summary" }, header: etag ? { "if-none-match": etag } : {} },
  });
  if (response.status === 304) return { state: null, etag: etag ?? null };
  if (!data) throw new ApiFailure(`GET comparison ${comparisonId}: ${describeError(response.status, error)}`);
  return { state: data as ComparisonView, etag: response.headers.get("etag") };
}

/** Polls every comparison until none is running, or fails after `waitSeconds` (exit 3). */
export async function waitForAll(
  client: Client,
  ids: readonly string[],
  waitSeconds: number,
  progress: Progress,
): Promise<Map<string, ComparisonView>> {
  const ended = new Map<string, ComparisonView>();
  const etags = new Map<string, string>();
  const started = Date.now();
  for (;;) {
    for (const id of ids) {
      if (ended.has(id)) continue;
      const { state, etag } = await readSummary(client, id, etags.get(id));
      if (etag) etags.set(id, etag);
      if (state && state.status !== "running") ended.set(id, state);
    }
    const elapsed = Math.round((Date.now() - started) / 1000);
    if (ended.size === ids.length) {
      progress.done();
      return ended;
    }
    if (elapsed >= waitSeconds) {
      progress.done();
      throw new ApiFailure(`Still running after ${waitSeconds} s (--wait): ${ids.length - ended.size} comparison(s).`);
    }
    progress.update(`envdiff: waiting ${elapsed}s · ${ended.size}/${ids.length} done`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
