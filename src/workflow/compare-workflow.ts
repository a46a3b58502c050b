/**
 * CompareWorkflow: probe both sides, diff, mark history, explain, complete — each a
 * durable step that the EnvPairDO records through typed RPC.
 *
 * Workflows replays `run()` after a restart and returns finished steps from its log,
 * so code outside `step.do` runs again: here that is only pure work (building the
 * stub, reading params), which is safe to repeat. Every step body is idempotent:
 * saveProbe is an upsert, and completing or failing a comparison twice is a no-op.
 * After the end, src/workflow/directory-steps.ts updates the pair directory (D1).
 * Each step body is wrapped by loggedStep (step-log.ts): one `workflow.step` log line per real run.
 */
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep, type WorkflowStepConfig } from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";
import { rulesFromOptions } from "../diff";
import { diffWithoutNoise, sampleNoise } from "../diff/noise";
import { errorCode } from "../errors";
import {
  classifyHistory,
  comparable,
  DEFAULT_AI_MODEL,
  explainDiff,
  reusableExplanation,
  sideLabels,
} from "../explain";
import { log } from "../log";
import { probeSamples } from "../probe/samples";
import { SecretsConfigError, SecretsOpenError } from "../secrets/crypto";
import { headersToSend } from "../secrets/request-headers";
import type { Side } from "../shapes/envelope";
import type { CompareOptions } from "../shapes/options";
import type { ComparisonResult } from "../shapes/result";
import { afterComparison } from "./directory-steps";
import { loggedStep } from "./step-log";
import type { SuiteRef } from "./suite-steps";

/** What POST /api/compare starts the workflow with. */
export interface CompareParams {
  comparisonId: string;
  pairKey: string;
  leftUrl: string;
  rightUrl: string;
  /** As readers see them: credentials "[redacted]". Params are kept and shown by the platform. */
  options: CompareOptions;
  /**
   * Every header value, sealed by the API; opened only inside a probe step (openRequestHeaders).
   * Absent in runs started before headers were sealed, whose options still carry them.
   */
  sealedHeaders?: string | null;
  /** The pair's saved settings' header values, sealed: sent under the run's own headers. */
  settingsSealedHeaders?: string | null;
  /** Set when a suite started it: the suite item its end is recorded on (src/workflow/suite-steps.ts). */
  suite?: SuiteRef;
}

/** Comparisons read for history marks: enough to see a value flap, few enough to stay cheap. */
const HISTORY_DEPTH = 10;

const STORAGE_STEP: WorkflowStepConfig = {
  retries: { limit: 5, delay: 500, backoff: "exponential" },
  timeout: "30 seconds",
};

export class CompareWorkflow extends WorkflowEntrypoint<Env, CompareParams> {
  override async run(
    event: Readonly<WorkflowEvent<CompareParams>>,
    step: WorkflowStep,
  ): Promise<ComparisonResult | null> {
    const { comparisonId, pairKey } = event.payload;
    const stub = this.env.ENV_PAIR.getByName(pairKey);
    try {
      const result = await this.#compare(event.payload, step, stub);
      log("info", "comparison.completed", { comparisonId, pairKey, identical: result.diff.identical });
      // The pair directory and webhook come after the result is stored and can never fail it.
      await afterComparison(step, this.env, stub, comparisonId, pairKey, event.payload.suite);
      return result;
    } catch (error) {
      const code = errorCode(error);
      if (code === "not_found") {
        // The comparison left the ring while we worked: nobody can read a result, so stop
        // quietly instead of retrying or failing loudly.
        log("info", "comparison.evicted", { comparisonId, pairKey });
        return null;
      }
      if (code === "invalid_transition") {
        // Someone else ended it: the deadline watchdog failed it while we were late.
        // Its state is final and already explains why, so there is nothing to record.
        log("info", "comparison.ended_elsewhere", { comparisonId, pairKey });
        await afterComparison(step, this.env, stub, comparisonId, pairKey, event.payload.suite);
        return null;
      }
      const message = error instanceof Error ? error.message : String(error);
      log("error", "comparison.failed", { comparisonId, pairKey, message });
      await step.do(
        "fail",
        STORAGE_STEP,
        loggedStep(event.payload, "fail", async () => {
          try {
            await stub.failComparison(comparisonId, { code: "workflow_failed", message: publicMessage(message) });
          } catch (failError) {
            // Evicted, or already ended by the deadline watchdog: nothing left to record.
            if (errorCode(failError) === null) throw failError;
          }
        }),
      );
      // A failed run is the pair's latest outcome too: the directory shows it.
      await afterComparison(step, this.env, stub, comparisonId, pairKey, event.payload.suite);
      return null;
    }
  }

  async #compare(
    params: CompareParams,
    step: WorkflowStep,
    stub: DurableObjectStub<import("../do/env-pair-do").EnvPairDO>,
  ): Promise<ComparisonResult> {
    const { comparisonId, options } = params;
    const probeStep = (side: Side, url: string) =>
      step.do(
        `probe ${side}`,
        {
          // A probe is data about the environment, never an exception, so retries only cover
          // platform faults; the step timeout leaves room for the probe's own deadline.
          retries: { limit: 2, delay: "1 second", backoff: "exponential" },
          timeout: `${Math.ceil(options.timeoutMs / 1000) + 30} seconds`,
        },
        loggedStep(
          params,
          `probe ${side}`,
          async () => {
            // Opened here and nowhere else: the clear values live only as long as this request.
            const headers = await openHeadersOrStop(this.env, params, side);
            // Samples run at the same time (one deadline for all): a second sample costs a
            // request, not a second wait. Only the first is stored; the others only say what varies.
            const [envelope, ...others] = await probeSamples(url, side, {
              method: options.method,
              headers,
              timeoutMs: options.timeoutMs,
              allowPrivate: this.env.ALLOW_PRIVATE_TARGETS === "true",
              samples: options.samples ?? 1,
            });
            await saveOrStop(() => stub.saveProbe(comparisonId, side, envelope));
            const samples = sampleNoise([envelope, ...others], rulesFromOptions(options));
            // Only a digest: the envelope itself lives in the object (step results are capped at 1 MiB).
            return {
              side,
              status: envelope.status,
              error: envelope.error?.code ?? null,
              bytes: envelope.body?.bytes ?? 0,
              samples,
            };
          },
          // Facts only: status, error code and size, never the target's headers or body.
          (digest) => ({ status: digest.status, probeError: digest.error, bytes: digest.bytes }),
        ),
      );
    const [leftProbe, rightProbe] = await Promise.all([
      probeStep("left", params.leftUrl),
      probeStep("right", params.rightUrl),
    ]);

    const classified = await step.do(
      "diff",
      STORAGE_STEP,
      loggedStep(
        params,
        "diff",
        async () => {
          const state = await stub.getComparison(comparisonId);
          if (!state) throw new NonRetryableError(`not_found: comparison ${comparisonId} left the ring`);
          const { left, right } = state.probes;
          if (!left || !right) throw new Error(`probe envelopes missing for ${comparisonId}`);
          const history = await stub.getComparisonsForHistory(HISTORY_DEPTH);
          const { diff, noise } = diffWithoutNoise(
            left,
            right,
            rulesFromOptions(options),
            leftProbe.samples,
            rightProbe.samples,
          );
          const marked = classifyHistory(
            {
              leftUrl: params.leftUrl,
              rightUrl: params.rightUrl,
              diff,
              options,
              noise,
              comparable: comparable(left, right),
            },
            history,
          );
          // The diff engine keeps its report within DIFFERENCES_BUDGET_BYTES (UTF-8, src/budgets.ts) and
          // paths within MAX_PATH_BYTES; noise and notCompared are bounded lists of paths, so this result
          // stays within MAX_STEP_RESULT_BYTES (256 KiB).
          const classified = {
            diff: marked.diff,
            resolved: marked.resolved,
            noise,
            notCompared: marked.notCompared,
            firstRun: history.length === 0,
          };
          // history[0] is the pair's previous completed comparison: the same facts reuse its answer.
          const reuse = await reusableExplanation(classified, history[0]?.result, this.#model());
          return { ...classified, reuse };
        },
        (classified) => ({ differences: classified.diff.differences.length, reuse: classified.reuse !== null }),
      ),
    );

    const explanation = await step.do(
      "explain",
      // explainDiff never throws and bounds the model call itself; one retry covers a platform fault.
      { retries: { limit: 1, delay: "1 second", backoff: "constant" }, timeout: "30 seconds" },
      loggedStep(
        params,
        "explain",
        async () =>
          classified.reuse ??
          explainDiff(classified.diff, classified.resolved, {
            ai: this.env.AI,
            model: this.#model(),
            context: {
              labels: sideLabels(params.leftUrl, params.rightUrl, options),
              noise: classified.noise,
              notCompared: classified.notCompared,
              firstRun: classified.firstRun,
            },
          }),
        (explanation) => ({ source: explanation.source }),
      ),
    );

    const result: ComparisonResult = {
      diff: classified.diff,
      resolved: classified.resolved,
      noise: classified.noise,
      notCompared: classified.notCompared,
      explanation,
    };
    await step.do(
      "complete",
      STORAGE_STEP,
      loggedStep(params, "complete", async () => {
        await saveOrStop(() => stub.completeComparison(comparisonId, result));
      }),
    );
    return result;
  }

  #model(): string {
    return this.env.AI_MODEL || DEFAULT_AI_MODEL;
  }
}

/** The side's request headers in clear; a missing key or a value no key opens cannot get better by retrying. */
async function openHeadersOrStop(env: Env, params: CompareParams, side: Side): Promise<Record<string, string>> {
  try {
    // Each side's headers are those bound to its URL (src/secrets/header-set.ts); the run's own win
    // over the pair's saved ones, name by name (case-insensitive).
    return await headersToSend(env, params, side);
  } catch (error) {
    if (error instanceof SecretsConfigError || error instanceof SecretsOpenError) {
      throw new NonRetryableError(`request headers cannot be opened: ${error.message}`);
    }
    throw error;
  }
}

/** Runs a storage write; a comparison that left the ring (not_found) must not be retried. */
async function saveOrStop(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const code = errorCode(error);
    if (code !== null) throw new NonRetryableError(error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/** Failure messages are shown to clients: keep the first line, bounded. */
function publicMessage(message: string): string {
  return (message.split("\n")[0] ?? "").slice(0, 300) || "the comparison failed";
}
