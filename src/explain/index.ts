/** The explain feature's public surface: history marks, the rules explanation and the AI explanation. */
export { type AiRunner, DEFAULT_AI_MODEL, DEFAULT_AI_TIMEOUT_MS, type ExplainDeps, explainDiff } from "./ai";
export type { ResolvedDifference } from "./facts";
export { type ClassifiedRun, type CurrentRun, classifyHistory, FLAP_WINDOW } from "./history";
export { buildPrompt, explanationCacheKey, PROMPT_VERSION } from "./prompt";
export { reusableExplanation } from "./reuse";
export { explainWithRules } from "./rules";
