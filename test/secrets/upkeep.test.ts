/**
 * Stale secrets in D1 are resealed by the cron tick: webhook secrets stored in clear before sealing
 * existed, and values sealed under a key that is being rotated out. Deliveries and watch runs work
 * throughout. (The test env runs mid-rotation: ENVDIFF_SECRETS_KEY_PREVIOUS is set, vitest.config.ts.)
 */
import { createExecutionContext, introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { loadKeyring, type SecretsEnv, sealedKeyId } from "../../src/secrets/crypto";
import { compareAndWait, targets } from "../support/api";
import { disableAllWatches, putWatch, settle, tick } from "../support/directory";
import type { WebhookDelivery } from "../support/targets";

async function secretsOf(pairKey: string) {
  return env.DB.prepare(
    "SELECT webhook_secret AS secret, sealed_headers AS headers FROM watches WHERE target_kind = 'pair' AND target_id = ?",
  )
    .bind(pairKey)
    .first<{ secret: string | null; headers: string | null }>();
}

/** A pair whose next watch run finds a new high difference (so a webhook goes out). */
async function flakyPair() {
  const key = crypto.randomUUID();
  const state = await compareAndWait(
    `${targets()}/status-sequence?key=${key}&codes=200,200,503,503`,
    `${targets()}/recorded/${key}`,
  );
  return { key, pairKey: state.pairKey };
}

beforeEach(disableAllWatches);

describe("stale secrets are resealed by the tick", () => {
  it("a webhook secret stored in clear is sealed on the next tick, and its receiver still verifies", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const { key, pairKey } = await flakyPair();
    await settle(introspector); // the directory knows the pair once its workflow has ended
    expect((await putWatch(pairKey, { intervalMinutes: 5, webhookUrl: `${targets()}/webhook/${key}` })).status).toBe(
      200,
    );
    // As a row written before sealing existed: the old format, in clear.
    const legacy = `whsec_${"0123456789abcdef".repeat(4)}`;
    await env.DB.prepare("UPDATE watches SET webhook_secret = ? WHERE target_kind = 'pair' AND target_id = ?")
      .bind(legacy, pairKey)
      .run();

    await tick(Date.now());
    await settle(introspector);
    const stored = await secretsOf(pairKey);
    expect(stored?.secret).toMatch(/^enc:v2:/);
    expect(stored?.secret).not.toContain(legacy.slice(6));
    const deliveries: WebhookDelivery[] = await (await fetch(`${targets()}/webhook/${key}/deliveries`)).json();
    expect(deliveries).toHaveLength(1);
    expect(new Webhook(legacy).verify(deliveries[0]!.body, deliveries[0]!.headers)).toMatchObject({ pairKey });
  });

  it("a watch sealed under the previous key still runs after rotation and is resealed under the new key", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const { key, pairKey } = await flakyPair();
    await settle(introspector); // the directory knows the pair once its workflow has ended
    // Written before the rotation: the previous key was then the only one.
    const previousKey = (env as Env & SecretsEnv).ENVDIFF_SECRETS_KEY_PREVIOUS ?? "";
    const before: Env & SecretsEnv = { ...env, ENVDIFF_SECRETS_KEY: previousKey, ENVDIFF_SECRETS_KEY_PREVIOUS: "" };
    const put = new Request(`http://envdiff.test/api/pairs/${pairKey}/watch`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        intervalMinutes: 5,
        webhookUrl: `${targets()}/webhook/${key}`,
        options: { headers: { Authorization: "Bearer before-rotation" }, samples: 1 },
      }),
    });
    const res = await worker.fetch(put, before, createExecutionContext());
    expect(res.status).toBe(200);
    const { webhookSecret } = await res.json<{ webhookSecret: string }>();
    const old = (await loadKeyring(before)).currentId;
    const current = (await loadKeyring(env)).currentId;
    expect(sealedKeyId((await secretsOf(pairKey))!.headers!)).toBe(old);

    await tick(Date.now());
    await settle(introspector);
    const after = await secretsOf(pairKey);
    expect([sealedKeyId(after!.secret!), sealedKeyId(after!.headers!)]).toEqual([current, current]);
    const seen: Record<string, string>[] = await (await fetch(`${targets()}/recorded/${key}/requests`)).json();
    // The first comparison probed twice (the default samples) without headers; the watch's run once,
    // and 4 more times to confirm the difference it found, each time with the watch's headers.
    expect(seen.map((h) => h.authorization)).toEqual([
      undefined,
      undefined,
      ...Array(5).fill("Bearer before-rotation"),
    ]);
    const deliveries: WebhookDelivery[] = await (await fetch(`${targets()}/webhook/${key}/deliveries`)).json();
    expect(new Webhook(webhookSecret).verify(deliveries[0]!.body, deliveries[0]!.headers)).toMatchObject({ pairKey });
  });
});
