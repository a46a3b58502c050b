/**
 * The page's client for /api/suites (docs/suites.md), on the same typed `request` as src/web/client.ts.
 * Shapes come from the API's zod schemas, type-only.
 */
import type { z } from "zod";
import type { SuiteAccepted, SuiteDetail, SuiteSummary } from "../shapes/suite";
import type { SuitePatch, suiteRequestSchema } from "../shapes/suite-routes";
import { request } from "./client";

export type SuiteRequestInput = z.input<typeof suiteRequestSchema>;
export type { SuiteAccepted, SuiteDetail, SuiteSummary };

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** POST /api/suites: creates the suite and starts its first run. */
export function createSuite(body: SuiteRequestInput): Promise<SuiteAccepted> {
  return request<SuiteAccepted>("/api/suites", json(body));
}

/** POST /api/suites/:suiteId/runs: runs it again with its stored paths and options. */
export function rerunSuite(suiteId: string): Promise<SuiteAccepted> {
  return request<SuiteAccepted>(`/api/suites/${encodeURIComponent(suiteId)}/runs`, json({}));
}

/** PATCH /api/suites/:suiteId (admin): a new definition for its next runs; answers the suite as GET does. */
export function editSuite(suiteId: string, patch: SuitePatch): Promise<SuiteDetail> {
  return request<SuiteDetail>(`/api/suites/${encodeURIComponent(suiteId)}`, { ...json(patch), method: "PATCH" });
}

/** GET /api/suites/:suiteId: the definition and its newest run. */
export function getSuite(suiteId: string, signal?: AbortSignal): Promise<SuiteDetail> {
  return request<SuiteDetail>(`/api/suites/${encodeURIComponent(suiteId)}`, { signal: signal ?? null });
}

/** GET /api/suites: the first page of suites, most recently run first. */
export function listSuites(limit: number, signal?: AbortSignal): Promise<{ suites: SuiteSummary[] }> {
  return request<{ suites: SuiteSummary[] }>(`/api/suites?limit=${limit}`, { signal: signal ?? null });
}
