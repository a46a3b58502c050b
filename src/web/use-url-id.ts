/**
 * The comparison on show lives in the page's address (`/?id=<comparisonId>`), so a result can be
 * shared, bookmarked and reloaded, and the browser's back button walks through earlier ones.
 */
import { useCallback, useEffect, useState } from "react";

function readId(): string | null {
  const id = new URLSearchParams(window.location.search).get("id");
  return id === null || id === "" ? null : id;
}

export function useUrlId(): [string | null, (id: string | null) => void] {
  const [id, setIdState] = useState(readId);

  useEffect(() => {
    const onPopState = () => setIdState(readId());
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const setId = useCallback((next: string | null) => {
    const url = new URL(window.location.href);
    if (next === null) url.searchParams.delete("id");
    else url.searchParams.set("id", next);
    // Each comparison is a history entry of its own, so Back returns to the previous one.
    if (url.href !== window.location.href) window.history.pushState(null, "", url);
    setIdState(next);
  }, []);

  return [id, setId];
}
