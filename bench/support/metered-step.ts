/**
 * A WorkflowStep for the cost model: runs each step.do body once, at once, and records its name and
 * wall time. Workflows bills a step like a Worker invocation (CPU time) plus stored state, so the
 * count of step.do calls and the time inside each are the figures docs/scale.md needs.
 */
import type { WorkflowStep } from "cloudflare:workers";

export interface StepTiming {
  name: string;
  ms: number;
}

export function meteredStep(timings: StepTiming[]): WorkflowStep {
  const run = async <T>(name: string, configOrBody: unknown, maybeBody?: () => Promise<T>): Promise<T> => {
    const body = (typeof configOrBody === "function" ? configOrBody : maybeBody) as () => Promise<T>;
    const started = performance.now();
    try {
      return await body();
    } finally {
      timings.push({ name, ms: performance.now() - started });
    }
  };
  return {
    do: run,
    sleep: async () => {},
    sleepUntil: async () => {},
    waitForEvent: async () => {
      throw new Error("CompareWorkflow waits for no event");
    },
  } as unknown as WorkflowStep;
}
