/**
 * A POST body marked `secret: true` is sealed like header values: it reaches both targets in clear
 * on every sample and confirming round, and is nowhere else in clear (the comparison's options, the
 * Workflow params and outputs, the object's SQLite, D1, the logs). A body not marked secret is the
 * request itself and is shown as sent.
 */
import { createScheduledController, introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { targets, waitForEnd } from "../support/api";
import { disableAllWatches, settle } from "../support/directory";
import { dumpD1, dumpPairObject } from "../support/dumps";
import { callWith as call, captureLogs, deliverQueued, recordingEnv } from "../support/recording-env";
import type { PostedRequest } from "../support/targets";

async function arrived(key: string): Promise<PostedRequest[]> {
  return (await fetch(`${targets()}/posted/${key}/requests`)).json();
}

let logged: string[] = [];
beforeEach(async () => {
  await disableAllWatches();
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

  it("is sent again by the pair's watch, copied sealed from its comparison; other requests are refused for the watch", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.disableSleeps();
    });
    const key = crypto.randomUUID();
    const sentinel = `watch-body-${crypto.randomUUID()}`;
    const recorder = recordingEnv();
    const posted = await call(recorder.env, "POST", "/api/compare", {
      leftUrl: `${targets()}/posted/${key}-a`,
      rightUrl: `${targets()}/posted/${key}-b`,
      options: { method: "POST", body: { text: `key=${sentinel}`, secret: true }, samples: 1 },
    });
    const { comparisonId, pairKey } = await posted.json<{ comparisonId: string; pairKey: string }>();
    await waitForEnd(comparisonId);
    await settle(introspector);

    // A GET, or the redacted body sent back, would be another request than the pair's: refused.
    const refusals = [
      [null, /another request than this pair's/],
      [{ samples: 1 }, /another request than this pair's/],
      [{ method: "POST", body: { text: "[redacted]", secret: true } }, /The body is "\[redacted\]"/],
    ] as const;
    for (const [options, message] of refusals) {
      const refused = await call(recorder.env, "PUT", `/api/pairs/${pairKey}/watch`, { intervalMinutes: 5, options });
      expect(refused.status).toBe(400);
      expect((await refused.json<{ error: { message: string } }>()).error.message).toMatch(message);
    }
    const put = await call(recorder.env, "PUT", `/api/pairs/${pairKey}/watch`, { intervalMinutes: 5 });
    expect(put.status).toBe(200);
    const { watch } = await put.json<{ watch: { options: unknown } }>();
    expect(watch.options).toMatchObject({ method: "POST", body: { text: "[redacted]", secret: true } });

    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/5 * * * *" }), recorder.env);
    await deliverQueued(recorder);
    await settle(introspector);
    const sent = { method: "POST", contentType: "text/plain; charset=utf-8", body: `key=${sentinel}` };
    // The comparison's sample, then the watch run's: both in clear, on both sides, under the same pair.
    expect(await arrived(`${key}-a`)).toEqual([sent, sent]);
    expect(await arrived(`${key}-b`)).toEqual([sent, sent]);
    expect(recorder.params.map((p) => (p as { pairKey: string }).pairKey)).toEqual([pairKey, pairKey]);
    for (const text of [await dumpD1(), await dumpPairObject(pairKey), JSON.stringify(recorder.params)]) {
      expect(text.includes(sentinel)).toBe(false);
    }
  });
});
