import { describe, expect, it, vi } from "vitest";
import { DEFAULT_AI_MODEL, explainDiff } from "../../src/explain/ai";
import { EXPLANATION_JSON_SCHEMA } from "../../src/explain/prompt";
import { explainWithRules } from "../../src/explain/rules";
import { diffOf, header, json, status } from "../support/differences";

const diff = diffOf(status(200, 503), header("x-version", "1.2.0", "1.3.0", { history: "recurring" }));
const resolved = [{ kind: "body" as const, path: "/body/json/items/0" }];
const rules = explainWithRules(diff, resolved);

const answer = {
  summary: "Right returns 503 while left is healthy; the x-version header shows right runs 1.3.0.",
  severity: "high",
  details: ["Status 503 on the right since this run: check the 1.3.0 deploy.", "x-version differs since earlier runs."],
};

/** An AI binding whose `run` does what `impl` says and records its calls. */
function mockAi(impl: (model: string, input: unknown) => unknown) {
  return { run: vi.fn(async (model: string, input: unknown) => impl(model, input)) };
}

describe("explanations from Workers AI", () => {
  it("uses the model's JSON answer when JSON mode returns an object", async () => {
    const ai = mockAi(() => ({ response: answer }));
    const explanation = await explainDiff(diff, resolved, { ai, model: "@cf/test/model" });
    expect(explanation).toEqual({
      source: "workers-ai",
      model: "@cf/test/model",
      summary: answer.summary,
      severity: "high",
      details: answer.details,
      generated: true,
      facts: rules.summary,
    });
  });

  it("uses the model's answer when it comes back as JSON text", async () => {
    const ai = mockAi(() => ({ response: JSON.stringify(answer) }));
    const explanation = await explainDiff(diff, resolved, { ai, model: DEFAULT_AI_MODEL });
    expect(explanation.source).toBe("workers-ai");
    expect(explanation.summary).toBe(answer.summary);
  });

  it("accepts JSON text wrapped in a Markdown fence", async () => {
    const ai = mockAi(() => ({ response: `\`\`\`json\n${JSON.stringify(answer)}\n\`\`\`` }));
    expect((await explainDiff(diff, resolved, { ai, model: DEFAULT_AI_MODEL })).source).toBe("workers-ai");
  });

  it("asks the configured model for JSON that follows the explanation schema", async () => {
    const ai = mockAi(() => ({ response: answer }));
    await explainDiff(diff, resolved, { ai, model: "@cf/test/model" });
    expect(ai.run).toHaveBeenCalledTimes(1);
    const [model, input] = ai.run.mock.calls[0] ?? [];
    expect(model).toBe("@cf/test/model");
    expect(input).toMatchObject({
      response_format: { type: "json_schema", json_schema: EXPLANATION_JSON_SCHEMA },
      messages: [{ role: "system" }, { role: "user" }],
    });
  });

  it("falls back to the default model when none is configured", async () => {
    const ai = mockAi(() => ({ response: answer }));
    const explanation = await explainDiff(diff, resolved, { ai, model: "" });
    expect(ai.run.mock.calls[0]?.[0]).toBe(DEFAULT_AI_MODEL);
    expect(explanation.model).toBe(DEFAULT_AI_MODEL);
  });

  it("reports the diff's highest severity even when the model says otherwise", async () => {
    const ai = mockAi(() => ({ response: { ...answer, severity: "low" } }));
    expect((await explainDiff(diff, resolved, { ai, model: DEFAULT_AI_MODEL })).severity).toBe("high");
  });

  it("keeps at most 8 details from a talkative model", async () => {
    const ai = mockAi(() => ({ response: { ...answer, details: Array.from({ length: 12 }, (_, i) => `item ${i}`) } }));
    expect((await explainDiff(diff, resolved, { ai, model: DEFAULT_AI_MODEL })).details).toHaveLength(8);
  });

  it("does not call the model when the environments are identical", async () => {
    const ai = mockAi(() => ({ response: answer }));
    const explanation = await explainDiff(diffOf(), [], { ai, model: DEFAULT_AI_MODEL });
    expect(ai.run).not.toHaveBeenCalled();
    expect(explanation).toMatchObject({ source: "rules", severity: "none" });
  });
});

describe("falling back to the rules explanation", () => {
  it.each([
    ["the model answers text that is not JSON", () => ({ response: "The left side looks fine, the right is down." })],
    ["the model's JSON has the wrong shape", () => ({ response: { explanation: "right is down" } })],
    ["the model's severity is not a known level", () => ({ response: { ...answer, severity: "catastrophic" } })],
    ["the model's summary is empty", () => ({ response: { ...answer, summary: "   " } })],
    ["the model returns nothing", () => undefined],
  ])("when %s", async (_case, impl) => {
    const reasons: string[] = [];
    const explanation = await explainDiff(diff, resolved, {
      ai: mockAi(impl),
      model: DEFAULT_AI_MODEL,
      onFallback: (reason) => reasons.push(reason),
    });
    expect(explanation).toEqual(rules);
    expect(reasons).toEqual(["model answer failed validation"]);
  });

  it("when the AI binding is absent, as in local development", async () => {
    expect(await explainDiff(diff, resolved, { ai: undefined, model: DEFAULT_AI_MODEL })).toEqual(rules);
  });

  it("when the model call throws", async () => {
    const ai = mockAi(() => {
      throw new Error("3040: capacity exceeded");
    });
    expect(await explainDiff(diff, resolved, { ai, model: DEFAULT_AI_MODEL })).toEqual(rules);
  });

  it("when the binding throws before returning a promise", async () => {
    const ai = {
      run: () => {
        throw new TypeError("binding misconfigured");
      },
    };
    expect(await explainDiff(diff, resolved, { ai, model: DEFAULT_AI_MODEL })).toEqual(rules);
  });

  it("within the time bound when the model hangs", async () => {
    const ai = { run: () => new Promise<unknown>(() => {}) };
    const reasons: string[] = [];
    const started = Date.now();
    const explanation = await explainDiff(diff, resolved, {
      ai,
      model: DEFAULT_AI_MODEL,
      timeoutMs: 150,
      onFallback: (reason) => reasons.push(reason),
    });
    const elapsed = Date.now() - started;
    expect(explanation).toEqual(rules);
    expect(reasons).toEqual(["model did not answer within 150 ms"]);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(150 + 350);
  });

  it("within the time bound when the model answers too late, and ignores its late failure", async () => {
    const ai = {
      run: () => new Promise<unknown>((_resolve, reject) => setTimeout(() => reject(new Error("late")), 300)),
    };
    const started = Date.now();
    expect(await explainDiff(diff, resolved, { ai, model: DEFAULT_AI_MODEL, timeoutMs: 100 })).toEqual(rules);
    expect(Date.now() - started).toBeLessThan(100 + 150);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the late rejection must not fail the run
  });

  it("even when the fallback logger itself throws", async () => {
    const explanation = await explainDiff(diff, resolved, {
      model: DEFAULT_AI_MODEL,
      onFallback: () => {
        throw new Error("logger down");
      },
    });
    expect(explanation).toEqual(rules);
  });

  it("mentions flapping and resolved differences in the fallback too", async () => {
    const noisy = diffOf(status(200, 503), json("/requestId", "a", "b", { history: "flapping" }));
    const explanation = await explainDiff(noisy, resolved, { model: DEFAULT_AI_MODEL });
    expect(explanation.summary).toContain("1 flapping (JSON body at /requestId): comes and goes between runs");
    expect(explanation.summary).toContain("Resolved since the previous run: JSON body at /items/0.");
  });
});
