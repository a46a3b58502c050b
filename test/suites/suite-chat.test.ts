/**
 * A suite's watch may send its one delivery per run to Slack or Teams, checked by local stand-ins
 * that hold each message to its chat's schema (test/support/chat-receivers.ts). End to end: a suite
 * made through the API, watched into a chat, drifts on the cron tick and the chat accepts the
 * message. Row by row: a run written straight into D1 pins what the message escapes (a path that
 * tries to mention a channel), that a paused watch sends nothing, and that the URL is sealed.
 */
import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { SUITE_ITEM_STRIDE } from "../../src/db/d1-schema";
import { notifySuiteRun } from "../../src/suites/item-end";
import type { SlackMessage } from "../../src/watches/slack-message";
import { api } from "../support/api";
import type { ChatDelivery } from "../support/chat-receivers";
import { disableAllWatches, settle, tick } from "../support/directory";
import { bases, createSuite, freshKey, STEADY, setControl, waitForNextRun, waitForRun } from "../support/suites";

/** The drifting suite's causes: the path now answering 500 (high) and the changed body value (medium). */
const COUNTS = "1 high, 1 medium";
const RUN_COUNTS = { high: 1, medium: 1, low: 0 };

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

/** Waits for the first delivery at a chat receiver. */
async function firstDelivery(kind: "slack" | "teams", key: string): Promise<ChatDelivery[]> {
  const deadline = Date.now() + 20_000;
  let seen = await deliveries(kind, key);
  while (seen.length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    seen = await deliveries(kind, key);
  }
  return seen;
}

/**
 * A suite created through the API (one path that breaks, one whose body changes, one that stays
 * identical), run once clean; its watch set to a chat; then broken and ticked. Answers the run the
 * tick started.
 */
async function driftingSuite(kind: "slack" | "teams", hook: string) {
  const [broken, changed, steady] = [freshKey(), freshKey(), freshKey()];
  const paths = [`/status/${broken}`, `/switch/${changed}`, `/p/${steady}`];
  const created = await createSuite({
    name: `checkout ${kind}`,
    ...bases(),
    paths,
    options: { ...STEADY, leftLabel: "staging", rightLabel: "production" },
  });
  expect((await waitForRun(created.suiteId, created.runId)).verdict).toBe("identical");
  const put = await putSuiteWatch(created.suiteId, {
    intervalMinutes: 10,
    enabled: true,
    webhookFormat: kind,
    webhookUrl: `${chat()}/${kind}/${hook}`,
  });
  expect(put.status).toBe(200);
  await setControl(broken, "500");
  await setControl(changed, "changed");
  await tick(Date.now());
  const run = await waitForNextRun(created.suiteId, created.runId);
  expect(run).toMatchObject({ trigger: "watch", verdict: "different", number: 2 });
  return { suiteId: created.suiteId, run, broken: `/status/${broken}`, changed: `/switch/${changed}` };
}

describe("suite watches in chat, from the API to the receiver", () => {
  beforeEach(disableAllWatches);

  it("a suite made through the API, watched into Slack, drifts on the tick and Slack accepts a message naming both bases, run 2, the counts and the paths", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const hook = crypto.randomUUID();
    const { suiteId, run, broken, changed } = await driftingSuite("slack", hook);
    const [delivered, ...more] = await firstDelivery("slack", hook);
    await settle(introspector);
    expect(more).toEqual([]);
    expect(delivered).toMatchObject({ answered: 200, refusal: null });
    const message = JSON.parse(delivered!.body) as SlackMessage;
    expect(message.blocks[0]).toMatchObject({ text: { text: "New high drift: suite checkout slack" } });
    const [leftField, rightField, verdict, counts] = (message.blocks[1] as { fields: { text: string }[] }).fields;
    expect(leftField!.text).toBe(`*staging* (base)\n\`${bases().leftBase}\``);
    expect(rightField!.text).toBe(`*production* (base)\n\`${bases().rightBase}\``);
    expect(verdict!.text).toBe("*Verdict*\ndifferent (3 paths, 2 different)");
    expect(counts!.text).toBe(`*Differences (causes)*\n${COUNTS}`);
    expect(run.totals.differences).toMatchObject(RUN_COUNTS);
    const changes = (message.blocks[2] as { text: { text: string } }).text.text;
    expect(changes.split("\n")).toEqual([
      "*Paths that differ* (new first)",
      expect.stringMatching(new RegExp(`^• 🆕 \\*high\\* path \`${broken}\``)),
      expect.stringContaining(`\`${changed}\``),
    ]);
    const context = JSON.stringify(message.blocks.at(-1));
    expect(context).toContain(`<http://envdiff.test/?suite=${suiteId}|Open in envdiff>`);
    expect(context).toContain(`, run ${run.number}`);
  });

  it("a suite made through the API, watched into Teams, drifts on the tick and Teams accepts a card naming both bases, run 2, the counts and the paths", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const hook = crypto.randomUUID();
    const { suiteId, run, broken, changed } = await driftingSuite("teams", hook);
    const [delivered, ...more] = await firstDelivery("teams", hook);
    await settle(introspector);
    expect(more).toEqual([]);
    expect(delivered).toMatchObject({ answered: 200, refusal: null });
    const card = JSON.parse(delivered!.body).attachments[0].content;
    expect(card.body[0].text).toBe("New high drift: suite checkout teams");
    const facts = Object.fromEntries(
      card.body[1].facts.map((f: { title: string; value: string }) => [f.title, f.value]),
    );
    // Teams' markdown escapes the brackets.
    expect(facts).toMatchObject({ Verdict: "different \\(3 paths, 2 different\\)", "Differences (causes)": COUNTS });
    expect(JSON.stringify(card.body[1].facts)).toContain(bases().leftBase);
    expect(JSON.stringify(card.body[1].facts)).toContain(bases().rightBase);
    const text = JSON.stringify(card.body);
    expect(text).toContain(broken);
    expect(text).toContain(changed);
    expect(text.indexOf(broken)).toBeLessThan(text.indexOf(changed));
    expect(text).toContain(`run ${run.number}`);
    expect(card.actions[0].url).toBe(`http://envdiff.test/?suite=${suiteId}`);
  });
});
