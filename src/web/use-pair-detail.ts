/**
 * One pair from GET /api/pairs/:pairKey: its latest outcome, its watch and its recent drift events.
 * Read when the pair's view opens; the watch control patches the watch in place after a PUT or
 * DELETE, so the page does not wait for a second read to show what the API already answered.
 */
import { useCallback, useEffect, useState } from "react";
import type { Watch } from "../shapes/pair";
import { ApiFailure, getPair, type PairDetail } from "./client";

const NOT_FOUND_RETRIES = 3;
const NOT_FOUND_DELAY_MS = 700;

export interface PairDetailState {
  pairKey: string | null;
  detail: PairDetail | null;
  failure: ApiFailure | null;
}

export function usePairDetail(pairKey: string | null): {
  state: PairDetailState;
  setWatch: (watch: Watch | null) => void;
} {
  const [state, setState] = useState<PairDetailState>({ pairKey: null, detail: null, failure: null });

  useEffect(() => {
    setState({ pairKey, detail: null, failure: null });
    if (pairKey === null) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = (attempt: number) => {
      getPair(pairKey, abort.signal)
        .then((detail) => setState({ pairKey, detail, failure: null }))
        .catch((error: unknown) => {
          if (abort.signal.aborted) return;
          const failure =
            error instanceof ApiFailure ? error : new ApiFailure("unexpected", "The pair could not be read.");
          // The directory is written just after a comparison ends: a pair opened from its very first
          // comparison may be a moment early, so "not found" is asked again a few times first.
          if (failure.code === "not_found" && attempt < NOT_FOUND_RETRIES) {
            timer = setTimeout(() => read(attempt + 1), NOT_FOUND_DELAY_MS);
            return;
          }
          setState({ pairKey, detail: null, failure });
        });
    };
    read(0);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [pairKey]);

  const setWatch = useCallback((watch: Watch | null) => {
    setState((previous) =>
      previous.detail
        ? { ...previous, detail: { ...previous.detail, pair: { ...previous.detail.pair, watch } } }
        : previous,
    );
  }, []);

  return { state, setWatch };
}
