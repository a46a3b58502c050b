/**
 * One structured log line per workflow step run: `workflow.step` with comparisonId, pairKey,
 * step, attempt, durationMs and outcome ("ok" | "error"), plus facts the caller picks from the
 * result. Never header values, bodies or messages that could echo them: an error is logged by
 * its storage code or class name only (the comparison's own failure record keeps the message).
 */
import { errorCode } from "../errors";
import { type LogFields, log } from "../log";

export interface StepLogContext {
  comparisonId: string;
  pairKey: string;
}

/**
 * Wraps a step body so every run of it logs one line. It wraps the body, not the `step.do` call,
 * on purpose: when Workflows replays `run()` it returns a finished step's saved result without
 * running the body, so a replay logs nothing and each real attempt logs exactly once.
 */
export function loggedStep<T>(
  context: StepLogContext,
  step: string,
  body: () => Promise<T>,
  facts: (result: T) => LogFields = () => ({}),
): (ctx?: { attempt?: number }) => Promise<T> {
  return async (ctx) => {
    const started = Date.now();
    const base = { comparisonId: context.comparisonId, pairKey: context.pairKey, step, attempt: ctx?.attempt ?? null };
    try {
      const result = await body();
      log("info", "workflow.step", { ...facts(result), ...base, durationMs: Date.now() - started, outcome: "ok" });
      return result;
    } catch (error) {
      const reason = errorCode(error) ?? (error instanceof Error ? error.name : typeof error);
      log("warn", "workflow.step", { ...base, durationMs: Date.now() - started, outcome: "error", reason });
      throw error;
    }
  };
}
