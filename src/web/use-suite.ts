/**
 * Follows one suite: reads GET /api/suites/:suiteId at once, then again while its newest run is
 * still running (the table fills in as paths finish), with the same backoff as a comparison.
 * `reload` reads it again at once, e.g. after "Run again" started a new run.
 */
import { useCallback, useEffect, useState } from "react";
import { ApiFailure } from "./client";
import { getSuite, type SuiteDetail } from "./suite-client";
import { pollDelay } from "./use-comparison";

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
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    const read = async (): Promise<void> => {
      let failing = false;
      try {
        const detail = await getSuite(suiteId, abort.signal);
        setWatch({ detail, failure: null });
        if (detail.run === null || detail.run.finishedAt !== null) return;
      } catch (error) {
        if (abort.signal.aborted) return;
        const failure =
          error instanceof ApiFailure ? error : new ApiFailure("unexpected", "The suite could not be read.");
        setWatch((previous) => ({ detail: previous.detail, failure }));
        if (!failure.transient) return;
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
  }, [suiteId, generation]);

  return { watch, reload };
}
