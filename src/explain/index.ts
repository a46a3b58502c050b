/** The explain feature's public surface: history marks, the rules explanation and the AI explanation. */
export { type AiRunner, DEFAULT_AI_MODEL, DEFAULT_AI_TIMEOUT_MS, type ExplainDeps, explainDiff } from "./ai";
export type { ResolvedDifference } from "./facts";
export {
  type ClassifiedRun,
  type CurrentRun,
  classifyHistory,
  comparable,
  FLAP_WINDOW,
  type NotCompared,
} from "./history";
export { guessLabels, type SideLabels, sideLabels } from "./labels";
export { buildPrompt, explanationCacheKey, PROMPT_VERSION } from "./prompt";
export { reusableExplanation } from "./reuse";
export { explainWithRules } from "./rules";
export type { ExplainContext } from "./wording";
