/**
 * What the page shows lives in its address (src/web/view.ts), so it can be shared, bookmarked
 * and reloaded, and the browser's back button walks through earlier views.
 */
import { useCallback, useEffect, useState } from "react";
import { searchForView, type View, viewFromSearch } from "./view";

export type { View } from "./view";

export function useUrlView(): [View, (next: View) => void] {
  const [view, setView] = useState(() => viewFromSearch(window.location.search));

  useEffect(() => {
    const onPopState = () => setView(viewFromSearch(window.location.search));
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const navigate = useCallback((next: View) => {
    const url = new URL(window.location.href);
    const previous = viewFromSearch(url.search);
    url.search = searchForView(next);
    // Each view is a history entry of its own, so Back returns to the previous one.
    if (url.href !== window.location.href) window.history.pushState(null, "", url);
    setView(next);
    // A new kind of view starts at its top; stepping through a pair's comparisons keeps the place.
    if (previous.kind !== next.kind) window.scrollTo({ top: 0 });
  }, []);

  return [view, navigate];
}
