/**
 * The envdiff API client: openapi-fetch over the types generated from the served OpenAPI document
 * (api.d.ts), with the token, a timeout per request, and retries that honour Retry-After on 429/503.
 */
import createClient from "openapi-fetch";
import type { paths } from "./api.js";
import { ApiFailure } from "./errors.js";

export type Client = ReturnType<typeof createClient<paths>>;

const RETRIES = 5;
const MAX_RETRY_AFTER_S = 120;
const REQUEST_TIMEOUT_MS = 30_000;

export interface ClientSettings {
  server: string;
  token: string | undefined;
  /** Waits between retries; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (seconds: number, status: number) => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds from a Retry-After header: delta-seconds or an HTTP date; 1 when missing or unreadable. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number {
  if (value === null) return 1;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value.trim()) : (Date.parse(value) - now) / 1000;
  if (!Number.isFinite(seconds)) return 1;
  return Math.min(MAX_RETRY_AFTER_S, Math.max(0, Math.ceil(seconds)));
}

/** fetch with a timeout, network failures as ApiFailure, and up to 5 retries after 429/503. */
export function retryingFetch(settings: ClientSettings) {
  const sleep = settings.sleep ?? realSleep;
  return async (request: Request): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(request.clone(), { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      } catch (error) {
        const reason =
          error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        throw new ApiFailure(`Cannot reach ${settings.server}: ${reason}`);
      }
      if ((response.status !== 429 && response.status !== 503) || attempt >= RETRIES) return response;
      const seconds = retryAfterSeconds(response.headers.get("retry-after"));
      settings.onRetry?.(seconds, response.status);
      await response.body?.cancel();
      await sleep(seconds * 1000);
    }
  };
}

export function authHeaders(settings: ClientSettings): Record<string, string> {
  const headers: Record<string, string> = { "user-agent": "envdiff-cli" };
  if (settings.token) headers.authorization = `Bearer ${settings.token}`;
  return headers;
}

export function apiClient(settings: ClientSettings): Client {
  return createClient<paths>({
    baseUrl: settings.server,
    fetch: retryingFetch(settings),
    headers: authHeaders(settings),
  });
}

/** The contract's `{ error: { code, message } }` as one line, or the status when the body is something else. */
export function describeError(status: number, body: unknown): string {
  if (body && typeof body === "object" && "error" in body) {
    const { error } = body as { error: { code?: unknown; message?: unknown } };
    return `${status} ${String(error.code)}: ${String(error.message)}`;
  }
  return `HTTP ${status}`;
}
