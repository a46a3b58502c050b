/**
 * A suite's watch may send its one delivery per run to Slack or Teams: a finished run with drift,
 * recorded in D1 as the suite's runs are, is posted by the run's notification to local stand-ins
 * that check each chat's schema (test/support/chat-receivers.ts). The suite's chat URL is sealed
 * like a pair watch's.
 */
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { SUITE_ITEM_STRIDE } from "../../src/db/d1-schema";
import { notifySuiteRun } from "../../src/suites/item-end";
import { api } from "../support/api";
import type { ChatDelivery } from "../support/chat-receivers";

const chat = () => inject("chatReceiverUrl");
const LEFT_BASE = "https://staging.shop.example";
const RIGHT_BASE = "https://www.shop.example";

/** A suite of three paths and one finished run, written row by row as the suite's store writes them. */
async function finishedRun(): Promise<{ suiteId: string; runId: number }> {
  const suiteId = crypto.randomUUID();
  const now = Date.now();
  const runId = Math.floor(Math.random() * 1e9) + 1e6;
  const paths = ["/api/health", "/api/status", "/api/<!channel>"];
  const options = JSON.stringify({ leftLabel: "staging", rightLabel: "production" });
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO suites (id, name, left_base, right_base, definition_id, created_at, last_run_id, last_run_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).bind(suiteId, "shop *checkout*", LEFT_BASE, RIGHT_BASE, suiteId, now, runId, now),
    env.DB.prepare(
      "INSERT INTO suite_definitions (id, suite_id, paths_json, discover_json, options_json, created_at) VALUES (?, ?, ?, NULL, ?, ?)",
    ).bind(suiteId, suiteId, JSON.stringify(paths), options, now),
    env.DB.prepare(
      "INSERT INTO suite_runs (id, suite_id, number, definition_id, created_at, trigger, item_count, finished_at, drift_json) VALUES (?, ?, 1, ?, ?, 'watch', 3, ?, ?)",
    ).bind(runId, suiteId, suiteId, now, now, JSON.stringify({ newHigh: ["/api/health"], resolvedHigh: [] })),
    ...paths.map((path, i) =>
      env.DB.prepare(
        "INSERT INTO suite_items (id, run_id, path, pair_key, comparison_id, status, high, medium, new_count, recurring_count, new_high, finished_at) VALUES (?, ?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?)",
      ).bind(
        runId * SUITE_ITEM_STRIDE + i,
        runId,
        path,
        "a".repeat(64),
        `${"a".repeat(64)}:${crypto.randomUUID()}`,
        i === 0 ? 1 : 0,
        i === 0 ? 0 : 2,
        i === 0 ? 1 : 0,
        i === 0 ? 0 : 2,
        i === 0 ? 1 : 0,
        now,
      ),
    ),
  ]);
  return { suiteId, runId };
}

async function putSuiteWatch(suiteId: string, body: unknown): Promise<Response> {
  return api(`/api/suites/${suiteId}/watch`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function deliveries(kind: "slack" | "teams", key: string): Promise<ChatDelivery[]> {
  return (await fetch(`${chat()}/${kind}/${key}/deliveries`)).json();
}

describe("suite watches in chat", () => {
  it("a finished run with drift is one Slack message naming the suite, both bases, the run's paths and the suite's page", async () => {
    const { suiteId, runId } = await finishedRun();
    const hook = crypto.randomUUID();
    const put = await putSuiteWatch(suiteId, {
      intervalMinutes: 60,
      enabled: false,
      webhookFormat: "slack",
      webhookUrl: `${chat()}/slack/${hook}`,
    });
    expect(put.status).toBe(200);
    // A paused watch delivers nothing; enabled, the run's notification posts its message.
    expect(await notifySuiteRun(env, runId)).toEqual({ kind: "skipped" });
    expect((await putSuiteWatch(suiteId, { enabled: true })).status).toBe(200);
    expect(await notifySuiteRun(env, runId)).toEqual({ kind: "delivered", status: 200 });

    const [delivered, ...more] = await deliveries("slack", hook);
    expect(more).toEqual([]);
    expect(delivered).toMatchObject({ answered: 200, refusal: null });
    const text = delivered!.body;
    const message = JSON.parse(text);
    expect(message.blocks[0].text.text).toBe("New high drift: suite shop *checkout*");
    expect(text).toContain("*staging* (base)");
    expect(text).toContain(`\`${LEFT_BASE}\``);
    expect(text).toContain("3 paths, 3 different");
    expect(text).toContain("1 high, 4 medium");
    // The new high path first; a path's own text cannot mention anyone.
    expect(text.indexOf("/api/health")).toBeLessThan(text.indexOf("/api/status"));
    expect(text).toContain("`/api/&lt;!channel&gt;`");
    expect(text).not.toContain("<!channel>");
    expect(text).toContain(`<http://envdiff.test/?suite=${suiteId}|Open in envdiff>`);
    expect(text).toContain("run 1");
  });

  it("a Teams suite watch posts an Adaptive Card, and its URL is sealed and shown only as its host", async () => {
    const { suiteId, runId } = await finishedRun();
    const hook = `T${crypto.randomUUID()}`;
    const put = await putSuiteWatch(suiteId, {
      intervalMinutes: 60,
      webhookFormat: "teams",
      webhookUrl: `${chat()}/teams/${hook}`,
    });
    const answer = await put.json<{ watch: { webhookUrl: string; webhookFormat: string }; webhookSecret?: string }>();
    expect(answer.webhookSecret).toBeUndefined();
    expect(answer.watch).toMatchObject({ webhookFormat: "teams", webhookUrl: `${chat()}/…` });
    const row = await env.DB.prepare("SELECT * FROM watches WHERE target_kind = 'suite' AND target_id = ?")
      .bind(suiteId)
      .first();
    expect(JSON.stringify(row)).not.toContain(hook);

    expect(await notifySuiteRun(env, runId)).toEqual({ kind: "delivered", status: 200 });
    const [delivered] = await deliveries("teams", hook);
    expect(delivered).toMatchObject({ answered: 200, refusal: null });
    const card = JSON.parse(delivered!.body).attachments[0].content;
    expect(card.body[0].text).toBe("New high drift: suite shop \\*checkout\\*");
    expect(card.actions[0].url).toBe(`http://envdiff.test/?suite=${suiteId}`);
  });
});
