/**
 * One deadline for a whole probe side: connect, every redirect hop, headers and body share it,
 * so a slow chain cannot multiply the user's timeout.
 */

/** The reason the deadline aborts with, told apart from network errors by identity. */
export class DeadlineExceeded extends Error {
  constructor(readonly timeoutMs: number) {
    super(`deadline of ${timeoutMs} ms exceeded`);
    this.name = "DeadlineExceeded";
  }
}

export interface Deadline {
  /** Passed to every fetch: aborting it cancels the connection and any body being read. */
  signal: AbortSignal;
  /** Rejects with DeadlineExceeded when time is up; raced against body reads. */
  expired: Promise<never>;
  /** Whether the deadline has passed (checked after a fetch throws). */
  readonly passed: boolean;
  /** Stops the timer once the side is done. */
  clear(): void;
}

export function startDeadline(timeoutMs: number): Deadline {
  const controller = new AbortController();
  let fire: (reason: DeadlineExceeded) => void = () => {};
  const expired = new Promise<never>((_, reject) => {
    fire = reject;
  });
  // Nobody may be racing against it when it fires; that must not count as an unhandled rejection.
  expired.catch(() => {});
  const timer = setTimeout(() => {
    const reason = new DeadlineExceeded(timeoutMs);
    controller.abort(reason);
    fire(reason);
  }, timeoutMs);
  return {
    signal: controller.signal,
    expired,
    get passed() {
      return controller.signal.aborted;
    },
    clear: () => clearTimeout(timer),
  };
}
