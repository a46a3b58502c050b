/**
 * probe(url, side, options) → SignalEnvelope: looks at one environment once. Follows redirects
 * itself (re-checking each Location with the SSRF guard), reads at most a capped body under one
 * deadline, and never throws for anything the network does: failures become `error` in the envelope.
 *
 * A POST sends its body (src/request-body.ts) with its Content-Type. Redirects follow the Fetch
 * standard: a 303, or a 301/302 answering a POST, turns the request into a GET without a body (and
 * without the body's Content-Type); a 307/308 keeps the method and body, but only on the first
 * origin: the body was meant for that host, so a 307/308 to another origin is not followed and the
 * side stops there with `blocked_target`, as the user's headers would stay behind (hop-headers.ts).
 */
import type { SentBody } from "../request-body";
import type { RedirectHop, Side, SignalEnvelope } from "../shapes/envelope";
import { classifyBody } from "./classify-body";
import { type Deadline, DeadlineExceeded, startDeadline } from "./deadline";
import { mapFetchError, type ProbeError } from "./fetch-errors";
import { fitBody } from "./fit-body";
import { credentialValues, hopHeaders } from "./hop-headers";
import { readBody } from "./read-body";
import { storedResponseHeaders } from "./redact";
import { checkTarget } from "./url-guard";

export const MAX_REDIRECTS = 5;
export const DEFAULT_BODY_CAP_BYTES = 1024 * 1024;
/** SHA-256 of zero bytes: the hash of every empty body. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface ProbeOptions {
  method: "GET" | "HEAD" | "POST";
  /** POST's body on the wire; ignored for GET and HEAD. */
  body?: SentBody;
  /** Sent to every hop of the same origin; once a redirect changes origin, only harmless ones (hop-headers.ts). */
  headers: Record<string, string>;
  /** One budget for the whole side: connect, redirects, headers and body. */
  timeoutMs: number;
  /** ALLOW_PRIVATE_TARGETS="true": lets the guard pass loopback and private targets. */
  allowPrivate: boolean;
  /** Bytes of body read, hashed and kept at most; the rest is cancelled. Default 1 MiB. */
  bodyCapBytes?: number;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** Everything the envelope needs that changes while the probe runs. */
interface Progress {
  envelope: SignalEnvelope;
  t0: number;
  deadline: Deadline;
  /** The credentials sent: a response header that echoes one is stored redacted (redact.ts). */
  sent: readonly string[];
}

function elapsed(t0: number): number {
  return Math.round(performance.now() - t0);
}

function finish(progress: Progress, error: ProbeError | null): SignalEnvelope {
  progress.deadline.clear();
  progress.envelope.timing.totalMs = elapsed(progress.t0);
  progress.envelope.error = error;
  return progress.envelope;
}

function timeoutError(timeoutMs: number, phase: string): ProbeError {
  return { code: "timeout", message: `No complete response within ${timeoutMs} ms (${phase}).` };
}

function failureOf(error: unknown, progress: Progress, timeoutMs: number, phase: string): ProbeError {
  return error instanceof DeadlineExceeded || progress.deadline.passed
    ? timeoutError(timeoutMs, phase)
    : mapFetchError(error);
}

function describeRedirectStop(redirects: RedirectHop[]): string {
  const seen = new Set<string>();
  const loop = redirects.some((hop) => seen.size === seen.add(hop.url).size);
  return loop
    ? `The target redirects in a loop; stopped after ${MAX_REDIRECTS} redirects.`
    : `The target redirected more than ${MAX_REDIRECTS} times; stopped following.`;
}

/** Probes `url` as `side`. Resolves with an envelope in every case; rejects only on a programming error. */
export async function probe(url: string, side: Side, options: ProbeOptions): Promise<SignalEnvelope> {
  const doFetch = options.fetch ?? fetch;
  const cap = options.bodyCapBytes ?? DEFAULT_BODY_CAP_BYTES;
  const progress: Progress = {
    sent: credentialValues(options.headers),
    t0: performance.now(),
    deadline: startDeadline(options.timeoutMs),
    envelope: {
      side,
      url,
      finalUrl: url,
      method: options.method,
      startedAt: new Date().toISOString(),
      ok: false,
      status: null,
      statusText: null,
      headers: {},
      redirects: [],
      timing: { totalMs: 0, headersMs: null },
      body: null,
      error: null,
    },
  };
  const { envelope, deadline } = progress;

  const first = checkTarget(url, { allowPrivate: options.allowPrivate });
  if (!first.ok) return finish(progress, { code: "blocked_target", message: first.reason });
  let current = first.url;
  envelope.finalUrl = current.href;
  // Once a redirect leaves the first origin, the user's headers stay behind for the rest of the
  // chain (hop-headers.ts), even if it comes back: the other origin chose where it leads.
  let leftOrigin = false;
  // What this hop sends: a redirect may turn a POST into a GET without its body (nextRequest).
  let method = options.method;
  let body = options.method === "POST" ? (options.body ?? null) : null;

  for (;;) {
    let response: Response;
    try {
      const headers = hopHeaders(options.headers, !leftOrigin);
      // The body's own type wins over a content-type among the user's headers: it says what is sent.
      if (body) headers.set("content-type", body.contentType);
      response = await doFetch(current.href, {
        method,
        headers,
        ...(body ? { body: body.content } : {}),
        redirect: "manual",
        signal: deadline.signal,
        cache: "no-store",
      });
    } catch (error) {
      return finish(progress, failureOf(error, progress, options.timeoutMs, "waiting for the response headers"));
    }

    const location = response.headers.get("location");
    if (!REDIRECT_STATUSES.has(response.status) || location === null) {
      return readFinal(progress, response, options, cap);
    }

    // A hop: record it, drop its body, and decide whether to follow.
    response.body?.cancel().catch(() => {});
    // Stored bounded, like header values: a hostile Location must not swell the envelope.
    envelope.redirects.push({ url: current.href, status: response.status, location: location.slice(0, 8192) });
    // When the chain stops here, this redirect is the response the side is judged by.
    const stopAt = (error: ProbeError) => {
      recordResponse(progress, response);
      return finish(progress, error);
    };
    if (envelope.redirects.length > MAX_REDIRECTS) {
      return stopAt({ code: "too_many_redirects", message: describeRedirectStop(envelope.redirects) });
    }
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return stopAt({
        code: "invalid_response",
        message: `The redirect Location "${location.slice(0, 200)}" is not a valid URL.`,
      });
    }
    const verdict = checkTarget(next, { allowPrivate: options.allowPrivate });
    if (!verdict.ok) {
      return stopAt({
        code: "blocked_target",
        message: `Redirect to ${next.href.slice(0, 200)} refused. ${verdict.reason}`,
      });
    }
    const following = nextRequest(response.status, method, body);
    if (following.body && verdict.url.origin !== first.url.origin) {
      return stopAt({
        code: "blocked_target",
        message: `A ${response.status} redirect to another origin (${verdict.url.origin.slice(0, 200)}) would send the request body there; not followed.`,
      });
    }
    ({ method, body } = following);
    current = verdict.url;
    envelope.finalUrl = current.href;
    leftOrigin ||= current.origin !== first.url.origin;
  }
}

/**
 * What the next hop sends after a redirect, as the Fetch standard has it: 303 (for anything but
 * HEAD) and 301/302 after a POST become a GET without a body; 307 and 308 keep both.
 */
export function nextRequest(
  status: number,
  method: ProbeOptions["method"],
  body: SentBody | null,
): { method: ProbeOptions["method"]; body: SentBody | null } {
  if ((status === 303 && method !== "HEAD") || ((status === 301 || status === 302) && method === "POST")) {
    return { method: "GET", body: null };
  }
  return { method, body };
}

/** Status line and headers of the latest response; the envelope reports the last one received. */
function recordResponse(progress: Progress, response: Response): void {
  const { envelope } = progress;
  envelope.ok = true;
  envelope.status = response.status;
  envelope.statusText = response.statusText;
  envelope.headers = storedResponseHeaders(response.headers, progress.sent);
  envelope.timing.headersMs = elapsed(progress.t0);
}

async function readFinal(
  progress: Progress,
  response: Response,
  options: ProbeOptions,
  cap: number,
): Promise<SignalEnvelope> {
  recordResponse(progress, response);
  const contentType = response.headers.get("content-type");
  if (options.method === "HEAD") {
    response.body?.cancel().catch(() => {});
    progress.envelope.body = { contentType, bytes: 0, truncated: false, sha256: EMPTY_SHA256, kind: "empty" };
    return finish(progress, null);
  }
  const read = await readBody(response.body, cap, progress.deadline.expired);
  progress.envelope.body = fitBody({
    contentType,
    bytes: read.data.byteLength,
    truncated: read.truncated,
    sha256: read.sha256,
    ...classifyBody(read.data, contentType, read.truncated),
  });
  const error = read.failure === null ? null : failureOf(read.failure, progress, options.timeoutMs, "reading the body");
  return finish(progress, error);
}
