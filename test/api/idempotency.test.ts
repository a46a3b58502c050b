import { describe, expect, it } from "vitest";
import { postCompare, targets, waitForEnd } from "../support/api";

describe("Idempotency-Key on POST /api/compare", () => {
  it("the same key with the same body replays the original 202 and body, marked Idempotent-Replayed", async () => {
    const key = `ci-run-${crypto.randomUUID()}`;
    const body = { leftUrl: `${targets()}/json?${key}`, rightUrl: `${targets()}/json?${key}&b` };
    const first = await postCompare(body, { "idempotency-key": key });
    expect(first.status).toBe(202);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const original = await first.text();
    const { comparisonId } = JSON.parse(original) as { comparisonId: string };
    await waitForEnd(comparisonId);

    const again = await postCompare(body, { "idempotency-key": key });
    expect(again.status).toBe(202);
    expect(again.headers.get("location")).toBe(`/api/compare/${comparisonId}`);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    // The original answer, byte for byte: status "running" even though the comparison has finished.
    expect(await again.text()).toBe(original);
  });

  it("the same key with a different body for the same pair is refused with 422", async () => {
    const key = `deploy-${crypto.randomUUID()}`;
    const body = { leftUrl: `${targets()}/json?${key}`, rightUrl: `${targets()}/json?${key}&b` };
    expect((await postCompare(body, { "idempotency-key": key })).status).toBe(202);
    const changed = await postCompare({ ...body, options: { timeoutMs: 2000 } }, { "idempotency-key": key });
    expect(changed.status).toBe(422);
    const error = await changed.json<{ error: { code: string } }>();
    expect(error.error.code).toBe("idempotency_conflict");
  });

  it("without a key, the same body starts a new comparison each time", async () => {
    const q = crypto.randomUUID();
    const body = { leftUrl: `${targets()}/json?${q}`, rightUrl: `${targets()}/json?${q}&b` };
    const a = await (await postCompare(body)).json<{ comparisonId: string }>();
    const b = await (await postCompare(body)).json<{ comparisonId: string }>();
    expect(a.comparisonId).not.toBe(b.comparisonId);
    await Promise.all([waitForEnd(a.comparisonId), waitForEnd(b.comparisonId)]);
  });
});
