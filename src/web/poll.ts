/**
 * The page's one polling loop: read, then read again after a wait that backs off, until the read
 * says it is done, the failure handler says stop, or the view goes away. The first re-read comes
 * quickly (most comparisons finish in well under a second), then about once a second, backing off to
 * at most every 5 s for a slow one and further while the API cannot be reached, so a forgotten tab
 * costs the Worker almost nothing. Used for a comparison (use-comparison.ts) and a suite (use-suite.ts).
 */

const FIRST_DELAY_MS = 300;
const STEADY_DELAY_MS = 1_000;
const MAX_DELAY_MS = 5_000;
const MAX_DELAY_WHEN_FAILING_MS = 15_000;

/** The wait before the n-th re-read (n from 0): 300 ms, 1 s, then ×1.25 up to the cap. */
export function pollDelay(attempt: number, failing: boolean): number {
  if (attempt === 0 && !failing) return FIRST_DELAY_MS;
  const delay = STEADY_DELAY_MS * 1.25 ** Math.max(0, attempt - 1) * (failing ? 2 : 1);
  return Math.min(delay, failing ? MAX_DELAY_WHEN_FAILING_MS : MAX_DELAY_MS);
}

/**
 * Starts polling: `read` answers "done" to stop, "again" to read again; a thrown error goes to
 * `failed`, which answers whether to go on (the failure then counts as failing for the wait).
 * Returns the function that stops it, for a React effect's cleanup.
 */
export function poll(
  read: (signal: AbortSignal) => Promise<"done" | "again">,
  failed: (error: unknown, attempt: number) => boolean,
): () => void {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  const step = async (): Promise<void> => {
    let failing = false;
    try {
      if ((await read(abort.signal)) === "done") return;
    } catch (error) {
      if (abort.signal.aborted || !failed(error, attempt)) return;
      failing = true;
    }
    if (abort.signal.aborted) return;
    timer = setTimeout(step, pollDelay(attempt, failing));
    attempt += 1;
  };
  void step();
  return () => {
    abort.abort();
    clearTimeout(timer);
  };
}
