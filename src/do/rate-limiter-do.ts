/**
 * RateLimiterDO: one tiny Durable Object per client (named by src/api/rate-limit.ts's client key) that
 * counts its POST /api/compare calls in a sliding 60-second window; another, named `suite:<key>`,
 * counts the probes its suite runs may make (src/api/suite-budget.ts).
 *
 * Why not the Workers rate-limiting binding: its limit is fixed in wrangler.toml, and the contract
 * makes the limit a var (RATE_LIMIT_PER_MINUTE) that `--var` and tests change (re-evaluated for
 * issue 11: it does run locally, but also only counts per location; docs/auth.md). Keys are an
 * identity when the request has one, an address otherwise (src/api/rate-limit.ts).
 *
 * In memory only, on purpose: no storage write per request (nothing billed beyond the request
 * itself, no write latency). The cost is that an evicted or restarted object forgets its window
 * and the client gets a fresh one. Objects are evicted only after a period with no requests,
 * which for an active client is rarely before its window has expired anyway — acceptable for
 * abuse protection, which needs to be roughly right, not exact.
 */
import { DurableObject } from "cloudflare:workers";
import { SlidingWindow, type WindowVerdict } from "./sliding-window";

export const RATE_WINDOW_MS = 60_000;

export class RateLimiterDO extends DurableObject<Env> {
  readonly #window = new SlidingWindow(RATE_WINDOW_MS);

  /** Counts one call (or `cost`, a suite run's probes) against `limit` per minute and says whether it may proceed. */
  async hit(limit: number, cost = 1): Promise<WindowVerdict> {
    // The object's input gate serialises calls, so two concurrent hits cannot both take the last slot.
    return this.#window.hit(limit, Date.now(), cost);
  }
}
