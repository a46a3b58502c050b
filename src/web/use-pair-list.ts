/**
 * The start view's list from GET /api/pairs, most recently compared first, a page at a time.
 * It is read afresh each time the start view mounts, so a comparison just made is on top; "Load
 * more" follows `nextCursor`.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { PairSummary } from "../shapes/pair";
import { ApiFailure, listPairs } from "./client";

export const PAIR_PAGE_SIZE = 20;

export interface PairListState {
  pairs: PairSummary[];
  nextCursor: string | null;
  /** `loading` only before the first page; a failed "Load more" keeps the pairs already shown. */
  status: "loading" | "ready" | "failed";
  loadingMore: boolean;
  failure: ApiFailure | null;
}

const INITIAL: PairListState = { pairs: [], nextCursor: null, status: "loading", loadingMore: false, failure: null };

const asFailure = (error: unknown) =>
  error instanceof ApiFailure ? error : new ApiFailure("unexpected", "The list of pairs could not be read.");

/** Appends a page, skipping pairs already listed (one compared again between pages moves up). */
export function appendPage(shown: PairSummary[], page: PairSummary[]): PairSummary[] {
  const known = new Set(shown.map((pair) => pair.pairKey));
  return [...shown, ...page.filter((pair) => !known.has(pair.pairKey))];
}

export function usePairList(): { list: PairListState; loadMore: () => void; retry: () => void } {
  const [list, setList] = useState<PairListState>(INITIAL);
  const [attempt, setAttempt] = useState(0);
  const abortMore = useRef<AbortController | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt is the trigger to read again.
  useEffect(() => {
    const abort = new AbortController();
    setList((previous) => ({ ...previous, status: previous.pairs.length > 0 ? "ready" : "loading", failure: null }));
    listPairs(PAIR_PAGE_SIZE, null, abort.signal)
      .then(({ pairs, nextCursor }) => setList({ ...INITIAL, pairs, nextCursor, status: "ready" }))
      .catch((error: unknown) => {
        if (!abort.signal.aborted)
          setList((previous) => ({ ...previous, status: "failed", failure: asFailure(error) }));
      });
    return () => {
      abort.abort();
      abortMore.current?.abort();
    };
  }, [attempt]);

  const loadMore = useCallback(() => {
    const cursor = list.nextCursor;
    if (cursor === null || list.loadingMore) return;
    const abort = new AbortController();
    abortMore.current = abort;
    setList((previous) => ({ ...previous, loadingMore: true, failure: null }));
    listPairs(PAIR_PAGE_SIZE, cursor, abort.signal)
      .then(({ pairs, nextCursor }) =>
        setList((previous) => ({
          ...previous,
          pairs: appendPage(previous.pairs, pairs),
          nextCursor,
          loadingMore: false,
        })),
      )
      .catch((error: unknown) => {
        if (!abort.signal.aborted)
          setList((previous) => ({ ...previous, loadingMore: false, failure: asFailure(error) }));
      });
  }, [list.nextCursor, list.loadingMore]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { list, loadMore, retry };
}
