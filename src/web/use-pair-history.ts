/**
 * The pair's timeline from GET /api/pairs/:pairKey/comparisons. It is read again whenever the
 * comparison on show changes or finishes, so the newest run appears without a reload.
 */
import { useEffect, useState } from "react";
import type { ComparisonSummary } from "../shapes/comparison";
import { listPairComparisons } from "./client";

export const HISTORY_LIMIT = 12;

export interface PairHistory {
  comparisons: ComparisonSummary[];
  capacity: number | null;
  /** Set when the timeline could not be read; the result itself is still shown. */
  unavailable: boolean;
}

const EMPTY: PairHistory = { comparisons: [], capacity: null, unavailable: false };

export function usePairHistory(pairKey: string | null, refreshKey: string): PairHistory {
  const [history, setHistory] = useState<PairHistory>(EMPTY);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the trigger to read again.
  useEffect(() => {
    if (pairKey === null) {
      setHistory(EMPTY);
      return;
    }
    const abort = new AbortController();
    listPairComparisons(pairKey, HISTORY_LIMIT, abort.signal)
      .then(({ comparisons, capacity }) => setHistory({ comparisons, capacity, unavailable: false }))
      .catch(() => {
        if (!abort.signal.aborted) setHistory((previous) => ({ ...previous, unavailable: true }));
      });
    return () => abort.abort();
  }, [pairKey, refreshKey]);

  return history;
}
