import { describe, expect, it } from "vitest";
import { api, compareAndWait, fresh, postCompare, targets } from "../support/api";

const paths = (state: { result: { diff: { differences: { path: string }[] } } | null }) =>
  state.result?.diff.differences.map((d) => d.path).sort();

describe("POST /api/compare → workflow → GET /api/compare/:id", () => {
  it("answers 202 with a Location, then reports identical services as identical", async () => {
    const q = fresh();
    const res = await postCompare({
      leftUrl: `${targets()}/variant/staging/api/same${q}`,
      rightUrl: `${targets()}/variant/production/api/same${q}`,
    });
    expect(res.status).toBe(202);
    const body = await res.json<{ comparisonId: string; pairKey: string; status: string; createdAt: string }>();
    expect(body.status).toBe("running");
    expect(body.comparisonId.startsWith(`${body.pairKey}:`)).toBe(true);
    expect(res.headers.get("location")).toBe(`/api/compare/${body.comparisonId}`);
    const { waitForEnd } = await import("../support/api");
    const state = await waitForEnd(body.comparisonId);
    expect(state.status).toBe("completed");
    expect(state.result?.diff.identical).toBe(true);
    expect(state.result?.explanation.source).toBe("rules");
    expect(state.probes.left?.status).toBe(200);
    expect(state.probes.right?.status).toBe(200);
  });

  it("finds the header and JSON field that differ between staging and production", async () => {
    const q = fresh();
    const state = await compareAndWait(
      `${targets()}/variant/staging/api/status${q}`,
      `${targets()}/variant/production/api/status${q}`,
    );
    expect(state.status).toBe("completed");
    expect(paths(state)).toEqual(["/body/json/features/newCheckout", "/headers/x-app-version"]);
    const header = state.result?.diff.differences.find((d) => d.path === "/headers/x-app-version");
    expect(header).toMatchObject({ kind: "header", change: "changed", left: "2.1.0", right: "2.0.3", history: "new" });
    expect(state.result?.explanation.summary).toMatch(/x-app-version/i);
  });

  it("reports a status that differs across classes as high", async () => {
    const q = fresh();
    const state = await compareAndWait(
      `${targets()}/variant/staging/api/health${q}`,
      `${targets()}/variant/production/api/health${q}`,
    );
    const status = state.result?.diff.differences.find((d) => d.kind === "status");
    expect(status).toMatchObject({ path: "/status", left: 503, right: 200, severity: "high" });
    expect(state.result?.explanation.severity).toBe("high");
  });

  it("records a redirect chain on one side as a redirect difference", async () => {
    const q = fresh();
    const state = await compareAndWait(`${targets()}/redirect/2${q}`, `${targets()}/json${q}`);
    expect(state.status).toBe("completed");
    expect(state.probes.left?.redirects.length).toBe(2);
    expect(state.result?.diff.differences.map((d) => d.kind)).toContain("redirect");
  });

  it("turns a side that never answers into a timeout difference, not a failure", async () => {
    const q = fresh();
    const started = Date.now();
    const state = await compareAndWait(`${targets()}/hang${q}`, `${targets()}/json${q}`, { timeoutMs: 1000 });
    expect(state.status).toBe("completed");
    expect(state.probes.left?.error?.code).toBe("timeout");
    expect(state.result?.diff.differences.find((d) => d.kind === "error")).toMatchObject({
      path: "/error",
      severity: "high",
    });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("turns an unreachable side into a connection error difference", async () => {
    const q = fresh();
    const state = await compareAndWait(`http://127.0.0.1:9/nothing${q}`, `${targets()}/json${q}`);
    expect(state.status).toBe("completed");
    expect(state.probes.left?.ok).toBe(false);
    expect(state.probes.left?.error?.code).toBe("connection");
  });

  it("caps a 40 MB body instead of buffering it", async () => {
    const q = fresh();
    const state = await compareAndWait(`${targets()}/huge${q}`, `${targets()}/huge${q}&other`);
    expect(state.status).toBe("completed");
    expect(state.probes.left?.body).toMatchObject({ bytes: 1024 * 1024, truncated: true });
    expect(state.probes.right?.body?.truncated).toBe(true);
  });

  it("stores request headers as names only while still sending them", async () => {
    const q = fresh();
    const state = await compareAndWait(`${targets()}/echo-headers${q}`, `${targets()}/echo-headers${q}&b`, {
      headers: { authorization: "Bearer s3cret", "x-team": "core" },
    });
    expect(state.options.headers).toEqual({ authorization: "[redacted]", "x-team": "[redacted]" });
    expect(JSON.stringify(state.options)).not.toContain("s3cret");
  });

  it("lists the pair's comparisons newest first with their capacity", async () => {
    const q = fresh();
    const left = `${targets()}/variant/staging/api/status${q}`;
    const right = `${targets()}/variant/production/api/status${q}`;
    const first = await compareAndWait(left, right);
    const second = await compareAndWait(right, left);
    expect(second.pairKey).toBe(first.pairKey);
    const res = await api(`/api/pairs/${first.pairKey}/comparisons?limit=10`);
    expect(res.status).toBe(200);
    const body = await res.json<{
      pairKey: string;
      capacity: number;
      comparisons: { comparisonId: string; severity: string | null }[];
    }>();
    expect(body.pairKey).toBe(first.pairKey);
    expect(body.capacity).toBe(50);
    expect(body.comparisons.map((c) => c.comparisonId)).toEqual([second.comparisonId, first.comparisonId]);
    expect(body.comparisons[0]?.severity).toBe("medium");
  });
});
