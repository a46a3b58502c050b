/**
 * The sentinel test: unique secrets go in request headers (shared and per side) and a webhook is
 * set; a comparison, a watch run, a re-run of the watch and two webhook deliveries follow. The
 * secrets must reach the targets in clear every time, each side only its own, and appear nowhere
 * else in clear: not in the object's SQLite, not in D1, not in the Workflow params or outputs,
 * not in the logs.
 */
import { createScheduledController, introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { targets, waitForEnd } from "../support/api";
import { disableAllWatches, settle } from "../support/directory";
import { dumpD1, dumpPairObject } from "../support/dumps";
import { callWith as call, captureLogs, deliverQueued, recordingEnv } from "../support/recording-env";
import type { WebhookDelivery } from "../support/targets";

const MINUTE = 60_000;

async function received(key: string): Promise<Record<string, string>[]> {
  return (await fetch(`${targets()}/recorded/${key}/requests`)).json();
}

let logged: string[] = [];
beforeEach(async () => {
  await disableAllWatches();
  logged = captureLogs();
});
afterEach(() => vi.restoreAllMocks());

describe("secrets never in clear", () => {
  it("header secrets reach each target in clear on every run and appear nowhere else", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.disableSleeps();
    });
    const sentinel = `sentinel-${crypto.randomUUID()}`;
    const shared = `Bearer ${sentinel}-shared`;
    const leftToken = `${sentinel}-left`;
    const rightToken = `${sentinel}-right`;
    const key = crypto.randomUUID();
    const recorder = recordingEnv();
    const { params } = recorder;
    const recording = recorder.env;

    // 1. A comparison: the left side is fine now, fails on the watch's run, recovers on the re-run.
    const posted = await call(recording, "POST", "/api/compare", {
      // 503 five times: the watch's run and the 4 rounds that confirm its difference.
      leftUrl: `${targets()}/recorded/${key}-left?codes=200,503,503,503,503,503,200`,
      rightUrl: `${targets()}/recorded/${key}-right`,
      options: {
        headers: { Authorization: shared, Accept: "application/json" },
        left: { headers: { "X-Upstream-Token": leftToken } },
        right: { headers: { "X-Upstream-Token": rightToken } },
        ignoreHeaders: ["content-length"],
        samples: 1, // one request per side per run (5 when it differs): the target's codes and log follow the runs
      },
    });
    expect(posted.status).toBe(202);
    const { comparisonId, pairKey } = await posted.json<{ comparisonId: string; pairKey: string }>();
    const first = await waitForEnd(comparisonId);
    await settle(introspector);
    expect(first.status).toBe("completed");
    expect(first.options.headers).toEqual({ Authorization: "[redacted]", Accept: "[redacted]" });
    expect(first.options.left).toEqual({ headers: { "X-Upstream-Token": "[redacted]" } });

    // 2. A watch set from that comparison, with a webhook.
    const put = await call(recording, "PUT", `/api/pairs/${pairKey}/watch`, {
      intervalMinutes: 5,
      webhookUrl: `${targets()}/webhook/${key}`,
    });
    expect(put.status).toBe(200);
    const { webhookSecret, watch } = await put.json<{ webhookSecret: string; watch: { options: unknown } }>();
    expect(watch.options).toEqual(first.options);

    // 3. The watch's run (a new high difference: a webhook delivery), then its re-run (resolved: another).
    const now = Date.now();
    for (const at of [now, now + 5 * MINUTE]) {
      // The tick only queues the run; the start queue's consumer starts it (src/queue/consumer.ts).
      await worker.scheduled(createScheduledController({ scheduledTime: at, cron: "*/5 * * * *" }), recording);
      await deliverQueued(recorder);
      await settle(introspector);
    }

    // Each side got its own headers in clear on all three runs (one probe each, and 4 confirming
    // rounds in the run that differed), and never the other side's.
    const left = await received(`${key}-left`);
    const right = await received(`${key}-right`);
    expect(left).toHaveLength(7);
    expect(right).toHaveLength(7);
    for (const headers of left) {
      expect(headers).toMatchObject({
        authorization: shared,
        "x-upstream-token": leftToken,
        accept: "application/json",
      });
    }
    for (const headers of right) {
      expect(headers).toMatchObject({ authorization: shared, "x-upstream-token": rightToken });
    }

    // Two deliveries, each verified by a Standard Webhooks library with the secret shown once.
    const deliveries: WebhookDelivery[] = await (await fetch(`${targets()}/webhook/${key}/deliveries`)).json();
    expect(deliveries.map((d) => d.answered)).toEqual([204, 204]);
    const kinds = deliveries.map((d) => {
      const body = new Webhook(webhookSecret).verify(d.body, d.headers) as { events: { kind: string }[] };
      return body.events.map((e) => e.kind);
    });
    expect(kinds).toEqual([["new_high"], ["resolved"]]);

    // Nowhere in clear: object SQLite, D1, Workflow params and outputs, logs.
    const workflowOutputs = await Promise.all(
      (await introspector.get()).map(async (instance) => JSON.stringify(await instance.waitForStatus("complete"))),
    );
    const statuses = await Promise.all(
      params.map(async (p) => {
        const id = (p as { comparisonId: string }).comparisonId.split(":")[1]!;
        return JSON.stringify(await (await env.COMPARE_WORKFLOW.get(id)).status());
      }),
    );
    expect(params).toHaveLength(3);
    const places = {
      object: await dumpPairObject(pairKey),
      d1: await dumpD1(),
      params: JSON.stringify(params),
      workflows: JSON.stringify([workflowOutputs, statuses]),
      logs: logged.join("\n"),
    };
    expect(places.logs).toContain("comparison.completed"); // the capture works
    expect(places.d1).toContain("enc:v2:"); // what must be kept is kept, sealed
    expect(places.params).toContain("enc:v2:");
    for (const [place, text] of Object.entries(places)) {
      for (const secret of [sentinel, webhookSecret, webhookSecret.slice("whsec_".length)]) {
        expect({ place, leaked: text.includes(secret) }).toEqual({ place, leaked: false });
      }
    }
  });
});
