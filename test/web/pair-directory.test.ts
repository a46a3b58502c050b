/**
 * The pure logic behind the page's pair directory views: how a pair's two URLs are shortened,
 * watch intervals and drift events in words, the address of each view, and the watch form's
 * validation, which must agree with the API's own schema on a table of cases.
 */
import { describe, expect, it } from "vitest";
import { WATCH_MAX_MINUTES, WATCH_MIN_MINUTES, WEBHOOK_FORMATS } from "../../src/shapes/pair";
import { watchRequestSchema } from "../../src/shapes/routes";
import { suiteWatchRequestSchema } from "../../src/shapes/suite-routes";
import { ApiFailure } from "../../src/web/client";
import { describeEvent, describeLateness, describePair, formatInterval, truncateMiddle } from "../../src/web/pair-text";
import { appendPage } from "../../src/web/use-pair-list";
import { searchForView, viewFromSearch } from "../../src/web/view";
import * as watchForm from "../../src/web/watch-form";

describe("a pair's label", () => {
  it("says a path both sides share once, below the two hosts", () => {
    expect(describePair("https://staging.example.com/api/status", "https://www.example.com/api/status")).toEqual({
      left: "staging.example.com",
      right: "www.example.com",
      shared: "/api/status",
    });
  });

  it("says a host both sides share once, below the two paths", () => {
    expect(describePair("http://127.0.0.1:8700/a?x=1", "http://127.0.0.1:8700/b")).toEqual({
      left: "/a?x=1",
      right: "/b",
      shared: "127.0.0.1:8700",
    });
  });

  it("keeps the schemes when they differ, and drops a bare /", () => {
    expect(describePair("http://old.example.com/", "https://new.example.com/")).toEqual({
      left: "http://old.example.com",
      right: "https://new.example.com",
      shared: null,
    });
    expect(describePair("https://a.example/", "https://b.example/")).toEqual({
      left: "a.example",
      right: "b.example",
      shared: null,
    });
  });

  it("cuts long URLs in the middle, keeping their start and end", () => {
    const long = `/search?q=${"x".repeat(200)}&page=2`;
    const cut = truncateMiddle(long);
    expect(cut.length).toBe(56);
    expect(cut.startsWith("/search?q=")).toBe(true);
    expect(cut.endsWith("&page=2")).toBe(true);
    expect(truncateMiddle("short")).toBe("short");
  });
});

describe("watch intervals in words", () => {
  it.each([
    [5, "every 5 minutes", "every 5 min"],
    [60, "every hour", "every 1 h"],
    [90, "every 90 minutes", "every 90 min"],
    [120, "every 2 hours", "every 2 h"],
    [1440, "every day", "daily"],
  ])("%i minutes reads as %s", (minutes, long, short) => {
    expect(formatInterval(minutes)).toBe(long);
    expect(formatInterval(minutes, true)).toBe(short);
  });
});

describe("a drift event in words", () => {
  it("names the new high differences", () => {
    const detail = { count: 2, differences: [{ kind: "status", path: "/status", left: 503, right: 200 }] };
    expect(describeEvent({ kind: "new_high", detail })).toEqual({
      title: "2 new high differences",
      count: 2,
      items: [{ kind: "status", path: "/status" }],
    });
  });

  it("names the resolved ones, and survives a detail it does not expect", () => {
    expect(
      describeEvent({ kind: "resolved", detail: { count: 1, resolved: [{ kind: "status", path: "/status" }] } }),
    ).toMatchObject({ title: "1 high difference resolved", items: [{ path: "/status" }] });
    expect(describeEvent({ kind: "resolved", detail: null })).toEqual({
      title: "0 high differences resolved",
      count: 0,
      items: [],
    });
  });
});

describe("the page's address", () => {
  it.each([
    ["", { kind: "start" }],
    ["?id=abc%3A1", { kind: "comparison", id: "abc:1" }],
    ["?pair=ff", { kind: "pair", pairKey: "ff" }],
    ["?pair=ff&id=abc", { kind: "comparison", id: "abc" }],
    ["?pair=", { kind: "start" }],
  ])("%s names %o, and back", (search, view) => {
    expect(viewFromSearch(search)).toEqual(view);
    expect(viewFromSearch(searchForView(viewFromSearch(search)))).toEqual(view);
  });
});

describe("the watch form", () => {
  it("uses the API's bounds", () => {
    expect([watchForm.WATCH_MIN_MINUTES, watchForm.WATCH_MAX_MINUTES]).toEqual([WATCH_MIN_MINUTES, WATCH_MAX_MINUTES]);
  });

  const CASES: [string, string][] = [
    ["15", ""],
    ["5", ""],
    ["1440", "https://hooks.example.com/envdiff"],
    ["4", ""],
    ["1441", ""],
    ["15.5", ""],
    ["", ""],
    ["abc", ""],
    ["15", "hooks.example.com"],
    ["15", "ftp://hooks.example.com"],
    ["15", "https://user:pw@hooks.example.com/"],
  ];

  it.each(CASES)("agrees with the API's schema on %j minutes, webhook %j", (intervalMinutes, webhookUrl) => {
    const built = watchForm.buildWatchRequest({ intervalMinutes, webhookUrl, webhookFormat: "standard" });
    const body = { intervalMinutes: Number(intervalMinutes), ...(webhookUrl ? { webhookUrl } : {}) };
    expect(built.ok).toBe(intervalMinutes !== "" && watchRequestSchema.safeParse(body).success);
    if (built.ok) expect(watchRequestSchema.safeParse(built.request).success).toBe(true);
  });

  it("sends the chosen format, and the suite's watch schema takes the same request", () => {
    const built = watchForm.buildWatchRequest({
      intervalMinutes: "30",
      webhookUrl: "https://hooks.slack.com/services/T/B/x",
      webhookFormat: "slack",
    });
    expect(built).toMatchObject({
      ok: true,
      request: { webhookFormat: "slack", webhookUrl: "https://hooks.slack.com/services/T/B/x" },
    });
    if (built.ok) expect(suiteWatchRequestSchema.safeParse(built.request).success).toBe(true);
    expect(Object.keys(watchForm.WEBHOOK_FORMAT_CHOICES)).toEqual(WEBHOOK_FORMATS);
  });

  it("asks for the whole URL again when a chat watch changes format, and keeps it when nothing changed", () => {
    const shown = { webhookUrl: "https://hooks.slack.com/…", webhookFormat: "slack" as const };
    const changed = watchForm.buildWatchRequest(
      { intervalMinutes: "30", webhookUrl: shown.webhookUrl, webhookFormat: "teams" },
      shown,
    );
    expect(changed.ok).toBe(false);
    if (!changed.ok) expect(changed.errors.webhookUrl).toMatch(/Paste the whole webhook URL again/);
    const kept = watchForm.buildWatchRequest(
      { intervalMinutes: "30", webhookUrl: shown.webhookUrl, webhookFormat: "slack" },
      shown,
    );
    expect(kept).toMatchObject({ ok: true, request: { webhookUrl: shown.webhookUrl, webhookFormat: "slack" } });
  });

  it("puts an API refusal next to its field", () => {
    const format = new ApiFailure("invalid_request", "Changing webhookFormat … needs webhookUrl too.", 400, {
      field: "webhookUrl",
    });
    expect(watchForm.placeWatchFailure(format).errors.webhookUrl).toMatch(/needs webhookUrl/);
    const blocked = new ApiFailure("blocked_target", "webhookUrl is not allowed: 10.0.0.8 is a private address.", 400, {
      field: "webhookUrl",
    });
    expect(watchForm.placeWatchFailure(blocked)).toEqual({
      errors: { webhookUrl: "10.0.0.8 is a private address." },
      formError: null,
    });
    const invalid = new ApiFailure("invalid_request", "Invalid request", 400, {
      issues: [{ path: "intervalMinutes", message: "must be at least 5" }],
    });
    expect(watchForm.placeWatchFailure(invalid).errors.intervalMinutes).toBe("This must be at least 5.");
    expect(watchForm.placeWatchFailure(new ApiFailure("not_found", "No pair", 404)).formError).toMatch(/directory/);
  });
});

describe("loading more pairs", () => {
  it("skips a pair already listed (compared again between two pages)", () => {
    const pair = (pairKey: string) => ({ pairKey }) as Parameters<typeof appendPage>[0][number];
    const merged = appendPage([pair("a"), pair("b")], [pair("b"), pair("c")]);
    expect(merged.map((p) => p.pairKey)).toEqual(["a", "b", "c"]);
  });
});

describe("a late watch, in words", () => {
  const MINUTE = 60_000;
  it("says nothing while runs start within a tick of their due time", () => {
    expect(describeLateness({ enabled: true, lateByMs: null, overdueByMs: 0 })).toBeNull();
    expect(describeLateness({ enabled: true, lateByMs: 4 * MINUTE, overdueByMs: 2 * MINUTE })).toBeNull();
  });
  it("says how overdue the next run is first, then how late the last one started", () => {
    expect(describeLateness({ enabled: true, lateByMs: 12 * MINUTE, overdueByMs: 7 * MINUTE })).toBe(
      "The next run is 7 minutes overdue: starts are queued behind others.",
    );
    expect(describeLateness({ enabled: true, lateByMs: 12 * MINUTE, overdueByMs: 0 })).toBe(
      "The last run started 12 minutes after it was due.",
    );
    // A paused watch is not overdue, whatever its due time says.
    expect(describeLateness({ enabled: false, lateByMs: null, overdueByMs: 60 * MINUTE })).toBeNull();
  });
});
