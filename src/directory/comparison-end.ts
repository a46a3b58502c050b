/**
 * What one ended comparison tells the rest of envdiff, worked out once: its status and counts for
 * the pair directory, and its drift events (src/directory/drift.ts) for a watched pair's events and
 * a suite item's row alike. The workflow computes it in one step from the result it already holds
 * (src/workflow/directory-steps.ts); the pair's object is read only for what the workflow does not
 * hold: the comparison before it, when something was resolved, and the outcome of a comparison
 * that ended elsewhere (failed, or ended by the deadline watchdog).
 */
import type { EnvPairDO } from "../do/env-pair-do";
import type { ComparisonState } from "../shapes/comparison";
import type { ComparisonResult, SeverityCounts } from "../shapes/result";
import { driftEvents } from "./drift";
import type { NewEvent } from "./store";

/** Completed comparisons read to find the previous one, for what it held at high severity. */
const PREVIOUS_DEPTH = 10;

/** Which comparison, of which pair and URLs. */
type Names = Pick<ComparisonState, "comparisonId" | "pairKey" | "leftUrl" | "rightUrl">;

export interface ComparisonEnd extends Names {
  /** The comparison's createdAt (ms): the order the directory follows, whatever order comparisons end in. */
  createdAt: number;
  status: "completed" | "failed";
  counts: SeverityCounts;
  /** Differences marked new, and the others (recurring or flapping); 0 for a failed comparison. */
  newCount: number;
  recurringCount: number;
  resolvedCount: number;
  /** new_high and resolved (high) events; none for a failed comparison. */
  events: NewEvent[];
  /** The comparison's verdict was `inconclusive` (docs/noise.md § Verdict); false for a failed one. */
  inconclusive: boolean;
}

/** An ended comparison as the workflow or the object knows it. */
export interface Ended extends Names {
  /** ISO 8601, as the comparison's state has it. */
  createdAt: string;
  status: "completed" | "failed";
  result: ComparisonResult | null;
}

const NO_COUNTS = { high: 0, medium: 0, low: 0, info: 0 };

/** The pair's completed comparison before this one: what `resolved` differences were resolved from. */
export async function previousComparison(
  stub: DurableObjectStub<EnvPairDO>,
  comparisonId: string,
  createdAt: string,
): Promise<ComparisonState | null> {
  const history = await stub.getComparisonsForHistory(PREVIOUS_DEPTH);
  return history.find((c) => c.comparisonId !== comparisonId && c.createdAt <= createdAt) ?? null;
}

/** The outcome of a comparison from its object: "running" when it has not ended, null when it left the ring. */
export async function readEnded(
  stub: DurableObjectStub<EnvPairDO>,
  comparisonId: string,
): Promise<Ended | "running" | null> {
  const state = await stub.getComparisonOutcome(comparisonId);
  if (!state) return null;
  if (state.status === "running") return "running";
  const { pairKey, leftUrl, rightUrl, createdAt, status, result } = state;
  return {
    comparisonId,
    pairKey,
    leftUrl,
    rightUrl,
    createdAt,
    status,
    result: status === "completed" ? result : null,
  };
}

/** What the ended comparison tells: the previous comparison is read only when something was resolved. */
export async function comparisonEnd(stub: DurableObjectStub<EnvPairDO>, ended: Ended): Promise<ComparisonEnd> {
  const { result } = ended;
  const base = {
    comparisonId: ended.comparisonId,
    pairKey: ended.pairKey,
    leftUrl: ended.leftUrl,
    rightUrl: ended.rightUrl,
    createdAt: Date.parse(ended.createdAt),
  };
  if (ended.status !== "completed" || !result) {
    return {
      ...base,
      status: "failed",
      counts: NO_COUNTS,
      newCount: 0,
      recurringCount: 0,
      resolvedCount: 0,
      events: [],
      inconclusive: false,
    };
  }
  const previous =
    result.resolved.length === 0 ? null : await previousComparison(stub, ended.comparisonId, ended.createdAt);
  const { high, medium, low, info } = result.diff.summary;
  const newCount = result.diff.differences.filter((d) => d.history === "new").length;
  return {
    ...base,
    status: "completed",
    counts: { high, medium, low, info },
    newCount,
    recurringCount: result.diff.differences.length - newCount,
    resolvedCount: result.resolved.length,
    events: driftEvents(ended.comparisonId, result, previous),
    inconclusive: result.verdict === "inconclusive",
  };
}

/** How many paths an event of `kind` lists (its detail's count); 0 when there is none. */
export function eventCount(end: ComparisonEnd, kind: NewEvent["kind"]): number {
  const detail = end.events.find((e) => e.kind === kind)?.detail as { count?: number } | undefined;
  return detail?.count ?? 0;
}
