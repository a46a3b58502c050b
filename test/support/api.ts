/** Drives the Worker the way a REST client does: through exports.default.fetch. */
import { exports } from "cloudflare:workers";
import { inject } from "vitest";
import type { ComparisonState } from "../../src/shapes/comparison";
import { endpointPair } from "./scoring";

export const targets = () => inject("targetBaseUrl");

export function api(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`http://envdiff.test${path}`, init));
}

export function postCompare(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return api("/api/compare", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export async function getState(comparisonId: string): Promise<ComparisonState> {
  const res = await api(`/api/compare/${comparisonId}`);
  if (res.status !== 200) throw new Error(`GET ${comparisonId}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Polls like a client until the comparison is completed or failed. */
export async function waitForEnd(comparisonId: string, timeoutMs = 25_000): Promise<ComparisonState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await getState(comparisonId);
    if (state.status !== "running") return state;
    if (Date.now() > deadline) throw new Error(`comparison ${comparisonId} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** POSTs a comparison, expects 202, and waits for its end. */
export async function compareAndWait(
  leftUrl: string,
  rightUrl: string,
  options?: unknown,
  timeoutMs?: number,
): Promise<ComparisonState> {
  const res = await postCompare(options === undefined ? { leftUrl, rightUrl } : { leftUrl, rightUrl, options });
  if (res.status !== 202) throw new Error(`POST /api/compare: ${res.status} ${await res.text()}`);
  const { comparisonId } = await res.json<{ comparisonId: string }>();
  return waitForEnd(comparisonId, timeoutMs);
}

/**
 * Compares every endpoint of a two-environment fixture at once, each under `?run=<tag>` (a pair of
 * its own per tag), and waits for all of them: endpoint → final state. `options` gives an
 * endpoint's compare options (a POST and its body, a HEAD) when it is not a plain GET.
 */
export async function compareEndpoints(
  urls: { staging: string; production: string },
  endpoints: readonly string[],
  tag: string,
  timeoutMs = 60_000,
  options: Readonly<Record<string, unknown>> = {},
): Promise<Map<string, ComparisonState>> {
  const states = await Promise.all(
    endpoints.map(async (endpoint) => {
      const { leftUrl, rightUrl } = endpointPair(urls, endpoint, tag);
      return [endpoint, await compareAndWait(leftUrl, rightUrl, options[endpoint], timeoutMs)] as const;
    }),
  );
  return new Map(states);
}

/** A unique query string, so each test compares its own pair (its own Durable Object). */
export const fresh = () => `?t=${crypto.randomUUID()}`;
