/**
 * Follows one comparison: polls its summary view (GET /api/compare/:id?view=summary, no
 * envelopes; with If-None-Match, so an unchanged one answers 304 with no body) until it is
 * `completed` or `failed`, then reads the full state once. The first re-read comes quickly (most comparisons finish in well under
 * a second), then about once a second, backing off to at most every 5 s for a slow one and further
 * while the API cannot be reached, so a forgotten tab costs the Worker almost nothing.
 */
import { useEffect, useState } from "react";
import type { ComparisonState } from "../shapes/comparison";
import { ApiFailure, type ComparisonStateSummary, getComparison, getComparisonSummary } from "./client";

export interface ComparisonWatch {
  /** The summary while it runs; the full state (envelopes included) once it has ended. */
  state: ComparisonState | ComparisonStateSummary | null;
  /** The last failure; while polling goes on after a transient one, `state` keeps the last answer. */
  failure: ApiFailure | null;
}

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
 * Reads that may find nothing yet: a suite names each path's comparison when the run is recorded,
 * and the start queue creates it a moment later (docs/suites.md). Six re-reads wait about 10 s.
 */
const NOT_FOUND_RETRIES = 6;

/** Whether polling goes on after `failure` at re-read `attempt`, and whether to show the failure meanwhile. */
export function afterFailure(failure: ApiFailure, attempt: number): { again: boolean; show: boolean } {
  if (failure.code === "not_found" && attempt < NOT_FOUND_RETRIES) return { again: true, show: false };
  // A missing or malformed id will not get better by asking again; the network, a 429 or a 5xx may.
  return { again: failure.transient, show: true };
}

export function useComparison(comparisonId: string | null): ComparisonWatch {
  const [watch, setWatch] = useState<ComparisonWatch>({ state: null, failure: null });

  useEffect(() => {
    setWatch({ state: null, failure: null });
    if (comparisonId === null) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let etag: string | null = null;

    const read = async (): Promise<void> => {
      let failing = false;
      try {
        const answer = await getComparisonSummary(comparisonId, etag, abort.signal);
        if (answer) {
          etag = answer.etag;
          if (answer.summary.status === "running") setWatch({ state: answer.summary, failure: null });
          else {
            setWatch({ state: await getComparison(comparisonId, abort.signal), failure: null });
            return;
          }
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        const failure =
          error instanceof ApiFailure ? error : new ApiFailure("unexpected", "The comparison could not be read.");
        const next = afterFailure(failure, attempt);
        if (next.show) setWatch((previous) => ({ state: previous.state, failure }));
        if (!next.again) return;
        failing = true;
      }
      if (abort.signal.aborted) return;
      timer = setTimeout(read, pollDelay(attempt, failing));
      attempt += 1;
    };
    void read();

    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [comparisonId]);

  return watch;
}
