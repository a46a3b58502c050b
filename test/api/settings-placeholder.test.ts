/**
 * A pair's settings read, changed and written back keep their saved credentials. A read shows header
 * names only ("[redacted]" for every value), so the page's "Ignore this" (src/web/ignore-path.ts),
 * which GETs the settings and PUTs them back with one more ignore path, sends that placeholder back:
 * the PUT keeps the saved value of each header it names that way (src/directory/pair-settings.ts).
 * A placeholder for a header that has no saved value is still refused: it would be sent as that text.
 */
import { describe, expect, it } from "vitest";
import { computePairKey } from "../../src/pair-key";
import type { PairSettingsResponse } from "../../src/shapes/settings";
import { withIgnoredPath } from "../../src/web/ignore-path";
import { api, compareAndWait, targets } from "../support/api";
import { dumpPairObject } from "../support/dumps";

const put = (pairKey: string, body: unknown) =>
  api(`/api/pairs/${pairKey}/settings`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const read = async (pairKey: string) => (await api(`/api/pairs/${pairKey}/settings`)).json<PairSettingsResponse>();

async function seen(key: string, side: "left" | "right"): Promise<Record<string, string>[]> {
  return (await fetch(`${targets()}/recorded/${key}-${side}/requests`)).json();
}

async function comparedPair() {
  const key = crypto.randomUUID();
  const leftUrl = `${targets()}/recorded/${key}-left`;
  const rightUrl = `${targets()}/recorded/${key}-right`;
  await compareAndWait(leftUrl, rightUrl, { samples: 1 });
  return { key, leftUrl, rightUrl, pairKey: await computePairKey(leftUrl, rightUrl) };
}

describe("settings written back with placeholders", () => {
  it("Ignore this on a pair with saved headers saves the path and keeps every saved credential", async () => {
    const { key, leftUrl, rightUrl, pairKey } = await comparedPair();
    const sentinel = `kept-${crypto.randomUUID()}`;
    const first = await put(pairKey, {
      headers: { Authorization: `Bearer ${sentinel}-shared` },
      left: { headers: { "X-Env-Token": `${sentinel}-left` } },
      right: { headers: { "X-Env-Token": `${sentinel}-right` } },
      ignorePaths: ["/headers/date"],
    });
    expect(first.status).toBe(200);

    // What the page's button does: read, add one path, write the whole settings back.
    const { settings } = await read(pairKey);
    expect(JSON.stringify(settings)).not.toContain(sentinel);
    const next = withIgnoredPath(settings, "/body/json/requestId");
    if (next === null || next === "full") throw new Error("the path should be new");
    const saved = await put(pairKey, next);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      settings: {
        ignorePaths: ["/headers/date", "/body/json/requestId"],
        headers: { Authorization: "[redacted]" },
        left: { headers: { "X-Env-Token": "[redacted]" } },
      },
      sides: { left: leftUrl, right: rightUrl },
    });

    // The next comparison still sends each side its saved values, not the placeholder.
    const state = await compareAndWait(leftUrl, rightUrl, { samples: 1 });
    expect(state.options.ignorePaths).toEqual(["/headers/date", "/body/json/requestId"]);
    for (const side of ["left", "right"] as const) {
      const requests = await seen(key, side);
      expect(requests.at(-1)).toMatchObject({
        authorization: `Bearer ${sentinel}-shared`,
        "x-env-token": `${sentinel}-${side}`,
      });
    }
    expect(await dumpPairObject(pairKey)).not.toContain(sentinel);
  });

  it("keeps a saved value by name, whatever its case, beside a new real one", async () => {
    const { key, leftUrl, rightUrl, pairKey } = await comparedPair();
    expect((await put(pairKey, { headers: { "X-Api-Key": "saved-value" } })).status).toBe(200);
    const res = await put(pairKey, { headers: { "x-api-key": "[redacted]", "X-Team": "checkout" } });
    expect(res.status).toBe(200);
    await compareAndWait(leftUrl, rightUrl, { samples: 1 });
    expect((await seen(key, "left")).at(-1)).toMatchObject({ "x-api-key": "saved-value", "x-team": "checkout" });
  });

  it("refuses a placeholder for a header the pair has no saved value for, and changes nothing", async () => {
    const { pairKey } = await comparedPair();
    expect((await put(pairKey, { headers: { Authorization: "Bearer one" }, samples: 2 })).status).toBe(200);
    const before = await read(pairKey);
    for (const body of [
      { headers: { Authorization: "[redacted]", Cookie: "[redacted]" } },
      { left: { headers: { Authorization: "[redacted]" } } },
    ]) {
      const res = await put(pairKey, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "invalid_request", message: /no saved value/ } });
    }
    expect(await read(pairKey)).toEqual(before);
  });
});
