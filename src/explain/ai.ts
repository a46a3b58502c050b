/**
 * The explanation step: asks Workers AI (JSON mode, validated with zod) and falls back to the
 * deterministic rules explanation whenever the binding is absent, throws, is slower than the
 * bound, answers something that is not the expected JSON, or contradicts the measured facts
 * (contradiction.ts). A model answer carries `generated: true` and the rules summary as `facts`,
 * shown beside it. Never throws: a comparison must never fail because of the model.
 */
import { z } from "zod";
import type { DiffResult, Explanation } from "../shapes/result";
import { SEVERITIES } from "../shapes/result";
import { contradiction } from "./contradiction";
import { highestSeverity, type ResolvedDifference } from "./facts";
import { buildPrompt, EXPLANATION_JSON_SCHEMA } from "./prompt";
import { explainWithRules, MAX_DETAILS } from "./rules";
import type { ExplainContext } from "./wording";

export { explanationCacheKey } from "./prompt";

/**
 * Llama 3.3 70B (fp8, fast): listed as supporting JSON mode, and named among the variants that
 * stay active in the May 2026 Workers AI deprecations (which retired llama-3.1-8b-instruct).
 */
export const DEFAULT_AI_MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
export const DEFAULT_AI_TIMEOUT_MS = 4000;

/** The slice of the `AI` binding this module uses; tests pass a mock. */
export interface AiRunner {
  run(model: string, input: unknown, options?: unknown): Promise<unknown>;
}

export interface ExplainDeps {
  ai?: AiRunner | undefined;
  model: string;
  /** Upper bound on waiting for the model; the rules answer is returned after it. */
  timeoutMs?: number;
  /** Told why the model's answer was not used (for logs); never given secrets. */
  onFallback?: (reason: string) => void;
  /** Labels, noise, what was not compared, first run: used by the rules explanation (wording.ts). */
  context?: ExplainContext;
}

const modelAnswerSchema = z.object({
  summary: z.string().trim().min(1).max(3000),
  severity: z.enum(["none", ...SEVERITIES]),
  details: z.array(z.string().trim().min(1).max(1000)).max(30).optional(),
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJsonText(text: string): unknown {
  // Some models wrap JSON in a Markdown fence even in JSON mode.
  const unfenced = text
    .trim()
    .replace(/^```(?:json)?\s*/i, "")
    .replace(/\s*```$/, "");
  try {
    return JSON.parse(unfenced);
  } catch {
    return undefined;
  }
}

/**
 * The answer object out of what `AI.run` returned: `{ response: {...} }` (JSON mode),
 * `{ response: "..." }` (JSON as text), an OpenAI-style `choices[0].message.content`, or a bare string.
 */
export function extractAnswer(raw: unknown): unknown {
  if (typeof raw === "string") return parseJsonText(raw);
  if (!isRecord(raw)) return undefined;
  if ("response" in raw) return typeof raw.response === "string" ? parseJsonText(raw.response) : raw.response;
  const first = Array.isArray(raw.choices) ? raw.choices[0] : undefined;
  const content = isRecord(first) && isRecord(first.message) ? first.message.content : undefined;
  if (typeof content === "string") return parseJsonText(content);
  return raw;
}

const TIMED_OUT = Symbol("timed out");

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  // A late rejection of the abandoned call must not surface as an unhandled rejection.
  work.catch(() => {});
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Explains a classified diff. Skips the model when nothing differs (the rules say it as well,
 * for free). The returned severity is always the highest severity in the diff, so what the
 * API reports never depends on the model; the model's own severity is validated, not trusted.
 */
export async function explainDiff(
  diff: DiffResult,
  resolved: readonly ResolvedDifference[],
  deps: ExplainDeps,
): Promise<Explanation> {
  const fallback = (reason: string): Explanation => {
    try {
      deps.onFallback?.(reason);
    } catch {
      // A failing logger must not turn a fallback into a failed comparison.
    }
    return explainWithRules(diff, resolved, deps.context);
  };
  try {
    if (!deps.ai) return fallback("no AI binding");
    if (diff.differences.length === 0) return explainWithRules(diff, resolved, deps.context);

    const model = deps.model || DEFAULT_AI_MODEL;
    const timeoutMs = deps.timeoutMs && deps.timeoutMs > 0 ? deps.timeoutMs : DEFAULT_AI_TIMEOUT_MS;
    const prompt = buildPrompt(diff, resolved, undefined, deps.context);
    const input = {
      messages: [
        { role: "system", content: prompt.system },
        { role: "user", content: prompt.user },
      ],
      response_format: { type: "json_schema", json_schema: EXPLANATION_JSON_SCHEMA },
      max_tokens: 800,
      temperature: 0.2,
    };
    const ai = deps.ai;
    // Through a promise so a binding that throws synchronously is handled like one that rejects.
    const raw = await withTimeout(
      Promise.resolve().then(() => ai.run(model, input)),
      timeoutMs,
    );
    if (raw === TIMED_OUT) return fallback(`model did not answer within ${timeoutMs} ms`);

    const answer = modelAnswerSchema.safeParse(extractAnswer(raw));
    if (!answer.success) return fallback("model answer failed validation");

    const details = (answer.data.details ?? []).slice(0, MAX_DETAILS);
    // Values in the prompt come from the targets and may carry instructions; an answer that
    // obeyed them (denying differences, dropping every high one) is not shown.
    const contradicted = contradiction(answer.data.summary, details, diff);
    if (contradicted) return fallback(`model answer contradicts the facts: ${contradicted}`);
    return {
      source: "workers-ai",
      model,
      summary: answer.data.summary,
      severity: highestSeverity(diff.differences),
      ...(details.length > 0 ? { details } : {}),
      generated: true,
      facts: explainWithRules(diff, resolved).summary,
    };
  } catch (error) {
    return fallback(`model call failed: ${error instanceof Error ? error.name : typeof error}`);
  }
}
