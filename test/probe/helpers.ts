/** Shared helpers for the probe tests: options, schema-checked probing and hashing. */
import { expect, inject } from "vitest";
import { type ProbeOptions, probe } from "../../src/probe/probe";
import { envelopeSchema, type Side, type SignalEnvelope } from "../../src/shapes/envelope";

/** Base URL of the local targets (test/support/targets.ts), e.g. http://127.0.0.1:41234. */
export const base = inject("targetBaseUrl");

/** Options for probing the local targets: loopback must be allowed for them to be reachable at all. */
export function local(overrides: Partial<ProbeOptions> = {}): ProbeOptions {
  return { method: "GET", headers: {}, timeoutMs: 10_000, allowPrivate: true, ...overrides };
}

/** Probes and checks the result against the contract's schema, so every test also checks the shape. */
export async function probed(url: string, options: ProbeOptions, side: Side = "left"): Promise<SignalEnvelope> {
  const envelope = await probe(url, side, options);
  expect(envelopeSchema.parse(envelope)).toEqual(envelope);
  return envelope;
}

export async function sha256Hex(input: string | Uint8Array): Promise<string> {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A fetch that answers from a table keyed by URL and records what it was asked. */
export function scriptedFetch(routes: Record<string, () => Response>) {
  const calls: { url: string; headers: Headers; method: string }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    calls.push({ url, headers: new Headers(init?.headers), method: init?.method ?? "GET" });
    const route = routes[url];
    if (!route) throw new Error(`Network connection lost. (no scripted route for ${url})`);
    return route();
  }) as typeof fetch;
  return { fetch: fetchImpl, calls };
}

export function redirectTo(location: string, status = 302): () => Response {
  return () => new Response(null, { status, headers: { location } });
}
