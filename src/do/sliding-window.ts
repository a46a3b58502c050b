/**
 * A sliding-window log: the pure counting behind the per-client rate limit (rate-limit.ts) and the
 * suite budget (suite-budget.ts). It remembers the time and cost of each allowed hit in the last
 * window, so "at most N per minute" holds for every 60-second span, not just for calendar minutes
 * (a fixed window lets a client spend 2N across a boundary). A hit costs 1 for the rate limit and a
 * suite run's probes for the budget. Memory is at most `limit` entries per client.
 */

export interface WindowVerdict {
  allowed: boolean;
  /** What may still be spent in the current window after this one. */
  remaining: number;
  /** When refused: whole seconds until this hit would be allowed (at least 1). */
  retryAfterSeconds: number;
}

export class SlidingWindow {
  /** The allowed hits inside the window, oldest first. */
  #hits: { at: number; cost: number }[] = [];
  #used = 0;

  constructor(readonly windowMs: number) {}

  /** Counts a hit of `cost` at `now` if what was spent in the window before it leaves room for it within `limit`. */
  hit(limit: number, now: number, cost = 1): WindowVerdict {
    while (this.#hits.length > 0 && (this.#hits[0]?.at ?? now) <= now - this.windowMs) {
      this.#used -= this.#hits.shift()?.cost ?? 0;
    }
    if (this.#used + cost > limit) {
      // Refused hits are not recorded: a client that keeps knocking is let in as soon as enough of
      // what it spent leaves the window, rather than being locked out forever. (`limit` may have
      // been lowered since: wait for as many of them to expire as that takes.)
      let freed = 0;
      let waitUntil = now;
      for (const hit of this.#hits) {
        if (this.#used - freed + cost <= limit) break;
        freed += hit.cost;
        waitUntil = hit.at + this.windowMs;
      }
      return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((waitUntil - now) / 1000)) };
    }
    this.#hits.push({ at: now, cost });
    this.#used += cost;
    return { allowed: true, remaining: limit - this.#used, retryAfterSeconds: 0 };
  }
}
