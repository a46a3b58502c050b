/**
 * What a PUT /api/pairs/:pairKey/watch changes, decided without I/O. PUT keeps what it is not
 * told: an omitted field keeps its value and `null` removes it. A new watch needs an interval,
 * is enabled unless told otherwise, and runs with the options of the pair's newest comparison
 * unless the PUT gives options or names another comparison of the pair.
 */
import type { PairRow } from "../db/d1-schema";
import type { CompareOptions } from "../shapes/options";

export interface WatchInput {
  intervalMinutes?: number;
  enabled?: boolean;
  webhookUrl?: string | null;
  options?: CompareOptions | null;
  /** Run with the options (and sealed headers) this comparison of the pair ran with. */
  comparisonId?: string;
}

/** Where the watch's options come from. */
export type OptionsSource =
  | { kind: "keep" }
  | { kind: "defaults" }
  | { kind: "given"; options: CompareOptions }
  /** `named`: the PUT named it, so it must exist; otherwise the pair's newest, defaults when gone. */
  | { kind: "comparison"; comparisonId: string; named: boolean };

export type WebhookChange = { kind: "keep" } | { kind: "remove" } | { kind: "new"; url: string };

export interface WatchPlan {
  intervalMinutes: number;
  enabled: boolean;
  webhook: WebhookChange;
  options: OptionsSource;
  nextDueAt: number | null;
}

export type PlanResult = { ok: true; plan: WatchPlan } | { ok: false; field: string; message: string };

type WatchedRow = Pick<
  PairRow,
  "watchIntervalMinutes" | "watchEnabled" | "watchNextDueAt" | "watchWebhookUrl" | "lastComparisonId"
>;

export function planWatch(pair: WatchedRow, input: WatchInput, now: number): PlanResult {
  const existing = pair.watchIntervalMinutes !== null;
  const intervalMinutes = input.intervalMinutes ?? pair.watchIntervalMinutes;
  if (intervalMinutes === null) {
    return { ok: false, field: "intervalMinutes", message: "intervalMinutes is required to create a watch." };
  }
  if (input.options !== undefined && input.comparisonId !== undefined) {
    return { ok: false, field: "options", message: "Give options or comparisonId, not both." };
  }
  const enabled = input.enabled ?? (existing ? pair.watchEnabled : true);

  // A secret is shown once, so it only changes with the URL: re-PUTting the same URL keeps it.
  const webhook: WebhookChange =
    input.webhookUrl === undefined || (input.webhookUrl !== null && input.webhookUrl === pair.watchWebhookUrl)
      ? { kind: "keep" }
      : input.webhookUrl === null
        ? { kind: "remove" }
        : { kind: "new", url: input.webhookUrl };

  const options: OptionsSource =
    input.options === null
      ? { kind: "defaults" }
      : input.options !== undefined
        ? { kind: "given", options: input.options }
        : input.comparisonId !== undefined
          ? { kind: "comparison", comparisonId: input.comparisonId, named: true }
          : existing
            ? { kind: "keep" }
            : { kind: "comparison", comparisonId: pair.lastComparisonId, named: false };

  // A new or re-timed watch is due at once; an unchanged one keeps its schedule.
  const unchanged = pair.watchEnabled && pair.watchIntervalMinutes === intervalMinutes;
  const nextDueAt = !enabled ? null : unchanged ? pair.watchNextDueAt : now;
  return { ok: true, plan: { intervalMinutes, enabled, webhook, options, nextDueAt } };
}
