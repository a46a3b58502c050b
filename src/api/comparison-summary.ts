/** The summary view of a comparison (GET /api/compare/:id?view=summary): envelopes cut to outlines. */
import type { ComparisonState } from "../shapes/comparison";
import type { SignalEnvelope } from "../shapes/envelope";
import type { ComparisonStateSummary, ProbeOutline } from "../shapes/routes";

function outline(envelope: SignalEnvelope | null): ProbeOutline | null {
  if (!envelope) return null;
  const { ok, status, timing, error } = envelope;
  return { ok, status, timing, error };
}

export function comparisonSummary(state: ComparisonState): ComparisonStateSummary {
  const { probes, ...rest } = state;
  return { ...rest, probed: { left: outline(probes.left), right: outline(probes.right) } };
}
