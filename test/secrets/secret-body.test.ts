/**
 * A POST body marked `secret: true` is sealed like header values: it reaches both targets in clear
 * on every sample and confirming round, and is nowhere else in clear (the comparison's options, the
 * Workflow params and outputs, the object's SQLite, D1, the logs). A body not marked secret is the
 * request itself and is shown as sent.
 */
import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { targets, waitForEnd } from "../support/api";
import { settle } from "../support/directory";
import { dumpD1, dumpPairObject } from "../support/dumps";
import { callWith as call, captureLogs, recordingEnv } from "../support/recording-env";
import type { PostedRequest } from "../support/targets";

async function arrived(key: string): Promise<PostedRequest[]> {
  return (await fetch(`${targets()}/posted/${key}/requests`)).json();
}

let logged: string[] = [];
beforeEach(() => {
  logged = captureLogs();
});
afterEach(() => vi.restoreAllMocks());

describe("a secret request body", () => {
  it("reaches both targets in clear on every probe, confirming rounds included, and appears nowhere else", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.disableSleeps();
    });
    const sentinel = `sentinel-${crypto.randomUUID()}`;
    const key = crypto.randomUUID();
    const recorder = recordingEnv();
    const body = { json: { query: "{ me { orders } }", variables: { apiKey: sentinel } }, secret: true };
    const posted = await call(recorder.env, "POST", "/api/compare", {
      leftUrl: `${targets()}/posted/${key}-left`,
      // A 307 on the right only: a redirect difference, so its confirming rounds run (and send the body too).
      rightUrl: `${targets()}/redirect-to?status=307&url=${encodeURIComponent(`/posted/${key}-right`)}`,
      options: { method: "POST", body, samples: 1 },
    });
    expect(posted.status).toBe(202);
    const { comparisonId, pairKey } = await posted.json<{ comparisonId: string; pairKey: string }>();
    const state = await waitForEnd(comparisonId);
    await settle(introspector);
    expect(state.status).toBe("completed");
    expect(state.result?.diff.differences.map((d) => d.kind)).toContain("redirect");
    expect(state.options.body).toEqual({ json: "[redacted]", secret: true });

    const clear = JSON.stringify(body.json);
    const left = await arrived(`${key}-left`);
    const right = await arrived(`${key}-right`);
    expect(left.length).toBeGreaterThan(1); // the sample and at least one confirming round
    expect(right).toHaveLength(left.length);
    for (const request of [...left, ...right]) {
      expect(request).toEqual({ method: "POST", contentType: "application/json", body: clear });
    }

    const outputs = await Promise.all(
      (await introspector.get()).map(async (instance) => JSON.stringify(await instance.waitForStatus("complete"))),
    );
    const places = {
      state: JSON.stringify(state),
      object: await dumpPairObject(pairKey),
      d1: await dumpD1(),
      params: JSON.stringify(recorder.params),
      workflows: JSON.stringify(outputs),
      logs: logged.join("\n"),
    };
    expect(places.params).toContain("enc:v2:"); // sealed, beside the (absent) headers
    expect(places.params).toContain('"[redacted]"');
    for (const [place, text] of Object.entries(places)) {
      expect({ place, leaked: text.includes(sentinel) }).toEqual({ place, leaked: false });
    }
  });

  it("shows a body not marked secret as sent, and seals nothing for it", async () => {
    const key = crypto.randomUUID();
    const recorder = recordingEnv();
    const body = { text: "q=mug", contentType: "application/x-www-form-urlencoded" };
    const posted = await call(recorder.env, "POST", "/api/compare", {
      leftUrl: `${targets()}/posted/${key}-a`,
      rightUrl: `${targets()}/posted/${key}-b`,
      options: { method: "POST", body },
    });
    const state = await waitForEnd((await posted.json<{ comparisonId: string }>()).comparisonId);
    expect(state.options.body).toEqual(body);
    expect(recorder.params).toMatchObject([{ options: { body }, sealedHeaders: null }]);
  });

  it("two secret bodies of one URL pair share a pair: the pair key never digests a secret", async () => {
    const key = crypto.randomUUID();
    const start = async (apiKey: string) => {
      const res = await call(env, "POST", "/api/compare", {
        leftUrl: `${targets()}/posted/${key}-a`,
        rightUrl: `${targets()}/posted/${key}-b`,
        options: { method: "POST", body: { json: { apiKey }, secret: true } },
      });
      return (await res.json<{ pairKey: string; comparisonId: string }>()).pairKey;
    };
    expect(await start("one")).toBe(await start("two"));
  });
});
