/**
 * What a suite run's path is before anything is stored for it: its URLs, its pair and the id its
 * comparison has. The comparisonId is derived from the run and the path's position, so the request
 * that records the run, the consumer that starts the path, the workflow that reports it and the
 * view all name the same comparison without an item row (docs/suites.md § D1 tables). An item row
 * is written once, when the path ends.
 */
import { SUITE_ITEM_STRIDE } from "../db/d1-schema";
import { computePairKey, type PairRequest } from "../pair-key";
import { joinPath } from "./paths";

/** What identifies a run for its items' ids: the run ids of D1 with the suite and time they belong to. */
export interface RunIdentity {
  suiteId: string;
  runId: number;
  createdAt: number;
}

export interface PlannedItem {
  path: string;
  leftUrl: string;
  rightUrl: string;
  pairKey: string;
  comparisonId: string;
}

/**
 * A UUID (version 4 layout) for the path at `position` of `run`: 80 bits of the SHA-256 of the run
 * and position, then the last 12 hex digits hold run id × 1024 + position, so a reader of the id
 * can find the path again (suiteItemOfComparison) and check it by deriving the id once more.
 */
async function derivedUuid(run: RunIdentity, position: number): Promise<string> {
  const seed = new TextEncoder().encode(
    `envdiff-suite-item\n${run.suiteId}\n${run.runId}\n${run.createdAt}\n${position}`,
  );
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", seed)).slice(0, 10);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const tail = (run.runId * POSITIONS + position).toString(16).padStart(12, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${tail}`;
}

/** Positions per run in the id's tail: a power of two above SUITE_ITEM_STRIDE. */
const POSITIONS = 1024;

/**
 * The suite item an id may name: its run and position, read from the id's tail. Any UUID decodes
 * to something; only deriving the id again from the stored run proves it is a suite item's.
 */
export function suiteItemOfComparison(comparisonId: string): { runId: number; position: number } | null {
  const tail = Number.parseInt(comparisonId.slice(-12), 16);
  if (!Number.isSafeInteger(tail)) return null;
  const runId = Math.floor(tail / POSITIONS);
  const position = tail % POSITIONS;
  return runId >= 1 && position < SUITE_ITEM_STRIDE ? { runId, position } : null;
}

/**
 * The path at `position` of `run`, under the suite's bases. `request` is the run's method and body
 * (its definition's options): a suite's POST is sent to every path, and names each path's pair.
 */
export async function plannedItem(
  bases: { leftBase: string; rightBase: string },
  run: RunIdentity,
  position: number,
  path: string,
  request: PairRequest,
): Promise<PlannedItem> {
  const leftUrl = joinPath(bases.leftBase, path);
  const rightUrl = joinPath(bases.rightBase, path);
  const pairKey = await computePairKey(leftUrl, rightUrl, request);
  return { path, leftUrl, rightUrl, pairKey, comparisonId: `${pairKey}:${await derivedUuid(run, position)}` };
}
