/**
 * Webhook deliveries as Standard Webhooks: verified with the `standardwebhooks` library a receiver
 * would use, and retried only when another attempt could get another answer.
 */
import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { beforeEach, describe, expect, it } from "vitest";
import {
  classifyAnswer,
  MAX_RETRY_AFTER_MS,
  newWebhookSecret,
  parseRetryAfter,
  signDelivery,
} from "../../src/watches/webhook";
import { api, compareAndWait, targets } from "../support/api";
import { disableAllWatches, putWatch, settle, tick } from "../support/directory";
import type { WebhookDelivery } from "../support/targets";

async function deliveries(key: string): Promise<WebhookDelivery[]> {
  return (await fetch(`${targets()}/webhook/${key}/deliveries`)).json();
}

/** A signed delivery as the Worker would send it now. */
async function signed(secret: string, id: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": await signDelivery(secret, id, timestamp, body),
  };
}

function verifies(secret: string, body: string, headers: Record<string, string>): boolean {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return false;
    throw error;
  }
}

describe("signatures a Standard Webhooks library verifies", () => {
  const body = JSON.stringify({ type: "envdiff.drift", events: [] });

  it("a delivery verifies with its secret", async () => {
    const secret = newWebhookSecret();
    expect(verifies(secret, body, await signed(secret, "msg-1", body))).toBe(true);
  });

  it("a tampered body does not verify", async () => {
    const secret = newWebhookSecret();
    expect(verifies(secret, body.replace("[]", "[1]"), await signed(secret, "msg-1", body))).toBe(false);
  });

  it("a tampered webhook-id does not verify", async () => {
    const secret = newWebhookSecret();
    const headers = await signed(secret, "msg-1", body);
    expect(verifies(secret, body, { ...headers, "webhook-id": "msg-2" })).toBe(false);
  });

  it("a delivery older than five minutes is refused: a captured one cannot be replayed later", async () => {
    const secret = newWebhookSecret();
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    expect(verifies(secret, body, await signed(secret, "msg-1", body, old))).toBe(false);
  });

  it("a rotated secret: a new webhook URL gets a new secret, and the old one no longer verifies", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const first = await compareAndWait(`${targets()}/json?${crypto.randomUUID()}`, `${targets()}/json?b`);
    await settle(introspector);
    const url = `${targets()}/webhook/${crypto.randomUUID()}`;
    const put = async (webhookUrl: string) =>
      (await (await putWatch(first.pairKey, { intervalMinutes: 10, webhookUrl })).json<{ webhookSecret: string }>())
        .webhookSecret;
    const before = await put(url);
    const after = await put(`${url}-rotated`);
    expect(after).not.toBe(before);
    const headers = await signed(after, "msg-1", body);
    expect(verifies(after, body, headers)).toBe(true);
    expect(verifies(before, body, headers)).toBe(false);
  });

  it("a secret from before Standard Webhooks (whsec_<hex>) still signs deliveries its receiver verifies", async () => {
    const legacy = `whsec_${"ab".repeat(32)}`;
    expect(verifies(legacy, body, await signed(legacy, "msg-1", body))).toBe(true);
  });
});

describe("the OpenAPI document", () => {
  it("describes the delivery: its Standard Webhooks headers and its body", async () => {
    const doc = await (await api("/api/openapi.json")).json<{
      webhooks: Record<string, { post: { parameters: { name: string; in: string }[] } }>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    }>();
    const post = doc.webhooks["envdiff.drift"]?.post;
    expect(post?.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      "header:webhook-id",
      "header:webhook-timestamp",
      "header:webhook-signature",
    ]);
    expect(Object.keys(doc.components.schemas.DriftDelivery?.properties ?? {})).toEqual(
      expect.arrayContaining(["type", "pairKey", "comparisonId", "events"]),
    );
  });
});

describe("what is retried", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  it.each([
    [200, null, { kind: "delivered" }],
    [204, null, { kind: "delivered" }],
    [500, null, { kind: "retry", retryAfterMs: null }],
    [503, "120", { kind: "retry", retryAfterMs: 120_000 }],
    [429, "Sat, 28 Nov 2026 12:01:00 GMT", { kind: "retry", retryAfterMs: 60_000 }],
    [429, "86400", { kind: "retry", retryAfterMs: MAX_RETRY_AFTER_MS }],
    [408, "soon", { kind: "retry", retryAfterMs: null }],
    [400, null, { kind: "refused" }],
    [401, null, { kind: "refused" }],
    [404, "60", { kind: "refused" }],
    [410, null, { kind: "refused" }],
    [301, null, { kind: "refused" }],
    [302, null, { kind: "refused" }],
  ])("%i (Retry-After %j) → %j", (status, retryAfter, expected) => {
    expect(classifyAnswer(status, retryAfter, now)).toMatchObject(expected);
  });

  it("a Retry-After date in the past asks for no wait", () => {
    expect(parseRetryAfter("Sat, 28 Nov 2026 11:00:00 GMT", now)).toBe(0);
  });
});

describe("retries by status class, against a local receiver", () => {
  beforeEach(disableAllWatches);

  /** A watched pair whose watch run finds a new high difference, so a delivery goes out. */
  async function deliverOnce(query: string): Promise<WebhookDelivery[]> {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.disableSleeps();
    });
    const key = crypto.randomUUID();
    const first = await compareAndWait(
      `${targets()}/status-sequence?key=${key}&codes=200,200,503,503`,
      `${targets()}/status-sequence?key=${key}-right&codes=200`,
    );
    await settle(introspector); // the directory knows the pair once its workflow has ended
    const res = await putWatch(first.pairKey, {
      intervalMinutes: 5,
      webhookUrl: `${targets()}/webhook/${key}?${query}`,
    });
    expect(res.status).toBe(200);
    await tick(Date.now());
    await settle(introspector);
    return deliveries(key);
  }

  it("500 then 200: delivered once, after one retry", async () => {
    expect((await deliverOnce("fail=1&status=500")).map((d) => d.answered)).toEqual([500, 204]);
  });

  it("429 with Retry-After then 200: retried", async () => {
    expect((await deliverOnce("fail=1&status=429&retryAfter=1")).map((d) => d.answered)).toEqual([429, 204]);
  });

  it("400 is not retried", async () => {
    expect((await deliverOnce("fail=5&status=400")).map((d) => d.answered)).toEqual([400]);
  });

  it("a redirect is neither followed nor retried", async () => {
    expect((await deliverOnce("fail=5&status=302")).map((d) => d.answered)).toEqual([302]);
  });
});
