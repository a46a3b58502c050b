/** Unreachable, hanging and misbehaving targets become data in the envelope, never exceptions. */
import { describe, expect, it } from "vitest";
import { base, local, probed, scriptedFetch } from "./helpers";

describe("probe failures", () => {
  it("gives up on a server that never answers after about the timeout, with code timeout", async () => {
    const started = performance.now();
    const envelope = await probed(`${base}/hang`, local({ timeoutMs: 600 }));
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(550);
    expect(took).toBeLessThan(2_000);
    expect(envelope).toMatchObject({ ok: false, status: null, headers: {}, body: null });
    expect(envelope.timing.headersMs).toBeNull();
    expect(envelope.timing.totalMs).toBeGreaterThanOrEqual(550);
    expect(envelope.error).toEqual({
      code: "timeout",
      message: "No complete response within 600 ms (waiting for the response headers).",
    });
  });

  it("stops reading a body that trickles forever at the timeout and keeps what arrived", async () => {
    const started = performance.now();
    const envelope = await probed(`${base}/slow-body?interval=50`, local({ timeoutMs: 600 }));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(envelope).toMatchObject({ ok: true, status: 200 });
    expect(envelope.error).toEqual({
      code: "timeout",
      message: "No complete response within 600 ms (reading the body).",
    });
    expect(envelope.body?.truncated).toBe(true);
    expect(envelope.body?.kind).toBe("text");
    expect(envelope.body?.bytes).toBeGreaterThan(0);
    expect(envelope.body?.text).toBe(".".repeat(envelope.body?.bytes ?? 0));
  });

  it("shares one deadline across redirects rather than restarting it on every hop", async () => {
    const target = encodeURIComponent(`${base}/hang`);
    const started = performance.now();
    const envelope = await probed(`${base}/redirect-to?url=${target}`, local({ timeoutMs: 600 }));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(envelope.redirects).toHaveLength(1);
    expect(envelope.finalUrl).toBe(`${base}/hang`);
    expect(envelope.error?.code).toBe("timeout");
  });

  it("reports a connection reset before any response as a connection error", async () => {
    const envelope = await probed(`${base}/reset`, local());
    expect(envelope).toMatchObject({ ok: false, status: null, body: null });
    expect(envelope.error).toEqual({
      code: "connection",
      message: "The connection failed or was closed before a complete response arrived: Network connection lost.",
    });
  });

  it("keeps the status and partial body when the connection drops in the middle of the body", async () => {
    const envelope = await probed(`${base}/reset-mid-body`, local());
    expect(envelope).toMatchObject({ ok: true, status: 200 });
    expect(envelope.body).toMatchObject({ bytes: 7, truncated: true, kind: "text", text: "partial" });
    expect(envelope.error?.code).toBe("connection");
  });

  it("reports a port where nothing listens as a connection error", async () => {
    const envelope = await probed("http://127.0.0.1:1/", local());
    expect(envelope).toMatchObject({ ok: false, status: null, finalUrl: "http://127.0.0.1:1/" });
    expect(envelope.error?.code).toBe("connection");
  });

  it("reports a server that does not speak HTTP as a connection error (workerd only says the connection was lost)", async () => {
    const envelope = await probed(`${base}/garbage`, local());
    expect(envelope.ok).toBe(false);
    expect(envelope.error?.code).toBe("connection");
  });

  it("reports a failed DNS lookup as dns", async () => {
    const failing = (async () => {
      throw new Error("DNS lookup failed");
    }) as typeof fetch;
    const envelope = await probed("https://no-such-host.example.com/", local({ allowPrivate: false, fetch: failing }));
    expect(envelope.error).toEqual({
      code: "dns",
      message: "The host name could not be resolved (DNS lookup failed): DNS lookup failed",
    });
  });

  it("keeps the redirects that happened before a later hop failed", async () => {
    const scripted = scriptedFetch({
      "https://a.example.com/": () =>
        new Response(null, { status: 301, headers: { location: "https://b.example.com/" } }),
    });
    const envelope = await probed("https://a.example.com/", local({ allowPrivate: false, fetch: scripted.fetch }));
    expect(envelope.redirects).toEqual([
      { url: "https://a.example.com/", status: 301, location: "https://b.example.com/" },
    ]);
    expect(envelope).toMatchObject({ ok: false, status: null, finalUrl: "https://b.example.com/" });
    expect(envelope.error?.code).toBe("connection");
  });

  it("resolves even when fetch throws something that is not an Error", async () => {
    const odd = (async () => {
      throw "boom";
    }) as typeof fetch;
    const envelope = await probed("https://a.example.com/", local({ allowPrivate: false, fetch: odd }));
    expect(envelope.error).toEqual({
      code: "connection",
      message: "The request failed before a complete response arrived: boom",
    });
  });

  it("refuses a URL that is not http or https without sending anything", async () => {
    const envelope = await probed("file:///etc/passwd", local());
    expect(envelope).toMatchObject({ ok: false, status: null, body: null, redirects: [] });
    expect(envelope.error).toEqual({
      code: "blocked_target",
      message: "Only http and https URLs can be probed, not file: URLs.",
    });
  });
});
