/**
 * A small typed client for envdiff's REST API, as the page uses it. Every shape comes from the
 * API's own zod schemas (type-only imports, so no zod reaches the browser bundle), and every
 * failure becomes an `ApiFailure` with the contract's error code, so components never see raw JSON.
 */
import type { z } from "zod";
import type { ComparisonState } from "../shapes/comparison";
import type { ErrorBody, ErrorCode } from "../shapes/errors";
import type {
  compareAcceptedSchema,
  compareRequestSchema,
  comparisonStateSummarySchema,
  pairComparisonsSchema,
  pairDetailSchema,
  pairListSchema,
  watchRequestSchema,
  watchResponseSchema,
} from "../shapes/routes";
import type { pairSettingsResponseSchema } from "../shapes/settings";
import type { whoamiSchema } from "../shapes/token-routes";
import { authHeaders, tokenRefused } from "./session";

export type CompareRequestInput = z.input<typeof compareRequestSchema>;
export type CompareAccepted = z.infer<typeof compareAcceptedSchema>;
export type ComparisonStateSummary = z.infer<typeof comparisonStateSummarySchema>;
export type PairComparisons = z.infer<typeof pairComparisonsSchema>;
export type PairList = z.infer<typeof pairListSchema>;
export type PairDetail = z.infer<typeof pairDetailSchema>;
export type WatchRequestInput = z.input<typeof watchRequestSchema>;
export type WatchResponse = z.infer<typeof watchResponseSchema>;
export type Whoami = z.infer<typeof whoamiSchema>;

/** Codes the page can meet: the API's own, plus the two it invents when no API answer arrived. */
export type FailureCode = ErrorCode | "network" | "unexpected";

export class ApiFailure extends Error {
  readonly code: FailureCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: FailureCode, message: string, status = 0, details?: unknown) {
    super(message);
    this.name = "ApiFailure";
    this.code = code;
    this.status = status;
    this.details = details;
  }

  /** Worth another try later: the network, a rate limit or a fault on the server's side. */
  get transient(): boolean {
    return this.code === "network" || this.code === "rate_limited" || this.status >= 500;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === "object" && error !== null && "code" in error && "message" in error;
}

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { accept: "application/json", ...authHeaders(), ...init.headers },
    });
  } catch (error) {
    // An abort is the caller's own doing (a newer request replaced this one): let it through as is.
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiFailure("network", "envdiff could not be reached. Check your connection and try again.");
  }
  // 204 (DELETE) has no body to read; the callers that expect it ask for `void`.
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && body !== null) return body as T;
  // A refused token is forgotten at once, so the page asks for one instead of failing call by call.
  if (response.status === 401) tokenRefused();
  if (isErrorBody(body)) {
    const { code, message, details } = body.error;
    throw new ApiFailure(code as ErrorCode, message, response.status, details);
  }
  throw new ApiFailure("unexpected", `envdiff answered ${response.status} without an explanation.`, response.status);
}

/** GET /api/whoami: who the page is signed in as (401 when it is not). */
export function getWhoami(signal?: AbortSignal): Promise<Whoami> {
  return request<Whoami>("/api/whoami", { signal: signal ?? null });
}

/** POST /api/compare: starts a comparison; answers at once with its id while it runs. */
export function startComparison(body: CompareRequestInput): Promise<CompareAccepted> {
  return request<CompareAccepted>("/api/compare", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** GET /api/compare/:id: the whole state, envelopes and result included. */
export function getComparison(comparisonId: string, signal?: AbortSignal): Promise<ComparisonState> {
  // The id comes from the page's address, so it is encoded; its one ":" stays readable in logs.
  const path = `/api/compare/${encodeURIComponent(comparisonId).replace(/%3A/gi, ":")}`;
  return request<ComparisonState>(path, { signal: signal ?? null });
}

/**
 * GET /api/compare/:id?view=summary with If-None-Match: what polling needs (no envelopes), and
 * `null` (a 304 with no body) while nothing changed since `etag`.
 */
export async function getComparisonSummary(
  comparisonId: string,
  etag: string | null,
  signal?: AbortSignal,
): Promise<{ summary: ComparisonStateSummary; etag: string | null } | null> {
  const path = `/api/compare/${encodeURIComponent(comparisonId).replace(/%3A/gi, ":")}?view=summary`;
  let response: Response;
  try {
    const headers: Record<string, string> = { accept: "application/json", ...authHeaders() };
    if (etag) headers["if-none-match"] = etag;
    response = await fetch(path, { headers, signal: signal ?? null });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiFailure("network", "envdiff could not be reached. Check your connection and try again.");
  }
  if (response.status === 304) return null;
  if (!response.ok) {
    // The same failure the full read would give, with the contract's code.
    return request<never>(path, { signal: signal ?? null });
  }
  return { summary: (await response.json()) as ComparisonStateSummary, etag: response.headers.get("etag") };
}

/** GET /api/pairs/:pairKey/comparisons: the pair's timeline, newest first. */
export function listPairComparisons(pairKey: string, limit: number, signal?: AbortSignal): Promise<PairComparisons> {
  return request<PairComparisons>(`/api/pairs/${encodeURIComponent(pairKey)}/comparisons?limit=${limit}`, {
    signal: signal ?? null,
  });
}

/** GET /api/pairs: one page of the pair directory, most recently compared first. */
export function listPairs(limit: number, cursor: string | null, signal?: AbortSignal): Promise<PairList> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor !== null) query.set("cursor", cursor);
  return request<PairList>(`/api/pairs?${query}`, { signal: signal ?? null });
}

/** GET /api/pairs/:pairKey: the pair's latest outcome, its watch and its recent drift events. */
export function getPair(pairKey: string, signal?: AbortSignal): Promise<PairDetail> {
  return request<PairDetail>(`/api/pairs/${encodeURIComponent(pairKey)}`, { signal: signal ?? null });
}

/** PUT /api/pairs/:pairKey/watch: sets or changes the watch; a new webhook URL returns its secret, once. */
export function putWatch(pairKey: string, body: WatchRequestInput): Promise<WatchResponse> {
  return request<WatchResponse>(`/api/pairs/${encodeURIComponent(pairKey)}/watch`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** DELETE /api/pairs/:pairKey/watch: stops the watch and forgets its webhook and secret. */
export function deleteWatch(pairKey: string): Promise<void> {
  return request<void>(`/api/pairs/${encodeURIComponent(pairKey)}/watch`, { method: "DELETE" });
}

/** A pair's saved default options (GET/PUT /api/pairs/:pairKey/settings). */
export type PairSettingsResponse = z.infer<typeof pairSettingsResponseSchema>;

export function getPairSettings(pairKey: string): Promise<PairSettingsResponse> {
  return request<PairSettingsResponse>(`/api/pairs/${encodeURIComponent(pairKey)}/settings`);
}

export function putPairSettings(
  pairKey: string,
  settings: PairSettingsResponse["settings"],
): Promise<PairSettingsResponse> {
  return request<PairSettingsResponse>(`/api/pairs/${encodeURIComponent(pairKey)}/settings`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(settings),
  });
}
