/**
 * Targets that misbehave on purpose: broken status lines, headers that never end, gzip bombs,
 * thousands of headers, redirects without end. Each must end as an envelope with an error or a
 * capped body, within the probe's timeout. (Hanging servers, slowloris bodies, resets, non-HTTP
 * answers and redirect loops are covered in probe-failures and probe-redirects.)
 */
import { describe, expect, it } from "vitest";
import {
  MAX_STORED_HEADER_CHARS,
  MAX_STORED_HEADER_VALUE_CHARS,
  MAX_STORED_HEADERS,
  storedResponseHeaders,
} from "../../src/probe/redact";
import { compareAndWait, fresh } from "../support/api";
import { RAW_RESPONSES } from "../support/targets";
import { base, local, probed } from "./helpers";

const MIB = 1024 * 1024;

/** Probes and checks it ended within `withinMs`. */
async function timedProbe(path: string, timeoutMs = 3_000, withinMs = timeoutMs + 1_000) {
  const started = performance.now();
  const envelope = await probed(`${base}${path}`, local({ timeoutMs }));
  expect(performance.now() - started).toBeLessThan(withinMs);
  return envelope;
}

describe("responses that are not valid HTTP", () => {
  // workerd refuses these before the Worker sees a Response and says only "Network connection lost".
  it.each([
    "status-2000",
    "status-text",
    "status-missing",
    "version-bogus",
    "header-no-colon",
    "conflicting-length",
    "only-100-continue",
  ])("%s ends as a connection error with no response", async (name) => {
    const envelope = await timedProbe(`/raw/${name}`);
    expect(envelope).toMatchObject({ ok: false, status: null, body: null });
    expect(envelope.error?.code).toBe("connection");
  });

  it("a chunked body with a bad chunk size keeps the status and ends in an error", async () => {
    const envelope = await timedProbe("/raw/bad-chunked");
    expect(envelope).toMatchObject({ ok: true, status: 200 });
    expect(envelope.body?.truncated).toBe(true);
    expect(envelope.error?.code).toBe("connection");
  });

  it("a body shorter than its Content-Length keeps what arrived, marked truncated", async () => {
    const envelope = await timedProbe("/raw/short-body");
    expect(envelope.body).toMatchObject({ bytes: 9, truncated: true, text: "only this" });
    expect(envelope.error?.code).toBe("connection");
  });

  it("bare LF line endings are tolerated, as most clients do", async () => {
    const envelope = await timedProbe("/raw/lf-only");
    expect(envelope).toMatchObject({ ok: true, status: 200, error: null });
    expect(envelope.body?.text).toBe("ok");
  });

  it("covers every raw response the target server knows", () => {
    expect(Object.keys(RAW_RESPONSES)).toHaveLength(10);
  });
});

describe("slow and endless answers", () => {
  it("headers that trickle in forever end as a timeout while waiting for the headers", async () => {
    const envelope = await timedProbe("/slow-headers?interval=50", 800, 2_000);
    expect(envelope).toMatchObject({ ok: false, status: null, body: null });
    expect(envelope.error).toEqual({
      code: "timeout",
      message: "No complete response within 800 ms (waiting for the response headers).",
    });
  });

  it("an endless chain of distinct redirects stops after five hops with too_many_redirects", async () => {
    const envelope = await timedProbe("/redirect/1000000");
    expect(envelope.redirects).toHaveLength(6);
    expect(new Set(envelope.redirects.map((hop) => hop.url)).size).toBe(6);
    expect(envelope.error).toEqual({
      code: "too_many_redirects",
      message: "The target redirected more than 5 times; stopped following.",
    });
  });
});

describe("gzip bombs", () => {
  // workerd decodes Content-Encoding: gzip as it streams, so the body cap counts decoded bytes and
  // the read stops there: ~1 KB of the ~1 MB download is inflated past the cap, never 1 GiB.
  it("reads 1 MiB of a body that inflates to 1 GiB, quickly, and marks it truncated", async () => {
    const envelope = await timedProbe("/gzip-bomb?mb=1024", 10_000, 3_000);
    expect(envelope.error).toBeNull();
    expect(envelope.headers["content-encoding"]).toBe("gzip");
    expect(envelope.body).toMatchObject({ bytes: MIB, truncated: true, kind: "binary" });
  });

  it("caps a text bomb the same way", async () => {
    const envelope = await timedProbe("/gzip-bomb?mb=64&type=text/plain", 10_000, 3_000);
    expect(envelope.body).toMatchObject({ bytes: MIB, truncated: true, kind: "text" });
  });

  it("a body that claims gzip but is not ends with an error, not an exception", async () => {
    const envelope = await timedProbe("/gzip-invalid");
    expect(envelope).toMatchObject({ ok: true, status: 200 });
    expect(envelope.error?.code).toBe("connection");
    expect(envelope.error?.message).toMatch(/decompression failed/i);
  });
});

describe("thousands of headers", () => {
  it("keeps at most 200 of 5,000 response headers, the first by name, so the envelope stays small", async () => {
    const envelope = await timedProbe("/many-headers?n=5000");
    expect(envelope).toMatchObject({ ok: true, status: 200, error: null });
    const names = Object.keys(envelope.headers);
    expect(names).toHaveLength(MAX_STORED_HEADERS);
    expect(names).toContain("x-h-00000");
    expect(names).not.toContain("x-h-04999");
    expect(JSON.stringify(envelope.headers).length).toBeLessThan(MAX_STORED_HEADER_CHARS + 10_000);
  });

  it("stops at the character budget when the headers are long", async () => {
    const envelope = await timedProbe("/many-headers?n=1000&size=400");
    const chars = Object.entries(envelope.headers).reduce((n, [name, value]) => n + name.length + value.length, 0);
    expect(chars).toBeLessThanOrEqual(MAX_STORED_HEADER_CHARS);
    expect(Object.keys(envelope.headers).length).toBeLessThan(MAX_STORED_HEADERS);
  });

  it("cuts a single huge header value and says how much was cut", () => {
    const stored = storedResponseHeaders(new Headers({ "x-big": "b".repeat(20_000) }));
    expect(stored["x-big"]).toBe(
      `${"b".repeat(MAX_STORED_HEADER_VALUE_CHARS)}… (${20_000 - MAX_STORED_HEADER_VALUE_CHARS} more characters)`,
    );
  });

  it("keeps headers named like Object.prototype members as plain data", () => {
    const stored = storedResponseHeaders(
      new Headers([
        ["__proto__", "p"],
        ["constructor", "c"],
        ["x-a", "1"],
      ]),
    );
    expect(Object.keys(stored).sort()).toEqual(["__proto__", "constructor", "x-a"]);
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(stored, "__proto__")?.value).toBe("p");
  });

  it("a comparison of a gzip bomb with a 5,000-header response completes with bounded envelopes", async () => {
    const q = fresh();
    const state = await compareAndWait(`${base}/gzip-bomb${q}`, `${base}/many-headers${q}&n=5000`);
    expect(state.status).toBe("completed");
    expect(state.probes.left?.body).toMatchObject({ bytes: MIB, truncated: true });
    expect(Object.keys(state.probes.right?.headers ?? {})).toHaveLength(MAX_STORED_HEADERS);
  });
});
