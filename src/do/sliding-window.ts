/**
 * A sliding-window log: the pure counting behind the per-client rate limit (rate-limit.ts).
 * It remembers the time of each allowed hit in the last window, so "at most N per minute"
 * holds for every 60-second span, not just for calendar minutes (a fixed window lets a
 * client send 2N across a boundary). Memory is at most `limit` numbers per client.
 */

export interface WindowVerdict {
  allowed: boolean;
  /** Hits still allowed in the current window after this one. */
  remaining: number;
  /** When refused: whole seconds until one more hit would be allowed (at least 1). */
  retryAfterSeconds: number;
}

export class SlidingWindow {
  /** Times (ms) of the allowed hits inside the window, oldest first. */
  #hits: number[] = [];

  constructor(readonly windowMs: number) {}

  /** Counts a hit at `now` if fewer than `limit` happened in the window before it. */
  hit(limit: number, now: number): WindowVerdict {
    const expired = this.#hits.findIndex((at) => at > now - this.windowMs);
    this.#hits.splice(0, expired === -1 ? this.#hits.length : expired);
    if (this.#hits.length >= limit) {
      // Refused hits are not recorded: a client that keeps knocking is let in as soon as its
      // oldest counted hit leaves the window, rather than being locked out forever.
      // (`limit` may have been lowered since the hits were counted: wait for enough of them to expire.)
      const mustExpire = this.#hits[this.#hits.length - limit] ?? now;
      const waitMs = mustExpire + this.windowMs - now;
      return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    this.#hits.push(now);
    return { allowed: true, remaining: limit - this.#hits.length, retryAfterSeconds: 0 };
  }
}
