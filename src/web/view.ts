/**
 * The page's views and their addresses, pure: `/?id=<comparisonId>` a comparison,
 * `/?pair=<pairKey>` a pair (its watch, drift events and timeline), `/` the start view.
 * `/?suite=<suiteId>` a suite's newest run, `/?environments` the "Compare environments" form.
 * An `id` wins over a `pair`, so every address that worked before keeps showing the same thing.
 */

export type View =
  | { kind: "start" }
  | { kind: "comparison"; id: string }
  | { kind: "pair"; pairKey: string }
  | { kind: "suite"; suiteId: string }
  | { kind: "environments" };

/** The view an address's query string names. */
export function viewFromSearch(search: string): View {
  const params = new URLSearchParams(search);
  const id = params.get("id");
  if (id !== null && id !== "") return { kind: "comparison", id };
  const pairKey = params.get("pair");
  if (pairKey !== null && pairKey !== "") return { kind: "pair", pairKey };
  const suiteId = params.get("suite");
  if (suiteId !== null && suiteId !== "") return { kind: "suite", suiteId };
  if (params.has("environments")) return { kind: "environments" };
  return { kind: "start" };
}

/** The query string for a view: `?id=…`, `?pair=…` or nothing. */
export function searchForView(view: View): string {
  if (view.kind === "comparison") return `?${new URLSearchParams({ id: view.id })}`;
  if (view.kind === "pair") return `?${new URLSearchParams({ pair: view.pairKey })}`;
  if (view.kind === "suite") return `?${new URLSearchParams({ suite: view.suiteId })}`;
  if (view.kind === "environments") return "?environments";
  return "";
}
