/**
 * Reusing the previous explanation: when a comparison finds exactly what the pair's previous one
 * found — the same differences with the same values and history marks, the same resolved list —
 * the model would be asked the same question again. Its earlier answer is returned instead: one
 * model call per distinct situation, not per run (watches and CI jobs repeat runs often).
 */
import type { ComparisonResult, DiffResult, Explanation } from "../shapes/result";
import type { ResolvedDifference } from "./facts";
import { explanationCacheKey } from "./prompt";

export async function reusableExplanation(
  current: { diff: DiffResult; resolved: readonly ResolvedDifference[] },
  previous: ComparisonResult | null | undefined,
  model: string,
): Promise<Explanation | null> {
  // Rules explanations are free to recompute; only a model's answer for this model is worth keeping.
  if (previous?.explanation.source !== "workers-ai" || previous.explanation.model !== model) return null;
  const [now, before] = await Promise.all([
    explanationCacheKey(current.diff, current.resolved),
    explanationCacheKey(previous.diff, previous.resolved),
  ]);
  return now === before ? previous.explanation : null;
}
