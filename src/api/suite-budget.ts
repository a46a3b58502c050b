/**
 * The per-identity suite budget (issue 21, finding 5). The rate limit counts calls, and one suite
 * call can be 500 paths × 2 sides × (3 samples + 4 confirming rounds): a leaked `compare` token could
 * make envdiff send a flood to any public host. So a suite run is also charged what it may send, in
 * **probes** (one request to a target, redirects not counted), against SUITE_PROBES_PER_MINUTE per
 * identity (per address without one) in any 60 seconds. Spent: `429 rate_limited` with Retry-After.
 * A run that costs more than the whole budget could never run: `400 invalid_request` says so.
 *
 * A run is charged what it may send at most: every path probed `samples` times per side, then
 * confirmed with every round (src/diff/confirm.ts): what a path whose difference holds takes. A path
 * that turns out identical sends less; the charge is not given back, since the budget bounds what a
 * caller can make envdiff send, not what it happened to send.
 *
 * The bound this gives, for one identity, in any minute (requestsPerMinuteBound): every call the
 * rate limit lets through is a comparison of at most 2 sides × (3 samples + 4 rounds) probes, or a
 * suite call whose own probes are charged here (its discovery fetch is one probe); and a probe
 * follows at most five redirects. Watches are run by the cron, not by a caller: an admin sets them,
 * at least 5 minutes apart, and they are not charged.
 */
import type { Context } from "hono";
import { DEFAULT_CONFIRM } from "../diff/confirm";
import type { WindowVerdict } from "../do/sliding-window";
import { messageOf } from "../errors";
import { log } from "../log";
import { MAX_REDIRECTS } from "../probe/probe";
import { DEFAULT_SAMPLES, MAX_SAMPLES } from "../shapes/options";
import type { AppEnv } from "./auth";
import { ApiError } from "./errors";
import { rateKey } from "./rate-limit";

/** One 500-path suite at its most: 500 paths × 2 sides × (3 samples + 4 confirming rounds). */
export const DEFAULT_SUITE_PROBES_PER_MINUTE = 7000;

/** SUITE_PROBES_PER_MINUTE as a number ("0" turns the budget off); anything else falls back to the default. */
export function parseSuiteBudget(value: string | undefined): number {
  const text = value?.trim() ?? "";
  if (/^\d{1,9}$/.test(text)) return Number(text);
  if (text !== "") {
    log("warn", "suite_budget.invalid_config", {
      expected: "a whole number",
      fallback: DEFAULT_SUITE_PROBES_PER_MINUTE,
    });
  }
  return DEFAULT_SUITE_PROBES_PER_MINUTE;
}

/**
 * The most probes one comparison taking `samples` samples may make: 2 sides × (its samples + every
 * confirming round).
 */
export function comparisonProbes(samples: number): number {
  return 2 * (samples + DEFAULT_CONFIRM.maxRounds);
}

/**
 * The most probes one run of `paths` paths may make. A suite left at the default samples takes each
 * pair's saved samples (src/shapes/settings.ts), up to MAX_SAMPLES.
 */
export function suiteRunProbes(paths: number, options: { samples?: number }): number {
  const samples = options.samples === undefined || options.samples === DEFAULT_SAMPLES ? MAX_SAMPLES : options.samples;
  return paths * comparisonProbes(samples);
}

/** At most this many requests a minute can one identity make envdiff send to targets (docs/auth.md § Limits). */
export function requestsPerMinuteBound(callsPerMinute: number, suiteProbesPerMinute: number): number {
  // A call is a comparison; a suite call's discovery is one probe, its paths are charged apart.
  const probesPerCall = comparisonProbes(MAX_SAMPLES);
  return (callsPerMinute * probesPerCall + suiteProbesPerMinute) * (1 + MAX_REDIRECTS);
}

/**
 * Refuses a suite whose every run would cost more than the whole budget: it could never run. An
 * edit (PATCH) is checked so, and charged nothing: it starts no run. Returns the budget (0: off).
 */
export function checkSuiteRunFits(c: Context<AppEnv>, probes: number): number {
  const limit = parseSuiteBudget(c.env.SUITE_PROBES_PER_MINUTE);
  if (limit !== 0 && probes > limit) {
    throw new ApiError(
      "invalid_request",
      `This suite run may make ${probes} probes, more than the ${limit} a minute any caller may spend on suites: compare fewer paths, or fewer samples.`,
      { probes, limit },
    );
  }
  return limit;
}

/** Charges a suite run of `probes` to the caller's budget, or refuses it. */
export async function spendSuiteBudget(c: Context<AppEnv>, probes: number): Promise<void> {
  const limit = checkSuiteRunFits(c, probes);
  if (limit === 0) return;
  const identity = c.get("identity");
  const named = identity && identity.kind !== "anonymous" ? identity.id : null;
  const key = `suite:${rateKey(named, c.req.header("cf-connecting-ip"))}`;
  let verdict: WindowVerdict;
  try {
    verdict = await c.env.RATE_LIMITER.getByName(key).hit(limit, probes);
  } catch (error) {
    // As the rate limit: a limiter that cannot be reached must not take the API down with it.
    log("warn", "suite_budget.unavailable", { message: messageOf(error) });
    return;
  }
  if (!verdict.allowed) {
    const seconds = verdict.retryAfterSeconds;
    throw new ApiError(
      "rate_limited",
      `The suite budget of ${named ?? "this client"} is spent: at most ${limit} probes a minute, and this run may make ${probes}. Try again in ${seconds} s.`,
      { limit, probes, retryAfterSeconds: seconds },
      { "Retry-After": String(seconds) },
    );
  }
}
