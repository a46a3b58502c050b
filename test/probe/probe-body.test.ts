/** What the probe keeps of a response: status, headers, and a capped, hashed, classified body. */
import { describe, expect, it } from "vitest";
import { EMPTY_SHA256 } from "../../src/probe/probe";
import type { SignalEnvelope } from "../../src/shapes/envelope";
import { base, local, probed, sha256Hex } from "./helpers";

const MIB = 1024 * 1024;

/** The request headers /echo-headers saw, from the probed JSON body. */
function echoedHeaders(envelope: SignalEnvelope): Record<string, string> {
  return (envelope.body!.json as { headers: Record<string, string> }).headers;
}

describe("probe body", () => {
  it("keeps a JSON body parsed, with its size and hash", async () => {
    const text = JSON.stringify({ name: "envdiff-target", items: [1, 2, 3], nested: { ok: true } });
    const envelope = await probed(`${base}/json`, local());
    expect(envelope).toMatchObject({ ok: true, status: 200, statusText: "OK", finalUrl: `${base}/json`, error: null });
    expect(envelope.body).toEqual({
      contentType: "application/json",
      bytes: text.length,
      truncated: false,
      sha256: await sha256Hex(text),
      kind: "json",
      json: { name: "envdiff-target", items: [1, 2, 3], nested: { ok: true } },
    });
  });

  it("keeps a text body as text", async () => {
    const envelope = await probed(`${base}/text`, local());
    expect(envelope.body).toEqual({
      contentType: "text/plain; charset=utf-8",
      bytes: 12,
      truncated: false,
      sha256: await sha256Hex("hello\nworld\n"),
      kind: "text",
      text: "hello\nworld\n",
    });
  });

  it("recognises a JSON object served as text/plain", async () => {
    const envelope = await probed(`${base}/text?body=${encodeURIComponent('{"a":[1]}')}`, local());
    expect(envelope.body?.kind).toBe("json");
    expect(envelope.body?.json).toEqual({ a: [1] });
  });

  it("keeps a body labelled JSON that does not parse as text, so its content can still be compared", async () => {
    const envelope = await probed(`${base}/bad-json`, local());
    expect(envelope.error).toBeNull();
    expect(envelope.body).toEqual({
      contentType: "application/json",
      bytes: 12,
      truncated: false,
      sha256: await sha256Hex('{"ok": true,'),
      kind: "text",
      text: '{"ok": true,',
    });
  });

  it("reports an empty body as empty with the hash of nothing", async () => {
    const envelope = await probed(`${base}/empty`, local());
    expect(envelope.body).toEqual({
      contentType: null,
      bytes: 0,
      truncated: false,
      sha256: EMPTY_SHA256,
      kind: "empty",
    });
  });

  it("keeps only the size and hash of a binary body", async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const envelope = await probed(`${base}/binary`, local());
    expect(envelope.body).toEqual({
      contentType: "application/octet-stream",
      bytes: 256,
      truncated: false,
      sha256: await sha256Hex(bytes),
      kind: "binary",
    });
  });

  it("reads only the first MiB of a 40 MB response, marks it truncated and hashes what it read", async () => {
    const started = performance.now();
    const envelope = await probed(`${base}/huge`, local());
    expect(envelope.error).toBeNull();
    expect(envelope.headers["content-length"]).toBe(String(40 * MIB));
    expect(envelope.body).toEqual({
      contentType: "application/octet-stream",
      bytes: MIB,
      truncated: true,
      sha256: await sha256Hex(new Uint8Array(MIB).fill(0x78)),
      kind: "binary",
    });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("stops an endless text stream at the configured cap and keeps that much text", async () => {
    const envelope = await probed(`${base}/endless`, local({ bodyCapBytes: 100_000 }));
    expect(envelope.error).toBeNull();
    expect(envelope.body).toMatchObject({ bytes: 100_000, truncated: true, kind: "text", text: "x".repeat(100_000) });
  });

  it("does not mark a body truncated when it is exactly as long as the cap", async () => {
    const envelope = await probed(`${base}/text`, local({ bodyCapBytes: 12 }));
    expect(envelope.body).toMatchObject({ bytes: 12, truncated: false, text: "hello\nworld\n" });
  });

  it("keeps a JSON body cut at the cap as text, never as half-parsed JSON", async () => {
    const envelope = await probed(`${base}/json`, local({ bodyCapBytes: 10 }));
    expect(envelope.body).toMatchObject({ bytes: 10, truncated: true, kind: "text", text: '{"name":"e' });
    expect(envelope.body?.json).toBeUndefined();
  });

  it("decodes text with its declared charset", async () => {
    const envelope = await probed(`${base}/charset/latin1`, local());
    expect(envelope.body).toMatchObject({ bytes: 5, kind: "text", text: "café\n" });
  });

  it("falls back to UTF-8 when the declared charset is unknown", async () => {
    const envelope = await probed(`${base}/charset/bogus`, local());
    expect(envelope.body).toMatchObject({
      contentType: "text/plain; charset=x-no-such-charset",
      kind: "text",
      text: "naïve\n",
    });
  });

  it("replaces bytes that are not valid UTF-8 with replacement characters", async () => {
    const envelope = await probed(`${base}/charset/invalid-utf8`, local());
    expect(envelope.body).toMatchObject({ bytes: 5, kind: "text", text: "ok\uFFFD\uFFFD\n" });
  });

  it("answers a HEAD request with status and headers and an empty body", async () => {
    const envelope = await probed(`${base}/huge`, local({ method: "HEAD" }));
    expect(envelope).toMatchObject({ method: "HEAD", ok: true, status: 200, error: null });
    expect(envelope.headers["content-length"]).toBe(String(40 * MIB));
    expect(envelope.body).toEqual({
      contentType: "application/octet-stream",
      bytes: 0,
      truncated: false,
      sha256: EMPTY_SHA256,
      kind: "empty",
    });
  });

  it("records an error status as a normal answer, not as an error", async () => {
    const envelope = await probed(`${base}/status/503`, local());
    expect(envelope).toMatchObject({ ok: true, status: 503, statusText: "Service Unavailable", error: null });
    expect(envelope.body?.json).toEqual({ status: 503 });
  });
});

describe("probe headers", () => {
  it("keeps cookie names and attributes, never values, from several set-cookie headers", async () => {
    const query = "set-cookie=session%3Ds3cret%3B%20HttpOnly%3B%20Path%3D%2F&set-cookie=theme%3Ddark&X-Version=2.1.0";
    const envelope = await probed(`${base}/headers?${query}`, local());
    expect(envelope.headers["set-cookie"]).toBe("session; Path=/; HttpOnly, theme");
    expect(envelope.headers["x-version"]).toBe("2.1.0");
    expect(JSON.stringify(envelope.headers)).not.toContain("s3cret");
  });

  it("stores response headers under lowercase names and redacts credential-like ones", async () => {
    const envelope = await probed(`${base}/headers?X-CSRF-Token=abc123&X-Trace=t1`, local());
    expect(envelope.headers["x-csrf-token"]).toBe("[redacted]");
    expect(envelope.headers["x-trace"]).toBe("t1");
    expect(Object.keys(envelope.headers).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it("sends the user's headers to the target and a default user-agent", async () => {
    const headers = { Authorization: "Bearer t0ken", "X-Env": "staging" };
    const envelope = await probed(`${base}/echo-headers`, local({ headers }));
    const echoed = echoedHeaders(envelope);
    expect(echoed.authorization).toBe("Bearer t0ken");
    expect(echoed["x-env"]).toBe("staging");
    expect(echoed["user-agent"]).toBe("envdiff-probe/0.1");
  });

  it("lets the user replace the default user-agent", async () => {
    const envelope = await probed(`${base}/echo-headers`, local({ headers: { "User-Agent": "curl/8" } }));
    expect(echoedHeaders(envelope)["user-agent"]).toBe("curl/8");
  });

  it("measures time to headers and total time for a slow answer", async () => {
    const envelope = await probed(`${base}/delay?ms=300`, local());
    expect(envelope.timing.headersMs).toBeGreaterThanOrEqual(280);
    expect(envelope.timing.totalMs).toBeGreaterThanOrEqual(envelope.timing.headersMs ?? 0);
    expect(envelope.timing.totalMs).toBeLessThan(3_000);
  });

  it("labels the envelope with the side it was asked for and when it started", async () => {
    const before = Date.now();
    const envelope = await probed(`${base}/json`, local(), "right");
    expect(envelope.side).toBe("right");
    expect(Date.parse(envelope.startedAt)).toBeGreaterThanOrEqual(before - 1_000);
  });
});
