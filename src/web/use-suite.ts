/**
 * Follows one suite: reads GET /api/suites/:suiteId at once, then again while its newest run is
 * still running (the table fills in as paths finish), with the same backoff as a comparison.
 * `reload` reads it again at once, e.g. after "Run again" started a new run.
 */
import { useCallback, useEffect, useState } from "react";
import { ApiFailure } from "./client";
import { poll } from "./poll";
import { getSuite, type SuiteDetail } from "./suite-client";

export interface SuiteWatch {
  detail: SuiteDetail | null;
  failure: ApiFailure | null;
}

export function useSuite(suiteId: string | null): { watch: SuiteWatch; reload: () => void } {
  const [watch, setWatch] = useState<SuiteWatch>({ detail: null, failure: null });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (suiteId === null) return;
    void generation;
    return poll(
      async (signal) => {
        const detail = await getSuite(suiteId, signal);
        setWatch({ detail, failure: null });
        return detail.run === null || detail.run.finishedAt !== null ? "done" : "again";
      },
      (error) => {
        const failure =
          error instanceof ApiFailure ? error : new ApiFailure("unexpected", "The suite could not be read.");
        setWatch((previous) => ({ detail: previous.detail, failure }));
        return failure.transient;
      },
    );
  }, [suiteId, generation]);

  return { watch, reload };
}
