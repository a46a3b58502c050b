import { describe, expect, inject, it } from "vitest";
import { computePairKey } from "../../src/pair-key";
import { api, compareAndWait, targets } from "../support/api";
import { dumpPairObject } from "../support/dumps";
import { endpointPair } from "../support/realistic";

const put = (pairKey: string, body: unknown) =>
  api(`/api/pairs/${pairKey}/settings`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function orderPair() {
  const pair = endpointPair(inject("shopUrls"), "/api/orders/1001", crypto.randomUUID());
  return { ...pair, pairKey: await computePairKey(pair.leftUrl, pair.rightUrl) };
}

describe("pair settings", () => {
  it("saves default options that every later comparison of the pair uses", async () => {
    const { leftUrl, rightUrl, pairKey } = await orderPair();
    const saved = await put(pairKey, { ignorePaths: ["/body/json/tax", "/body/json/total"], leftLabel: "staging" });
    expect(saved.status).toBe(200);
    const state = await compareAndWait(leftUrl, rightUrl);
    expect(state.options).toMatchObject({ ignorePaths: ["/body/json/tax", "/body/json/total"], leftLabel: "staging" });
    const paths = state.result?.diff.differences.map((d) => d.path) ?? [];
    expect(paths).not.toContain("/body/json/total");
    expect(state.result?.explanation.summary).toMatch(/between staging and /);
  });

  it("adds a request's own ignore paths, masks, array keys and unordered paths to the saved ones", async () => {
    const { leftUrl, rightUrl, pairKey } = await orderPair();
    await put(pairKey, {
      ignorePaths: ["/body/json/taxRate"],
      masks: [{ pattern: "saved-[0-9]+" }],
      arrayKeys: { "/body/json/lines": "sku", "/body/json/saved": "id" },
      unorderedPaths: ["/body/json/lines"],
    });
    const state = await compareAndWait(leftUrl, rightUrl, {
      ignorePaths: ["/body/json/total", "/body/json/taxRate"],
      masks: [{ pattern: "own-[0-9]+" }],
      arrayKeys: { "/body/json/lines": "qty" },
      unorderedPaths: ["/body/json/tags"],
    });
    const paths = state.result?.diff.differences.map((d) => d.path) ?? [];
    // Both lists apply: the saved ignore path still holds, and so does the request's own.
    expect(paths).not.toContain("/body/json/taxRate");
    expect(paths).not.toContain("/body/json/total");
    expect(paths).toContain("/body/json/tax");
    expect(state.options).toMatchObject({
      ignorePaths: ["/body/json/taxRate", "/body/json/total"],
      masks: [
        { pattern: "saved-[0-9]+", in: "all" },
        { pattern: "own-[0-9]+", in: "all" },
      ],
      // For a pointer both name, the request's key wins.
      arrayKeys: { "/body/json/lines": "qty", "/body/json/saved": "id" },
      unorderedPaths: ["/body/json/lines", "/body/json/tags"],
    });
  });

  it("lets a request's own label and samples override the saved ones", async () => {
    const { leftUrl, rightUrl, pairKey } = await orderPair();
    await put(pairKey, { leftLabel: "saved", samples: 3 });
    const state = await compareAndWait(leftUrl, rightUrl, { leftLabel: "mine", samples: 1 });
    expect(state.options).toMatchObject({ leftLabel: "mine", samples: 1 });
  });

  it("applies 50 saved and 50 requested ignore paths together, and refuses 51 in one request", async () => {
    const { leftUrl, rightUrl, pairKey } = await orderPair();
    const many = (prefix: string) => Array.from({ length: 50 }, (_, i) => `/body/json/${prefix}${i}`);
    expect((await put(pairKey, { ignorePaths: many("saved") })).status).toBe(200);
    const state = await compareAndWait(leftUrl, rightUrl, { ignorePaths: many("own") });
    expect(state.options.ignorePaths).toHaveLength(100);
    const refused = await put(pairKey, { ignorePaths: [...many("a"), "/body/json/one-more"] });
    expect(refused.status).toBe(400);
  });

  it("removes a saved entry when the settings are saved without it", async () => {
    const { leftUrl, rightUrl, pairKey } = await orderPair();
    await put(pairKey, { ignorePaths: ["/body/json/taxRate", "/body/json/total"] });
    const { settings } = await (await api(`/api/pairs/${pairKey}/settings`)).json<{
      settings: { ignorePaths: string[] };
    }>();
    await put(pairKey, { ...settings, ignorePaths: settings.ignorePaths.filter((p) => p !== "/body/json/taxRate") });
    const state = await compareAndWait(leftUrl, rightUrl, { ignorePaths: ["/body/json/tax"] });
    const paths = state.result?.diff.differences.map((d) => d.path) ?? [];
    expect(paths).toContain("/body/json/taxRate");
    expect(paths).not.toContain("/body/json/total");
  });

  it("reads the saved settings back, and {} for a pair without any", async () => {
    const { pairKey } = await orderPair();
    const empty = await api(`/api/pairs/${pairKey}/settings`);
    expect(await empty.json()).toEqual({ pairKey, settings: {}, sides: null, updatedAt: null });
    await put(pairKey, { unorderedPaths: ["/body/json/lines"], samples: 3 });
    const res = await api(`/api/pairs/${pairKey}/settings`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ settings: { unorderedPaths: ["/body/json/lines"], samples: 3 } });
  });

  it('refuses a "[redacted]" header value, unknown fields and a pattern that is not RE2, with a clear error', async () => {
    const { pairKey } = await orderPair();
    for (const body of [
      { headers: { authorization: "[redacted]" } },
      { nope: 1 },
      { masks: [{ pattern: "(?<=a)b" }] },
    ]) {
      const res = await put(pairKey, body);
      expect(res.status).toBe(400);
      const error = (await res.json<{ error: { code: string } }>()).error;
      expect(error.code).toBe("invalid_request");
    }
  });

  it("saves per-side headers sealed: each side gets its own under the request's, and none is stored in clear", async () => {
    const key = crypto.randomUUID();
    const sentinel = `settings-sentinel-${crypto.randomUUID()}`;
    const leftUrl = `${targets()}/recorded/${key}-left`;
    const rightUrl = `${targets()}/recorded/${key}-right`;
    const pairKey = await computePairKey(leftUrl, rightUrl);
    // Compared once first: per-side headers are bound to the pair's URLs, which only a comparison names.
    await compareAndWait(leftUrl, rightUrl, { samples: 1 });
    const saved = await put(pairKey, {
      headers: { Authorization: `Bearer ${sentinel}-shared`, "X-Team": "checkout" },
      left: { headers: { "X-Env-Token": `${sentinel}-left` } },
      right: { headers: { "X-Env-Token": `${sentinel}-right` } },
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ sides: { left: leftUrl, right: rightUrl } });
    const view = await (await api(`/api/pairs/${pairKey}/settings`)).text();
    expect(view).toContain('"Authorization":"[redacted]"');
    expect(view).not.toContain(sentinel);

    // The request sets X-Team itself: its value wins over the saved one; the rest come from the settings.
    const state = await compareAndWait(leftUrl, rightUrl, { samples: 1, headers: { "X-Team": "payments" } });
    expect(state.status).toBe("completed");
    for (const side of ["left", "right"] as const) {
      const seen: Record<string, string>[] = await (
        await fetch(`${targets()}/recorded/${key}-${side}/requests`)
      ).json();
      expect(seen).toHaveLength(2);
      expect(seen[1]).toMatchObject({
        authorization: `Bearer ${sentinel}-shared`,
        "x-env-token": `${sentinel}-${side}`,
        "x-team": "payments",
      });
    }
    expect(await dumpPairObject(pairKey)).not.toContain(sentinel);
    expect(JSON.stringify(state)).not.toContain(sentinel);
  });
});
