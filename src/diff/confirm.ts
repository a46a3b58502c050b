/**
 * Confirming before reporting (issue 23, docs/noise.md § Confirming): when a comparison still finds
 * differences (or a latency that is not plainly the same) after its first samples, it takes more
 * samples of both sides before it reports. Each round probes both sides at the same moment, so load
 * hits them alike; rounds are spread in time, so values that move between seconds (counters,
 * uptimes, second-resolution clocks) move between samples. After each round the candidates are
 * judged again, and confirming stops early once nothing is left to confirm: everything that
 * differed has varied within a side (noise), and the latency is the same. A difference that holds
 * in every sample of both sides is real, so a real difference always takes every round.
 *
 * Pure apart from what it is given: the clock, the sleep and the round of probes are injected, so
 * the schedule and the stopping rule are tested without waiting or a network.
 */
import type { SignalEnvelope } from "../shapes/envelope";
import { diffWithoutNoise } from "./noise";
import type { DiffRules } from "./rules";
import { addRound, isUnstable, type SideSamples } from "./sample-facts";
import { countedMoments, suspected, unanimous } from "./timing";

export interface ConfirmSettings {
  /** Round k starts k × spacingMs after confirming began (or when round k−1 ended, if later). */
  spacingMs: number;
  /** At most this many rounds: a side is probed at most `samples × (1 + maxRounds)` times. */
  maxRounds: number;
  /** No round starts once confirming has taken this long. */
  budgetMs: number;
}

/**
 * Production defaults, chosen from measurements (docs/noise.md): 4 rounds 300 ms apart span 1.2 s,
 * so anything that ticks each second moves, and 6 samples per side let a 50/50 value through with
 * probability 2^(1−2·6) ≈ 0.05%.
 */
export const DEFAULT_CONFIRM: Readonly<ConfirmSettings> = { spacingMs: 300, maxRounds: 4, budgetMs: 15_000 };

/** Reads the spacing from the Worker's var `CONFIRM_SPACING_MS` (wrangler.toml); defaults otherwise. */
export function confirmSettings(vars: { CONFIRM_SPACING_MS?: string }): ConfirmSettings {
  const number = (text: string | undefined, fallback: number, max: number) => {
    const n = Number(text);
    return text !== undefined && text !== "" && Number.isInteger(n) && n >= 0 && n <= max ? n : fallback;
  };
  return {
    spacingMs: number(vars.CONFIRM_SPACING_MS, DEFAULT_CONFIRM.spacingMs, 5_000),
    maxRounds: DEFAULT_CONFIRM.maxRounds,
    budgetMs: DEFAULT_CONFIRM.budgetMs,
  };
}

export interface Stored {
  left: SignalEnvelope;
  right: SignalEnvelope;
}

export interface Facts {
  left: SideSamples;
  right: SideSamples;
}

/**
 * A latency difference is confirmed once it holds over this many moments (the probe step's samples,
 * then each round); a suspected one (timing.ts) is looked at until then, and called the same if it
 * is still only suspected.
 */
export const TIMING_CONFIRM_MOMENTS = 3;

/**
 * Whether the samples so far leave something to confirm. Not when a side errored (an error is the
 * answer, and another probe could only wait for its timeout) or its status is already unstable (one
 * disagreement settles that). Otherwise: while a value still differs (it is real only once it held
 * in every round), or while the latency is neither plainly `same` nor a `slower`/`faster` verdict
 * that every moment agrees with over TIMING_CONFIRM_MOMENTS moments (a verdict that forgives a
 * moment takes every round). A `same` that is `suspected` (one side slower at every moment, under
 * the floors) is confirmed up to TIMING_CONFIRM_MOMENTS moments.
 */
export function needsConfirming(stored: Stored, facts: Facts, rules: Partial<DiffRules>): boolean {
  if (stored.left.error || stored.right.error) return false;
  if (isUnstable(facts.left) || isUnstable(facts.right)) return false;
  const found = diffWithoutNoise(stored.left, stored.right, rules, facts.left, facts.right);
  if (found.diff.differences.some((d) => d.kind !== "timing")) return true;
  if (!found.timingCounts) return false;
  const { moments } = facts.left;
  // Swamped moments (timing.ts) do not count: a stalled machine showed nothing at them.
  const enough = countedMoments(found.timing, moments) >= TIMING_CONFIRM_MOMENTS;
  if (found.timing.verdict === "same") return !enough && suspected(found.timing, moments);
  return !(enough && unanimous(found.timing, moments));
}

export interface ConfirmDeps {
  now(): number;
  sleep(ms: number): Promise<void>;
  /**
   * Samples of both sides, all taken at the same moment: as many of each side as the probe step
   * took, so that a value that is random on every response has as many chances to vary.
   */
  probeRound(): Promise<{ left: readonly SignalEnvelope[]; right: readonly SignalEnvelope[] }>;
}

export interface Confirmed extends Facts {
  /** Rounds taken: each probed every side `samples` times more. */
  rounds: number;
}

export async function confirm(
  stored: Stored,
  facts: Facts,
  rules: Partial<DiffRules>,
  settings: ConfirmSettings,
  deps: ConfirmDeps,
): Promise<Confirmed> {
  const start = deps.now();
  let current = facts;
  let rounds = 0;
  while (rounds < settings.maxRounds && needsConfirming(stored, current, rules)) {
    if (deps.now() - start >= settings.budgetMs) break;
    const due = start + (rounds + 1) * settings.spacingMs;
    const wait = due - deps.now();
    if (wait > 0) await deps.sleep(wait);
    const round = await deps.probeRound();
    rounds++;
    current = {
      left: addRound(current.left, stored.left, round.left, rules),
      right: addRound(current.right, stored.right, round.right, rules),
    };
  }
  return { ...current, rounds };
}
