/**
 * Follows one comparison: polls its summary view (GET /api/compare/:id?view=summary, no
 * envelopes; with If-None-Match, so an unchanged one answers 304 with no body) until it is
 * `completed` or `failed`, then reads the full state once. The waits are the page's one polling
 * loop's (src/web/poll.ts).
 */
import { useEffect, useState } from "react";
import type { ComparisonState } from "../shapes/comparison";
import { ApiFailure, type ComparisonStateSummary, getComparison, getComparisonSummary } from "./client";
import { poll } from "./poll";

export interface ComparisonWatch {
  /** The summary while it runs; the full state (envelopes included) once it has ended. */
  state: ComparisonState | ComparisonStateSummary | null;
  /** The last failure; while polling goes on after a transient one, `state` keeps the last answer. */
  failure: ApiFailure | null;
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
    let etag: string | null = null;
    return poll(
      async (signal) => {
        const answer = await getComparisonSummary(comparisonId, etag, signal);
        if (!answer) return "again";
        etag = answer.etag;
        if (answer.summary.status === "running") {
          setWatch({ state: answer.summary, failure: null });
          return "again";
        }
        setWatch({ state: await getComparison(comparisonId, signal), failure: null });
        return "done";
      },
      (error, attempt) => {
        const failure =
          error instanceof ApiFailure ? error : new ApiFailure("unexpected", "The comparison could not be read.");
        const next = afterFailure(failure, attempt);
        if (next.show) setWatch((previous) => ({ state: previous.state, failure }));
        return next.again;
      },
    );
  }, [comparisonId]);

  return watch;
}
