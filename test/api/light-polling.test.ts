import { describe, expect, it } from "vitest";
import { api, fresh, postCompare, targets, waitForEnd } from "../support/api";

describe("light polling of GET /api/compare/:id", () => {
  it("answers an ETag, and 304 with no body while the comparison has not changed", async () => {
    const q = fresh();
    const res = await postCompare({ leftUrl: `${targets()}/json${q}`, rightUrl: `${targets()}/json${q}&b` });
    const { comparisonId } = await res.json<{ comparisonId: string }>();
    await waitForEnd(comparisonId);

    const first = await api(`/api/compare/${comparisonId}?view=summary`);
    const etag = first.headers.get("etag");
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^"[^"]+"$/);
    await first.body?.cancel();

    const again = await api(`/api/compare/${comparisonId}?view=summary`, { headers: { "if-none-match": etag ?? "" } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");

    const full = await api(`/api/compare/${comparisonId}`, { headers: { "if-none-match": etag ?? "" } });
    expect(full.status).toBe(200);
    expect(full.headers.get("etag")).not.toBe(etag);
    await full.body?.cancel();
  });

  it("a changed comparison answers 200 with a new ETag to the old one", async () => {
    const q = fresh();
    const res = await postCompare({
      leftUrl: `${targets()}/delay${q}&ms=400`,
      rightUrl: `${targets()}/delay${q}&ms=400&b`,
    });
    const { comparisonId } = await res.json<{ comparisonId: string }>();
    const running = await api(`/api/compare/${comparisonId}?view=summary`);
    const etag = running.headers.get("etag") ?? "";
    expect((await running.json<{ status: string }>()).status).toBe("running");
    await waitForEnd(comparisonId);
    const ended = await api(`/api/compare/${comparisonId}?view=summary`, { headers: { "if-none-match": etag } });
    expect(ended.status).toBe(200);
    expect(ended.headers.get("etag")).not.toBe(etag);
    expect((await ended.json<{ status: string }>()).status).toBe("completed");
  });

  it("the summary view leaves out envelopes and bodies but keeps the result and each probe's outline", async () => {
    const q = fresh();
    const body = encodeURIComponent(JSON.stringify({ secret: "body-text-only-in-envelopes" }));
    const res = await postCompare({
      leftUrl: `${targets()}/json${q}&body=${body}`,
      rightUrl: `${targets()}/status/503${q}`,
    });
    const { comparisonId } = await res.json<{ comparisonId: string }>();
    await waitForEnd(comparisonId);

    const summaryRes = await api(`/api/compare/${comparisonId}?view=summary`);
    const text = await summaryRes.text();
    const summary = JSON.parse(text);
    expect(summary).not.toHaveProperty("probes");
    expect(summary.probed.left).toEqual({
      ok: true,
      status: 200,
      timing: expect.objectContaining({ totalMs: expect.any(Number) }),
      error: null,
    });
    expect(summary.probed.right.status).toBe(503);
    expect(summary.result.diff.differences.some((d: { path: string }) => d.path === "/status")).toBe(true);
    expect(text).not.toContain("content-type");

    const full = await (await api(`/api/compare/${comparisonId}`)).json<{ probes: { left: { headers: object } } }>();
    expect(full.probes.left.headers).toHaveProperty("content-type");
  });

  it("refuses an unknown view with 400", async () => {
    const res = await api(`/api/compare/${"a".repeat(64)}:00000000-0000-4000-8000-000000000000?view=everything`);
    expect(res.status).toBe(400);
    expect((await res.json<{ error: { code: string } }>()).error.code).toBe("invalid_request");
  });
});

describe("unknown pairs", () => {
  it("GET /api/pairs/{unknown}/comparisons answers 404 like the other pair routes", async () => {
    const unknown = `${"0".repeat(63)}1`;
    for (const path of [`/api/pairs/${unknown}`, `/api/pairs/${unknown}/events`, `/api/pairs/${unknown}/comparisons`]) {
      const res = await api(path);
      expect(res.status, path).toBe(404);
      expect((await res.json<{ error: { code: string } }>()).error.code).toBe("not_found");
    }
  });
});
