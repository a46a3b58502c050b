import { describe, expect, it } from "vitest";
import { guessLabels, sideLabels } from "../../src/explain/labels";
import { explainWithRules } from "../../src/explain/rules";
import { plainText } from "../../src/explain/wording";
import { difference, diffOf, json, status } from "../support/differences";

describe("side labels", () => {
  it.each([
    ["https://staging.shop.com/x", "https://www.shop.com/x", "staging", "www"],
    ["https://api.staging.shop.com/", "https://api.shop.com/", "staging", "shop"],
    ["http://127.0.0.1:8001/", "http://127.0.0.1:8002/", "127.0.0.1:8001", "127.0.0.1:8002"],
    ["http://10.0.0.1/", "http://10.0.0.2/", "10.0.0.1", "10.0.0.2"],
    ["https://h.com/v/staging/api", "https://h.com/v/production/api", "staging", "production"],
    ["https://h.com/a", "https://h.com/a", "left", "right"],
  ])("%s vs %s are %s and %s", (l, r, a, b) => {
    expect(guessLabels(l, r)).toEqual({ left: a, right: b });
  });

  it("prefers the labels the options give", () => {
    expect(sideLabels("https://a.x.com", "https://b.x.com", { leftLabel: "pre", rightLabel: "prod" })).toEqual({
      left: "pre",
      right: "prod",
    });
  });
});

describe("words", () => {
  const labels = { left: "staging", right: "www" };

  it("names the sides by their labels", () => {
    const { summary } = explainWithRules(diffOf(status(200, 503)), [], { labels });
    expect(summary).toContain("1 difference between staging and www");
    expect(summary).toContain("Status differs: staging 200, www 503");
  });

  it("says a first run is one instead of counting new differences", () => {
    const { summary } = explainWithRules(diffOf(status(200, 503)), [], { labels, firstRun: true });
    expect(summary).toContain("This is the first comparison of this pair.");
    expect(summary).not.toContain("new since the previous run");
  });

  it("summarises a changed line of a page in words, never as quoted escaped markup", () => {
    const hunk = difference(
      "body",
      "/body/text/@1a2b3c4d",
      '-14|     <li class="plan">Pro: &euro;12 / month</li>',
      '+14|     <li class="plan">Pro: &euro;14 / month</li>',
      { severity: "medium" },
    );
    const { summary } = explainWithRules(diffOf(hunk), [], { labels });
    expect(summary).toContain('A line of the page differs: staging "Pro: €12 / month", www "Pro: €14 / month"');
    expect(summary).not.toMatch(/<li|\\"/);
  });

  it("names the noise in one phrase", () => {
    const noise = [
      { path: "/body/json/requestId", side: "left" as const },
      { path: "/headers/x-trace", side: "right" as const },
    ];
    const { summary } = explainWithRules(diffOf(json("/price", 1, 2)), [], { labels, noise });
    expect(summary).toContain(
      "Left out as noise (changes between two responses of the same side): JSON body at /requestId and header x-trace.",
    );
  });

  it("says what is now ignored and what could not be compared, instead of calling it resolved", () => {
    const { summary } = explainWithRules(diffOf(), [], {
      notCompared: [
        { kind: "header", path: "/headers/server", reason: "now_ignored" },
        { kind: "header", path: "/headers/x-powered-by", reason: "not_comparable" },
      ],
    });
    expect(summary).toContain("Now ignored, so not compared: header server.");
    expect(summary).toContain("Not comparable this run (a side did not answer): header x-powered-by.");
    expect(summary).not.toContain("Resolved");
  });

  it("reduces markup to what a reader sees", () => {
    expect(plainText('<a href="/x">Sign&nbsp;in</a> &amp; <b>go</b>')).toBe("Sign in & go");
  });
});

describe("values in prose", () => {
  it("quotes a string value as written, without JSON escapes", () => {
    const d = json("/banner", '<a href="/sale">Sale</a>\nnow', '<a href="/sale">Sale</a>');
    const { summary } = explainWithRules(diffOf(d), []);
    expect(summary).toContain('left "<a href="/sale">Sale</a> now"');
    expect(summary).not.toContain('\\"');
  });
});
