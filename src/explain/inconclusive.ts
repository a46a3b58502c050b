/**
 * One sentence per reason a comparison is inconclusive (issue 23, src/diff/verdict.ts), with the
 * side's label and its samples, so a reader sees why envdiff would not call it either way.
 */
import type { InconclusiveReason } from "../shapes/result";
import type { SideLabels } from "./labels";
import { DEFAULT_LABELS } from "./wording";

const SHOWN_SAMPLES = 8;

function list(samples: readonly (number | null)[] | undefined, unit = ""): string {
  const shown = (samples ?? []).slice(0, SHOWN_SAMPLES).map((s) => (s === null ? "no answer" : `${s}${unit}`));
  return shown.join(", ");
}

export function describeInconclusive(reason: InconclusiveReason, labels: SideLabels = DEFAULT_LABELS): string {
  const side = reason.side ? labels[reason.side] : "a side";
  switch (reason.reason) {
    case "unstable_status":
      return `The status of ${side} changed between samples (${list(reason.samples)}).`;
    case "sample_errors":
      return `Some samples of ${side} got no answer (${list(reason.samples)}).`;
    case "unstable_timing":
      return `The response time of ${side} is unstable (${list(reason.samples, " ms")}): the latency cannot be judged.`;
    case "unstable_value":
      return reason.path === "/body/kind"
        ? `${side} answered a different kind of body from one sample to the next.`
        : `So much of ${side} changed between samples that its content cannot be compared.`;
  }
}

/** The verdict's reasons as sentences, led by "Could not be judged:"; empty when there are none. */
export function inconclusiveSentences(
  reasons: readonly InconclusiveReason[] | undefined,
  labels: SideLabels = DEFAULT_LABELS,
): string[] {
  if (!reasons || reasons.length === 0) return [];
  return [`Could not be judged: ${reasons.map((r) => describeInconclusive(r, labels)).join(" ")}`];
}
