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
import type { CompareParams } from "../compare/params";
import { rulesFromOptions } from "../diff";
import { confirmSettings } from "../diff/confirm";
import { groupConsequences } from "../diff/consequences";
import { diffWithoutNoise, sampleNoise, samplesOf, sideSamples } from "../diff/noise";
import { verdictOf } from "../diff/verdict";
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
import { type SentBody, sentBody } from "../request-body";
import { SecretsConfigError, SecretsOpenError } from "../secrets/crypto";
import { bodyToSend, headersToSend } from "../secrets/request-headers";
import type { Side } from "../shapes/envelope";
import type { ComparisonResult } from "../shapes/result";
import { confirmStep, confirmTimeout } from "./confirm-step";
import { afterComparison } from "./directory-steps";
import { loggedStep } from "./step-log";

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
      await afterComparison(step, this.env, stub, event.payload, result);
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
        await afterComparison(step, this.env, stub, event.payload, null);
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
      await afterComparison(step, this.env, stub, event.payload, null);
      return null;
    }
  }

  async #compare(
    params: CompareParams,
    step: WorkflowStep,
    stub: DurableObjectStub<import("../do/env-pair-do").EnvPairDO>,
  ): Promise<ComparisonResult> {
    const { comparisonId, options } = params;
    const allowPrivate = this.env.ALLOW_PRIVATE_TARGETS === "true";
    // One step probes both sides at once: the first samples of each side are a round that hits both
    // alike, so load on the machine or the network slows both (latency is judged round by round:
    // src/diff/timing.ts). Samples of a side run at the same time too (one deadline for all): a
    // second sample costs a request, not a second wait.
    const probed = await step.do(
      "probe",
      {
        // A probe is data about the environment, never an exception, so retries only cover
        // platform faults; the step timeout leaves room for the probe's own deadline.
        retries: { limit: 2, delay: "1 second", backoff: "exponential" },
        timeout: `${Math.ceil(options.timeoutMs / 1000) + 30} seconds`,
      },
      loggedStep(
        params,
        "probe",
        async () => {
          // A POST's body, opened here like the headers when it is secret; the same for both sides.
          const body = await openBodyOrStop(this.env, params);
          const probeSide = async (side: Side, url: string) => {
            // Opened here and nowhere else: the clear values live only as long as this request.
            const headers = await openHeadersOrStop(this.env, params, side);
            const [envelope, ...others] = await probeSamples(url, side, {
              method: options.method,
              body,
              headers,
              timeoutMs: options.timeoutMs,
              allowPrivate,
              samples: options.samples ?? 1,
            });
            return { envelope, samples: sampleNoise([envelope, ...others], rulesFromOptions(options)) };
          };
          const [left, right] = await Promise.all([
            probeSide("left", params.leftUrl),
            probeSide("right", params.rightUrl),
          ]);
          // Only the first sample of each side is stored, with every sample's status and time; the
          // others only say what varies.
          for (const [side, probe] of [
            ["left", left],
            ["right", right],
          ] as const) {
            await saveOrStop(() =>
              stub.saveProbe(comparisonId, side, { ...probe.envelope, samples: samplesOf(probe.samples) }),
            );
          }
          // Only a digest: the envelopes live in the object (step results are capped at 1 MiB).
          const digest = (probe: typeof left) => ({
            status: probe.envelope.status,
            error: probe.envelope.error?.code ?? null,
            bytes: probe.envelope.body?.bytes ?? 0,
            samples: probe.samples,
          });
          return { left: digest(left), right: digest(right) };
        },
        // Facts only: statuses, error codes and sizes, never the targets' headers or bodies.
        (digest) => ({
          leftStatus: digest.left.status,
          rightStatus: digest.right.status,
          leftError: digest.left.error,
          rightError: digest.right.error,
          bytes: digest.left.bytes + digest.right.bytes,
        }),
      ),
    );

    // Differences (or a latency that is not plainly the same) are confirmed with more samples of
    // both sides before they are reported; an identical pair returns at once (confirm-step.ts).
    const settings = confirmSettings(this.env);
    const confirmed = await step.do(
      "confirm",
      // A retry probes again from the stored envelopes; one covers a platform fault.
      { retries: { limit: 1, delay: "1 second", backoff: "constant" }, timeout: confirmTimeout(options, settings) },
      loggedStep(
        params,
        "confirm",
        () =>
          confirmStep(stub, {
            comparisonId,
            leftUrl: params.leftUrl,
            rightUrl: params.rightUrl,
            options,
            allowPrivate: this.env.ALLOW_PRIVATE_TARGETS === "true",
            settings,
            facts: { left: sideSamples(probed.left.samples), right: sideSamples(probed.right.samples) },
            openHeaders: (side) => openHeadersOrStop(this.env, params, side),
            openBody: () => openBodyOrStop(this.env, params),
            save: (side, envelope) => saveOrStop(() => stub.saveProbe(comparisonId, side, envelope)),
          }),
        (confirmed) => ({ rounds: confirmed.rounds }),
      ),
    );

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
          // Consequences are folded under their causes after noise and confirmation are settled.
          const { diff, noise, timing, timingCounts } = groupConsequences(
            diffWithoutNoise(left, right, rulesFromOptions(options), confirmed.left, confirmed.right),
            { left, right },
          );
          const { verdict, inconclusive } = verdictOf(diff, confirmed.left, confirmed.right, timing, timingCounts);
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
            verdict,
            inconclusive,
            timing,
          };
          // history[0] is the pair's previous completed comparison: the same facts reuse its answer.
          // An inconclusive run is explained afresh: a reused answer would not say why.
          const reuse =
            inconclusive.length > 0 ? null : await reusableExplanation(classified, history[0]?.result, this.#model());
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
              inconclusive: classified.inconclusive,
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
      verdict: classified.verdict,
      inconclusive: classified.inconclusive,
      timing: classified.timing,
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

/** A POST's body on the wire (a secret one opened like the headers); undefined for GET and HEAD. */
async function openBodyOrStop(env: Env, params: CompareParams): Promise<SentBody | undefined> {
  try {
    const body = params.options.method === "POST" ? await bodyToSend(env, params) : undefined;
    return body ? sentBody(body) : undefined;
  } catch (error) {
    if (error instanceof SecretsConfigError || error instanceof SecretsOpenError) {
      throw new NonRetryableError(`the request body cannot be opened: ${error.message}`);
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
