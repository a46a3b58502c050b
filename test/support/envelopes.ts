/**
 * Envelope factory for the diff tests: a healthy 200 JSON response from staging (left) or www
 * (right), with overrides. Hashes are derived from content so equal bodies hash equal.
 */
import type { EnvelopeBody, SignalEnvelope } from "../../src/shapes/envelope";
import type { JsonValue } from "../../src/shapes/json";
import type { Difference } from "../../src/shapes/result";

export const LEFT_URL = "https://staging.example.com/api";
export const RIGHT_URL = "https://www.example.com/api";

/** Stands in for SHA-256: the diff only needs equal content to give equal strings. */
export function fakeSha(content: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return ((h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0")).repeat(4);
}

export function jsonBody(json: JsonValue, extra: Partial<EnvelopeBody> = {}): EnvelopeBody {
  const text = JSON.stringify(json);
  return {
    contentType: "application/json",
    bytes: text.length,
    truncated: false,
    sha256: fakeSha(text),
    kind: "json",
    json,
    text,
    ...extra,
  };
}

export function textBody(text: string, extra: Partial<EnvelopeBody> = {}): EnvelopeBody {
  return {
    contentType: "text/html; charset=utf-8",
    bytes: text.length,
    truncated: false,
    sha256: fakeSha(text),
    kind: "text",
    text,
    ...extra,
  };
}

export function binaryBody(content: string, bytes = content.length): EnvelopeBody {
  return { contentType: "image/png", bytes, truncated: false, sha256: fakeSha(content), kind: "binary" };
}

function base(): Omit<SignalEnvelope, "side" | "url" | "finalUrl" | "body"> {
  return {
    method: "GET",
    startedAt: "2025-01-01T00:00:00.000Z",
    ok: true,
    status: 200,
    statusText: "OK",
    headers: { "content-type": "application/json" },
    redirects: [],
    timing: { totalMs: 100, headersMs: 80 },
    error: null,
  };
}

export function left(overrides: Partial<SignalEnvelope> = {}): SignalEnvelope {
  return { ...base(), side: "left", url: LEFT_URL, finalUrl: LEFT_URL, body: jsonBody({ ok: true }), ...overrides };
}

export function right(overrides: Partial<SignalEnvelope> = {}): SignalEnvelope {
  return { ...base(), side: "right", url: RIGHT_URL, finalUrl: RIGHT_URL, body: jsonBody({ ok: true }), ...overrides };
}

/** An envelope for a probe that got no response: no status, headers or body. */
export function failed(
  side: "left" | "right",
  code: NonNullable<SignalEnvelope["error"]>["code"],
  message = `${code} error`,
): SignalEnvelope {
  const make = side === "left" ? left : right;
  return make({ ok: false, status: null, statusText: null, headers: {}, body: null, error: { code, message } });
}

/** An expected Difference, as diffEnvelopes reports it before history is marked. */
export function difference(
  kind: Difference["kind"],
  path: string,
  change: Difference["change"],
  severity: Difference["severity"],
  left: JsonValue,
  right: JsonValue,
  identity: Pick<Difference, "key" | "leftPath" | "rightPath"> = {},
): Difference {
  return { kind, path, change, left, right, severity, history: "new", ...identity };
}
