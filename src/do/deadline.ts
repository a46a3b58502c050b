/**
 * The deadline watchdog's policy, without I/O: which running comparisons are overdue
 * and when the object's one alarm should fire next. EnvPairDO does the reading, writing
 * and alarm setting (docs/storage.md § The deadline alarm).
 */
import type { ComparisonError } from "../shapes/comparison";

/** RUN_DEADLINE_MS when the variable is missing or not a positive integer (contract § Configuration). */
export const DEFAULT_RUN_DEADLINE_MS = 180_000;

export function comparisonDeadlineMs(raw: string | undefined): number {
  const parsed = Number.parseInt(raw ?? "", 10);
  return Number.isFinite(parsed) && parsed >= 1 ? parsed : DEFAULT_RUN_DEADLINE_MS;
}

export interface RunningComparison {
  id: string;
  createdAt: number;
}

export interface WatchdogPlan {
  /** Comparisons whose deadline (createdAt + deadlineMs) is at or before `now`. */
  overdue: string[];
  /** The earliest deadline of the others, or null when none is left running. */
  nextAlarm: number | null;
}

export function planWatchdog(running: readonly RunningComparison[], now: number, deadlineMs: number): WatchdogPlan {
  const overdue: string[] = [];
  let nextAlarm: number | null = null;
  for (const { id, createdAt } of running) {
    const deadline = createdAt + deadlineMs;
    if (deadline <= now) overdue.push(id);
    else if (nextAlarm === null || deadline < nextAlarm) nextAlarm = deadline;
  }
  return { overdue, nextAlarm };
}

/** What a client reads on a comparison the watchdog ended. */
export function deadlineError(deadlineMs: number): ComparisonError {
  const limit = deadlineMs % 1000 === 0 ? `${deadlineMs / 1000} s` : `${deadlineMs} ms`;
  return {
    code: "deadline_exceeded",
    message: `The comparison was still running after ${limit} (RUN_DEADLINE_MS): its workflow stopped or got stuck, so it was ended as failed.`,
  };
}
