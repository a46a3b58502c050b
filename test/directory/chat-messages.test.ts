/**
 * The chat messages themselves, without a delivery: what a Slack or Teams message says about a
 * pair's comparison or a suite's run, that it stays within the chat's limits however much changed,
 * and that nothing a target sends can mention, link or format in the chat. Each message is checked
 * with the same schemas the local receivers use (test/support/chat-schemas.ts).
 */
import { describe, expect, it } from "vitest";
import type { ComparisonResult, Difference } from "../../src/shapes/result";
import type { SuiteItem, SuiteRun } from "../../src/shapes/suite";
import { slackCode, slackEscape, teamsEscape } from "../../src/watches/chat-text";
import { MAX_CHANGES, pairDriftMessage, suiteDriftMessage } from "../../src/watches/drift-message";
import { SLACK_LIMITS, slackMessage } from "../../src/watches/slack-message";
import { teamsMessage } from "../../src/watches/teams-message";
import { chatRefusal } from "../support/chat-schemas";
import { diffOf, header, json, LEFT, RIGHT, status } from "../support/differences";

function resultOf(differences: Difference[], extra: Partial<ComparisonResult> = {}): ComparisonResult {
  return {
    diff: diffOf(...differences),
    resolved: [],
    explanation: { source: "rules", summary: "", severity: "high" },
    verdict: differences.length === 0 ? "identical" : "different",
    ...extra,
  };
}

function pairMessage(result: ComparisonResult | null, drift = { newHigh: 1, resolvedHigh: 0 }) {
  return pairDriftMessage({
    pairKey: "a".repeat(64),
    comparisonId: `${"a".repeat(64)}:00000000-0000-4000-8000-000000000001`,
    leftUrl: LEFT,
    rightUrl: RIGHT,
    options: { leftLabel: "staging", rightLabel: "production" },
    result,
    drift,
    pageOrigin: "https://envdiff.example.com",
  });
}

const accepted = (message: unknown, kind: "slack" | "teams") =>
  expect(chatRefusal(kind, JSON.stringify(message))).toBeNull();

/** Strings a hostile target could put in a path or a value. */
const HOSTILE = [
  "<!channel> <!here> <@U024BE7LH>",
  "@here look @channel",
  "<https://evil.example|click here>",
  "[click](https://evil.example) ![img](https://evil.example/x.png)",
  "*bold* _it_ ~strike~ `code` ```block```",
  "line one\nline two\r\n\u202eesrever",
  "# heading",
  "- not a list",
  "1. nor a numbered one",
  "&amp; &lt;",
];

describe("what a chat message says", () => {
  it("names both environments, the verdict, the counts of causes and what changed, new first, with a link to the page", () => {
    const consequence = header("content-length", "10", "12", { severity: "low" });
    const message = pairMessage(
      resultOf([
        json("/price", 10, 12, { history: "recurring", severity: "medium" }),
        status(200, 503, { consequences: [consequence] }),
        header("x-version", "2.1.0", "2.0.3", { history: "new", severity: "low" }),
      ]),
    );
    expect(message.counts).toEqual({ high: 1, medium: 1, low: 1, info: 0 });
    // New first (by severity among them), then the rest; the consequence stays under its cause.
    expect(message.changes.map((c) => [c.where, c.isNew, c.consequences])).toEqual([
      ["/status", true, 1],
      ["/headers/x-version", true, 0],
      ["/body/json/price", false, 0],
    ]);
    const slack = slackMessage(message);
    accepted(slack, "slack");
    const text = JSON.stringify(slack);
    expect(text).toContain("*staging*");
    expect(text).toContain("`https://staging.example.com/api`");
    expect(text).toContain("1 high, 1 medium, 1 low");
    expect(text).toContain("_(+1 consequence)_");
    expect(text).not.toContain("content-length");
    expect(text).toContain("<https://envdiff.example.com/?id=");
    const teams = teamsMessage(message);
    accepted(teams, "teams");
    expect(teams.attachments[0]?.content.actions?.[0]?.url).toMatch(/^https:\/\/envdiff\.example\.com\/\?id=a{64}%3A/);
  });

  it("an inconclusive comparison says so, with why, in both chats", () => {
    const message = pairMessage(
      resultOf([], {
        verdict: "inconclusive",
        inconclusive: [{ reason: "unstable_value", path: "/body/json/n", side: "left" }],
      }),
      { newHigh: 0, resolvedHigh: 0 },
    );
    expect(message.verdict).toBe("inconclusive");
    const slack = slackMessage(message);
    accepted(slack, "slack");
    expect(slack.blocks[0]).toMatchObject({ text: { text: "Inconclusive: staging vs production" } });
    expect(JSON.stringify(slack)).toContain("unstable value · /body/json/n · left");
    const teams = teamsMessage(message);
    accepted(teams, "teams");
    expect(JSON.stringify(teams)).toContain("Could not settle");
  });

  it("a resolved drift and a failed comparison each read as what they are", () => {
    expect(slackMessage(pairMessage(resultOf([]), { newHigh: 0, resolvedHigh: 1 })).blocks[0]).toMatchObject({
      text: { text: "Drift resolved: staging vs production" },
    });
    const failed = pairMessage(null, { newHigh: 0, resolvedHigh: 0 });
    expect(failed.verdict).toBe("failed");
    accepted(slackMessage(failed), "slack");
    accepted(teamsMessage(failed), "teams");
  });

  it("a suite run names its bases, its paths that differ (new first) and its totals, and links to the suite", () => {
    const item = (path: string, extra: Partial<SuiteItem>): SuiteItem => ({
      path,
      leftUrl: `${LEFT}${path}`,
      rightUrl: `${RIGHT}${path}`,
      pairKey: "b".repeat(64),
      comparisonId: "c",
      status: "completed",
      highest: null,
      counts: { high: 0, medium: 0, low: 0, info: 0 },
      new: 0,
      recurring: 0,
      resolved: 0,
      history: "clean",
      verdict: "identical",
      ...extra,
    });
    const run: SuiteRun = {
      number: 3,
      runId: 77,
      createdAt: "2026-01-01T00:00:00.000Z",
      trigger: "watch",
      finishedAt: "2026-01-01T00:01:00.000Z",
      verdict: "different",
      totals: {
        paths: 4,
        running: 0,
        failed: 0,
        identical: 1,
        different: 2,
        inconclusive: 1,
        differences: { high: 1, medium: 2, low: 0, info: 0 },
        new: 1,
        resolved: 0,
      },
      drift: { newHigh: ["/api/health"], resolvedHigh: [] },
      items: [
        item("/api/status", {
          highest: "medium",
          counts: { high: 0, medium: 2, low: 0, info: 0 },
          history: "recurring",
          verdict: "different",
        }),
        item("/api/health", {
          highest: "high",
          counts: { high: 1, medium: 0, low: 0, info: 0 },
          history: "new",
          verdict: "different",
        }),
        item("/api/same", {}),
        item("/api/clock", { verdict: "inconclusive", history: null }),
      ],
    };
    const message = suiteDriftMessage({
      suiteId: "s-1",
      name: "shop",
      leftBase: LEFT,
      rightBase: RIGHT,
      options: {},
      run,
      runNumber: 3,
      pageOrigin: "https://envdiff.example.com",
    });
    expect(message.changes.map((c) => [c.where, c.note])).toEqual([
      ["/api/health", "1 high"],
      ["/api/status", "2 medium"],
    ]);
    const slack = slackMessage(message);
    accepted(slack, "slack");
    const text = JSON.stringify(slack);
    expect(slack.blocks[0]).toMatchObject({ text: { text: "New high drift: suite shop" } });
    expect(text).toContain("4 paths, 2 different, 1 inconclusive");
    expect(text).toContain("*staging* (base)");
    expect(text).toContain("<https://envdiff.example.com/?suite=s-1|Open in envdiff>");
    expect(text).toContain("run 3");
    accepted(teamsMessage(message), "teams");
  });
});

describe("chat limits", () => {
  it("hundreds of long differences stay within Slack's and Teams' limits, cut with a marker that counts the rest", () => {
    const long = "x".repeat(5000);
    const differences = Array.from({ length: 300 }, (_, i) =>
      json(`/${long}/${i}`, long, `${long}!`, { severity: "high" }),
    );
    const message = pairMessage(resultOf(differences));
    expect(message.changes).toHaveLength(MAX_CHANGES);
    expect(message.unlisted).toBe(300 - MAX_CHANGES);
    const slack = slackMessage(message);
    accepted(slack, "slack");
    expect(slack.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    const section = slack.blocks[2] as { text: { text: string } };
    expect(section.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(section.text.text).toMatch(/_…and \d+ more_$/);
    const teams = teamsMessage(message);
    accepted(teams, "teams");
    expect(JSON.stringify(teams)).toContain(`…and ${300 - MAX_CHANGES} more`);
  });

  it("a label or suite name too long for Slack's header is cut to 150 characters with a marker", () => {
    const message = { ...pairMessage(resultOf([status(200, 503)])) };
    message.left = { ...message.left, label: "s".repeat(40) };
    message.subject = { kind: "suite", suiteId: "s", name: "n".repeat(400), runNumber: 1 };
    const header = slackMessage(message).blocks[0] as { text: { text: string } };
    expect(header.text.text).toHaveLength(150);
    expect(header.text.text.endsWith("…")).toBe(true);
  });
});

describe("strings from targets are neutralised for the chat's markup", () => {
  it.each(HOSTILE)("Slack shows %j as text: no mention, link or formatting", (hostile) => {
    const message = pairMessage(resultOf([json(`/${hostile}`, hostile, `${hostile}!`, { severity: "high" })]));
    const slack = slackMessage(message);
    accepted(slack, "slack");
    const text = JSON.stringify(slack);
    expect(text).not.toMatch(/<!(channel|here)>|<@U|<https:\/\/evil/);
    expect(text).not.toMatch(/(?<!\u2060)@(here|channel)\b/);
    // Every raw line break, tab or bidi control is shown as an escape, never sent as itself.
    const blocksText = (slack.blocks[2] as { text: { text: string } }).text.text;
    expect(blocksText.split("\n").length).toBe(2);
    expect(blocksText).not.toMatch(/[\r\u202e]/);
  });

  it.each(HOSTILE)("Teams shows %j as text: no link, mention or formatting", (hostile) => {
    const message = pairMessage(resultOf([json(`/${hostile}`, hostile, `${hostile}!`, { severity: "high" })]));
    const teams = teamsMessage(message);
    accepted(teams, "teams");
    const lines = teams.attachments[0]!.content.body.flatMap((b) => (b.type === "TextBlock" ? [b.text] : []));
    const line = lines.find((l) => l.startsWith("NEW **high** "))!.slice("NEW **high** ".length);
    // Markdown's link, emphasis and tag characters are all escaped.
    expect(line).not.toMatch(/(?<!\\)[[\]()*_`<>~#]/);
    expect(line).not.toMatch(/[\r\n\u202e]/);
  });

  it("Slack's three escapes and the code span keep what a reader sees", () => {
    expect(slackEscape("a < b && c > d")).toBe("a &lt; b &amp;&amp; c &gt; d");
    expect(slackCode("say `hi`", 80)).toBe("`say ˋhiˋ`");
    expect(slackCode("", 80)).toBe('`""`');
    expect(slackCode("x".repeat(100), 10)).toBe(`\`${"x".repeat(9)}…\``);
  });

  it("Teams escapes Markdown, and a line that would start a list or heading", () => {
    expect(teamsEscape("[a](b)", 80)).toBe("\\[a\\]\\(b\\)");
    expect(teamsEscape("- item", 80)).toBe("\\- item");
    expect(teamsEscape("12. item", 80)).toBe("12\\. item");
    expect(teamsEscape("a-b.c", 80)).toBe("a-b.c");
  });
});
