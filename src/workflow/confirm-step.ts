/**
 * The body of CompareWorkflow's `confirm` step (docs/noise.md § Confirming): reads both stored
 * envelopes, and when the first samples leave something to confirm, probes both sides again in
 * rounds spread in time (src/diff/confirm.ts), then stores each side's list of samples on its
 * envelope. An identical pair costs no request here.
 *
 * Why the waiting happens inside the step and not with `step.sleep`: the whole schedule is about a
 * second (4 rounds, 300 ms apart), far below what is worth a durable timer, and one step keeps the
 * samples of all rounds together. A retried step starts its rounds again from the stored envelopes,
 * which is idempotent: the facts are recomputed and the envelopes saved again (an upsert). The step
 * returns only small facts (statuses, timings, noise paths and line fingerprints), never bodies.
 */
import { NonRetryableError } from "cloudflare:workflows";
import { rulesFromOptions } from "../diff";
import { type Confirmed, type ConfirmSettings, confirm, needsConfirming } from "../diff/confirm";
import { type SideSamples, samplesOf } from "../diff/noise";
import type { EnvPairDO } from "../do/env-pair-do";
import { probeSamples } from "../probe/samples";
import type { SentBody } from "../request-body";
import type { Side, SignalEnvelope } from "../shapes/envelope";
import type { CompareOptions } from "../shapes/options";

export interface ConfirmInput {
  comparisonId: string;
  leftUrl: string;
  rightUrl: string;
  options: CompareOptions;
  allowPrivate: boolean;
  settings: ConfirmSettings;
  facts: { left: SideSamples; right: SideSamples };
  /** The side's request headers in clear (opened inside the step only). */
  openHeaders(side: Side): Promise<Record<string, string>>;
  /** A POST's body on the wire (opened inside the step only); undefined for GET and HEAD. */
  openBody(): Promise<SentBody | undefined>;
  /** Stores a side's envelope; a comparison that left the ring stops the workflow. */
  save(side: Side, envelope: SignalEnvelope): Promise<void>;
}

/** Step timeout: the time budget, one probe that may wait for its own timeout, and a margin. */
export function confirmTimeout(options: CompareOptions, settings: ConfirmSettings): `${number} seconds` {
  return `${Math.ceil((settings.budgetMs + options.timeoutMs) / 1000) + 30} seconds`;
}

export async function confirmStep(stub: DurableObjectStub<EnvPairDO>, input: ConfirmInput): Promise<Confirmed> {
  const state = await stub.getComparison(input.comparisonId);
  if (!state) throw new NonRetryableError(`not_found: comparison ${input.comparisonId} left the ring`);
  const left = state?.probes.left;
  const right = state?.probes.right;
  if (!left || !right) throw new Error(`probe envelopes missing for ${input.comparisonId}`);
  const stored = { left, right };
  const rules = rulesFromOptions(input.options);
  if (!needsConfirming(stored, input.facts, rules)) return { ...input.facts, rounds: 0 };

  const [leftHeaders, rightHeaders] = await Promise.all([input.openHeaders("left"), input.openHeaders("right")]);
  const body = await input.openBody();
  // Each round takes as many samples of each side at once as the probe step did: a value that is
  // random on every response gets as many more chances to vary, for one more request, not more time.
  const options = (headers: Record<string, string>) => ({
    method: input.options.method,
    body,
    headers,
    timeoutMs: input.options.timeoutMs,
    allowPrivate: input.allowPrivate,
    samples: input.options.samples ?? 1,
  });
  const confirmed = await confirm(stored, input.facts, rules, input.settings, {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    probeRound: async () => {
      const [l, r] = await Promise.all([
        probeSamples(input.leftUrl, "left", options(leftHeaders)),
        probeSamples(input.rightUrl, "right", options(rightHeaders)),
      ]);
      return { left: l, right: r };
    },
  });
  if (confirmed.rounds > 0) {
    await Promise.all([
      input.save("left", { ...left, samples: samplesOf(confirmed.left) }),
      input.save("right", { ...right, samples: samplesOf(confirmed.right) }),
    ]);
  }
  return confirmed;
}
