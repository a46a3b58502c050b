import { describe, expect, it } from "vitest";
import { describeDifference, explainWithRules, MAX_DETAILS } from "../../src/explain/rules";
import { difference, diffOf, header, json, status, timing } from "../support/differences";

describe("one sentence per difference", () => {
  it.each([
    ["a status change", status(200, 503), "Status differs: left 200, right 503 (high, new)."],
    [
      "a recurring header change",
      header("x-version", "1.2.0", "1.3.0", { history: "recurring" }),
      'Header x-version differs: left "1.2.0", right "1.3.0" (medium, recurring).',
    ],
    [
      "a header only on the right",
      header("x-debug", null, "on"),
      'Header x-debug only on the right: "on" (medium, new).',
    ],
    [
      "a JSON value only on the left",
      json("/items/2", { id: 2 }, null),
      'JSON body at /items/2 only on the left: {"id":2} (low, new).',
    ],
    [
      "response times in milliseconds",
      timing(120, 900),
      "Response time differs: left 120 ms, right 900 ms (info, new).",
    ],
    [
      "a flapping value as one that comes and goes, never as noise",
      json("/requestId", "r1", "r2", { history: "flapping" }),
      'JSON body at /requestId differs: left "r1", right "r2" (low, flapping: comes and goes between runs).',
    ],
    [
      "a probe error only on the right",
      difference("error", "/error", null, { code: "timeout", message: "no answer" }, { severity: "high" }),
      'Probe error only on the right: {"code":"timeout","message":"no answer"} (high, new).',
    ],
    [
      "a text body change",
      difference("body", "/body/text", "hello", "help", { severity: "medium" }),
      'Body text differs: left "hello", right "help" (medium, new).',
    ],
    [
      'a JSON null as the literal null, apart from the string "null"',
      json("/next", null, "null", { change: "changed" }),
      'JSON body at /next differs: left null, right "null" (low, new).',
    ],
  ])("describes %s", (_case, d, sentence) => {
    expect(describeDifference(d)).toBe(sentence);
  });

  it("never shows a sensitive header's value", () => {
    expect(describeDifference(header("set-cookie", "session=abc", "session=def"))).toBe(
      'Header set-cookie differs: left "[redacted]", right "[redacted]" (medium, new).',
    );
  });

  it("truncates long values so a sentence stays short", () => {
    const sentence = describeDifference(json("/html", "x".repeat(500), "y".repeat(500)));
    expect(sentence.length).toBeLessThan(200);
    expect(sentence).toContain("…");
  });
});

describe("rules explanation", () => {
  it("says the environments match and gives severity none when nothing differs", () => {
    const explanation = explainWithRules(diffOf(), []);
    expect(explanation).toEqual({
      source: "rules",
      severity: "none",
      summary: "Both environments respond the same way: no differences after the ignore rules.",
    });
  });

  it("mentions what was resolved when the environments became identical", () => {
    const explanation = explainWithRules(diffOf(), [{ kind: "status", path: "/status" }]);
    expect(explanation.severity).toBe("none");
    expect(explanation.summary).toContain("Resolved since the previous run: status.");
  });

  it("leads with the most severe differences and gives the highest severity", () => {
    const diff = diffOf(
      json("/count", 1, 2),
      header("x-version", "1.2.0", "1.3.0", { history: "recurring" }),
      status(200, 503),
    );
    const explanation = explainWithRules(diff, []);
    expect(explanation.source).toBe("rules");
    expect(explanation.severity).toBe("high");
    expect(explanation.summary).toBe(
      "3 differences between left and right, highest severity high. " +
        "Status differs: left 200, right 503 (high, new). " +
        'Header x-version differs: left "1.2.0", right "1.3.0" (medium, recurring). ' +
        "2 new since the previous run, 1 recurring.",
    );
    expect(explanation.details?.[0]).toBe("Status differs: left 200, right 503 (high, new).");
  });

  it("says flapping differences come and go, never that they are noise, and does not lead with them", () => {
    const diff = diffOf(
      json("/requestId", "r1", "r2", { severity: "medium", history: "flapping" }),
      json("/count", 1, 2, { history: "recurring" }),
    );
    const explanation = explainWithRules(diff, []);
    expect(explanation.summary).toMatch(
      /^2 differences between left and right, highest severity medium\. JSON body at \/count/,
    );
    expect(explanation.summary).toContain(
      "1 recurring, 1 flapping (JSON body at /requestId): comes and goes between runs.",
    );
    expect(explanation.summary).not.toContain("noise");
  });

  it("names resolved differences next to the current ones", () => {
    const explanation = explainWithRules(diffOf(status(200, 503)), [
      { kind: "header", path: "/headers/x-version" },
      { kind: "body", path: "/body/json/items/0" },
    ]);
    expect(explanation.summary).toContain(
      "Resolved since the previous run: header x-version and JSON body at /items/0.",
    );
    expect(explanation.details?.at(-1)).toBe(
      "Resolved since the previous run: header x-version and JSON body at /items/0.",
    );
  });

  it("keeps details to a short list however many differences there are", () => {
    const many = Array.from({ length: 30 }, (_, i) => json(`/items/${i}`, i, i + 1));
    const explanation = explainWithRules(diffOf(status(200, 500), ...many), [{ kind: "status", path: "/status" }]);
    expect(explanation.details).toHaveLength(MAX_DETAILS);
    expect(explanation.details?.[MAX_DETAILS - 2]).toBe("…and 25 more differences (25 low).");
    expect(explanation.summary.length).toBeLessThan(600);
  });

  it("says when the diff engine recorded only some of the differences", () => {
    const diff = diffOf(status(200, 503));
    diff.summary.total = 40;
    const explanation = explainWithRules(diff, []);
    expect(explanation.summary).toMatch(/^40 differences between left and right/);
    expect(explanation.summary).toContain("Only 1 of 40 differences were recorded.");
  });

  it("gives the same explanation whatever order the differences come in", () => {
    const a = [status(200, 503), header("x-a", "1", "2"), json("/b", 1, 2)];
    expect(explainWithRules(diffOf(...a), [])).toEqual(explainWithRules(diffOf(...a.reverse()), []));
  });
});

describe("causes and their consequences, keys and renames in the rules explanation", () => {
  const withConsequences = {
    ...status(200, 503),
    consequences: [
      json("/items", [1], null, { severity: "medium" }),
      header("content-type", "application/json", "text/html"),
      header("content-length", "20", "900", { severity: "info" }),
    ],
  };

  it("counts causes and names what follows from each as its consequences", () => {
    const explanation = explainWithRules(diffOf(withConsequences), []);
    expect(explanation.summary).toMatch(
      /^1 difference \(and 3 consequences that follow from it\) between left and right, highest severity high\./,
    );
    expect(explanation.summary).toContain(
      "Status differs: left 200, right 503 (high, new; 3 consequences follow from it: " +
        "JSON body at /items, header content-type and header content-length).",
    );
  });

  it("names an array element by its key and gives the right side's own index", () => {
    const region = json("/projects/3/region", "eu", "us", {
      severity: "medium",
      key: "prj_4kq2",
      leftPath: "/body/json/projects/3/region",
      rightPath: "/body/json/projects/0/region",
    });
    expect(describeDifference(region, { left: "staging", right: "production" })).toBe(
      'JSON body at /projects/3/region (element "prj_4kq2", /projects/0/region on production) differs: ' +
        'staging "eu", production "us" (medium, new).',
    );
  });

  it("describes a rename as one field under a new name with the same value", () => {
    const renamed = {
      ...json("/taxId", "DE1", "DE1", { severity: "medium" }),
      change: "renamed" as const,
      leftPath: "/body/json/taxId",
      rightPath: "/body/json/vatId",
    };
    expect(describeDifference(renamed, { left: "staging", right: "production" })).toBe(
      'JSON body at /taxId is renamed on production: /vatId, same value "DE1" (medium, new).',
    );
  });
});
