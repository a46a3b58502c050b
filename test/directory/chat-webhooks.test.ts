/**
 * A pair's watch may send its drift to Slack or Microsoft Teams, in the chat's own message format
 * (webhookFormat): delivered on the tick to local stand-ins that check each message against the
 * chat's schema (test/support/chat-receivers.ts) and answer as the chat would. The chat's URL is its
 * credential: sealed in D1, never shown back, resealed by key rotation like a signing secret.
 */
import { createExecutionContext, introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import worker from "../../src/index";
import { loadKeyring, type SecretsEnv, sealedKeyId } from "../../src/secrets/crypto";
import type { Watch } from "../../src/shapes/pair";
import { compareAndWait, targets } from "../support/api";
import type { ChatDelivery } from "../support/chat-receivers";
import { disableAllWatches, getPair, putWatch, settle, tick, waitForPair } from "../support/directory";

const chat = () => inject("chatReceiverUrl");

async function deliveries(kind: "slack" | "teams", key: string): Promise<ChatDelivery[]> {
  return (await fetch(`${chat()}/${kind}/${key}/deliveries`)).json();
}

/** A pair already compared once (identical), whose next run finds its left side answering 503. */
async function flakyPair() {
  const key = crypto.randomUUID();
  const codes = [200, 200, ...Array(10).fill(503), 200, 200].join(",");
  const first = await compareAndWait(
    `${targets()}/status-sequence?key=${key}&codes=${codes}`,
    `${targets()}/status-sequence?key=${key}-right&codes=200`,
  );
  await waitForPair(first.pairKey);
  return first.pairKey;
}

/** The watch's D1 row as stored, every column. */
async function rowOf(pairKey: string): Promise<Record<string, unknown>> {
  const row = await env.DB.prepare("SELECT * FROM watches WHERE target_kind = 'pair' AND target_id = ?")
    .bind(pairKey)
    .first<Record<string, unknown>>();
  if (!row) throw new Error(`no watch for ${pairKey}`);
  return row;
}

type WatchAnswer = { watch: Watch; webhookSecret?: string; error?: { code: string; details?: unknown } };

beforeEach(disableAllWatches);

describe("chat webhooks", () => {
  it("a tick with drift sends Slack a Block Kit message its schema accepts, naming both sides, the counts, what changed and the page", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.disableSleeps();
    });
    const pairKey = await flakyPair();
    const hook = crypto.randomUUID();
    const res = await putWatch(pairKey, {
      intervalMinutes: 5,
      webhookFormat: "slack",
      webhookUrl: `${chat()}/slack/${hook}?fail=1`,
      options: { leftLabel: "staging", rightLabel: "production", samples: 2 },
    });
    expect(res.status).toBe(200);
    await tick(Date.now());
    await settle(introspector);

    const received = await deliveries("slack", hook);
    // Retried like a Standard Webhooks delivery, then accepted by the schema check.
    expect(received.map((d) => [d.answered, d.refusal])).toEqual([
      [500, null],
      [200, null],
    ]);
    const delivered = received[1]!;
    expect(delivered.headers["webhook-signature"]).toBeUndefined();
    const message = JSON.parse(delivered.body) as { text: string; blocks: { type: string; [k: string]: unknown }[] };
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "context"]);
    const all = JSON.stringify(message);
    expect(message.blocks[0]).toMatchObject({
      text: { type: "plain_text", text: "New high drift: staging vs production" },
    });
    expect(all).toContain("*staging*");
    expect(all).toContain(`status-sequence?key=`);
    expect(all).toContain("1 high");
    expect(all).toMatch(/🆕 \*high\* status `\/status`: `503` → `200`/);
    const [comparisonId] = (await env.ENV_PAIR.getByName(pairKey).listComparisons(1)).map((c) => c.comparisonId);
    expect(all).toContain(`<http://envdiff.test/?id=${encodeURIComponent(comparisonId!)}|Open in envdiff>`);
  });

  it("a tick with drift sends Teams a message with an Adaptive Card its schema accepts", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const pairKey = await flakyPair();
    const hook = crypto.randomUUID();
    const res = await putWatch(pairKey, {
      intervalMinutes: 5,
      webhookFormat: "teams",
      webhookUrl: `${chat()}/teams/${hook}`,
    });
    expect(res.status).toBe(200);
    await tick(Date.now());
    await settle(introspector);

    const [delivered, ...more] = await deliveries("teams", hook);
    expect(more).toEqual([]);
    expect(delivered).toMatchObject({ answered: 200, refusal: null });
    const message = JSON.parse(delivered!.body);
    expect(message).toMatchObject({
      type: "message",
      attachments: [
        { contentType: "application/vnd.microsoft.card.adaptive", content: { type: "AdaptiveCard", version: "1.4" } },
      ],
    });
    const card = message.attachments[0].content;
    expect(card.body[0]).toMatchObject({ type: "TextBlock", text: expect.stringMatching(/^New high drift: /) });
    expect(card.body[1].facts.map((f: { title: string }) => f.title)).toEqual([
      expect.any(String),
      expect.any(String),
      "Verdict",
      "Differences (causes)",
    ]);
    expect(card.body[1].facts[3].value).toBe("1 high");
    expect(JSON.stringify(card.body)).toContain("NEW **high** status /status: 503 → 200");
    expect(card.actions[0]).toMatchObject({
      type: "Action.OpenUrl",
      url: expect.stringMatching(/^http:\/\/envdiff\.test\/\?id=/),
    });
  });

  it("a chat URL is sealed in D1, never shown back, and an unchanged re-PUT of what is shown keeps it", async () => {
    const pairKey = await flakyPair();
    const token = `XOXB${crypto.randomUUID().replaceAll("-", "")}`;
    const url = `${chat()}/slack/T000/B000/${token}`;
    const put = async (body: unknown) =>
      (await putWatch(pairKey, { intervalMinutes: 5, ...(body as object) })).json<WatchAnswer>();

    const set = await put({ webhookFormat: "slack", webhookUrl: url });
    expect(set.webhookSecret).toBeUndefined();
    expect(set.watch).toMatchObject({ webhookFormat: "slack", webhookUrl: `${chat()}/…` });
    const row = await rowOf(pairKey);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.webhook_secret).toMatch(/^enc:v2:/);
    expect(row.webhook_format).toBe("slack");
    expect(row.page_origin).toBe("http://envdiff.test");
    expect(JSON.stringify(await getPair(pairKey))).not.toContain(token);

    // The page's form sends back what it was shown: the sealed URL stays.
    const again = await put({ webhookFormat: "slack", webhookUrl: set.watch.webhookUrl });
    expect(again.watch.webhookUrl).toBe(`${chat()}/…`);
    expect((await rowOf(pairKey)).webhook_secret).toBe(row.webhook_secret);

    // Another format cannot reuse a URL nobody can read back: it must be given again.
    const refused = await putWatch(pairKey, { webhookFormat: "teams" });
    expect(refused.status).toBe(400);
    expect((await refused.json<WatchAnswer>()).error).toMatchObject({
      code: "invalid_request",
      details: { field: "webhookUrl" },
    });
    const masked = await putWatch(pairKey, { webhookFormat: "teams", webhookUrl: set.watch.webhookUrl });
    expect(masked.status).toBe(400);

    // Back to standard with a URL of its own: a signing secret again, the URL shown to admins.
    const standard = await put({ webhookFormat: "standard", webhookUrl: `${targets()}/webhook/${token}` });
    expect(standard.webhookSecret).toMatch(/^whsec_/);
    expect(standard.watch).toMatchObject({ webhookFormat: "standard", webhookUrl: `${targets()}/webhook/${token}` });
  });

  it("a watch with no format says standard, and a standard watch turns into a chat one with its own URL", async () => {
    const pairKey = await flakyPair();
    const url = `${chat()}/teams/${crypto.randomUUID()}`;
    const first = await (await putWatch(pairKey, { intervalMinutes: 5, webhookUrl: url })).json<WatchAnswer>();
    expect(first.watch).toMatchObject({ webhookFormat: "standard", webhookUrl: url });
    const moved = await (await putWatch(pairKey, { webhookFormat: "teams", webhookUrl: url })).json<WatchAnswer>();
    expect(moved.webhookSecret).toBeUndefined();
    expect(moved.watch).toMatchObject({ webhookFormat: "teams", webhookUrl: `${chat()}/…` });
    expect(JSON.stringify(await rowOf(pairKey))).not.toContain(url);
  });

  it("a chat URL pointing at a private network is refused with blocked_target", async () => {
    const pairKey = await flakyPair();
    const res = await putWatch(
      pairKey,
      { intervalMinutes: 5, webhookFormat: "slack", webhookUrl: "http://10.0.0.7/services/T/B/x" },
      { ...env, ALLOW_PRIVATE_TARGETS: "false" },
    );
    expect(res.status).toBe(400);
    expect((await res.json<WatchAnswer>()).error).toMatchObject({
      code: "blocked_target",
      details: { field: "webhookUrl" },
    });
  });

  it("a chat URL sealed under the previous key is resealed by the tick and its messages still arrive", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const pairKey = await flakyPair();
    const hook = crypto.randomUUID();
    const previousKey = (env as Env & SecretsEnv).ENVDIFF_SECRETS_KEY_PREVIOUS ?? "";
    const before: Env & SecretsEnv = { ...env, ENVDIFF_SECRETS_KEY: previousKey, ENVDIFF_SECRETS_KEY_PREVIOUS: "" };
    const put = new Request(`http://envdiff.test/api/pairs/${pairKey}/watch`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ intervalMinutes: 5, webhookFormat: "slack", webhookUrl: `${chat()}/slack/${hook}` }),
    });
    expect((await worker.fetch(put, before, createExecutionContext())).status).toBe(200);
    const old = (await loadKeyring(before)).currentId;
    expect(sealedKeyId(String((await rowOf(pairKey)).webhook_secret))).toBe(old);

    await tick(Date.now());
    await settle(introspector);
    const current = (await loadKeyring(env)).currentId;
    expect(sealedKeyId(String((await rowOf(pairKey)).webhook_secret))).toBe(current);
    expect((await deliveries("slack", hook)).map((d) => d.answered)).toEqual([200]);
  });
});
