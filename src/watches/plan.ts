/**
 * What a PUT of a watch changes, decided without I/O, for a pair's watch and a suite's alike. PUT
 * keeps what it is not told: an omitted field keeps its value and `null` removes it. A new watch
 * needs an interval and is enabled unless told otherwise. A pair's watch also runs with options: by
 * default those of the pair's newest comparison, unless the PUT gives options or names another
 * comparison of the pair. A suite's watch runs the suite as stored, so it has none. The webhook's
 * format is kept unless told; changing it needs a URL the watch can use (webhookChange below).
 */
import type { WatchRow } from "../db/d1-schema";
import type { CompareOptions } from "../shapes/options";
import type { WebhookFormat } from "../shapes/pair";

export interface WatchInput {
  intervalMinutes?: number;
  enabled?: boolean;
  webhookUrl?: string | null;
  /** How the webhook is sent; omitted keeps the watch's (`standard` for a new one). */
  webhookFormat?: WebhookFormat;
  /** A pair's watch only. */
  options?: CompareOptions | null;
  /** A pair's watch only: run with the options (and sealed headers) this comparison of the pair ran with. */
  comparisonId?: string;
}

/** Where the watch's options come from. */
export type OptionsSource =
  /** The target runs with options of its own (a suite): the watch keeps none. */
  | { kind: "none" }
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
  webhookFormat: WebhookFormat;
  options: OptionsSource;
  nextDueAt: number | null;
}

export type PlanResult = { ok: true; plan: WatchPlan } | { ok: false; field: string; message: string };

type Existing = Pick<WatchRow, "intervalMinutes" | "enabled" | "nextDueAt" | "webhookUrl" | "webhookFormat"> | null;

/**
 * `existing` is the target's watch (null when it has none); `newest` is, for a pair, its newest
 * comparison (what a new watch runs like), and null for a suite, whose watch has no options.
 */
export function planWatch(
  existing: Existing,
  input: WatchInput,
  now: number,
  newest: { comparisonId: string } | null,
): PlanResult {
  const intervalMinutes = input.intervalMinutes ?? existing?.intervalMinutes ?? null;
  if (intervalMinutes === null) {
    return { ok: false, field: "intervalMinutes", message: "A new watch needs intervalMinutes (5 to 1440)." };
  }
  if (input.options !== undefined && input.comparisonId !== undefined) {
    return { ok: false, field: "options", message: "Give options or comparisonId, not both." };
  }
  const enabled = input.enabled ?? existing?.enabled ?? true;

  const webhookFormat = input.webhookFormat ?? existing?.webhookFormat ?? "standard";
  const webhook = webhookChange(existing, input.webhookUrl, webhookFormat);
  if (webhook === "needs-url") {
    return {
      ok: false,
      field: "webhookUrl",
      message:
        "Changing webhookFormat of a watch with a webhook needs webhookUrl too: a chat's URL is sealed and never shown back, so envdiff cannot reuse it.",
    };
  }

  const options: OptionsSource =
    newest === null
      ? { kind: "none" }
      : input.options === null
        ? { kind: "defaults" }
        : input.options !== undefined
          ? { kind: "given", options: input.options }
          : input.comparisonId !== undefined
            ? { kind: "comparison", comparisonId: input.comparisonId, named: true }
            : existing
              ? { kind: "keep" }
              : { kind: "comparison", comparisonId: newest.comparisonId, named: false };

  // A new or re-timed watch is due at once; an unchanged one keeps its schedule.
  const unchanged = existing !== null && existing.enabled && existing.intervalMinutes === intervalMinutes;
  const nextDueAt = !enabled ? null : unchanged ? existing.nextDueAt : now;
  return { ok: true, plan: { intervalMinutes, enabled, webhook, webhookFormat, options, nextDueAt } };
}

/**
 * A signing secret is shown once, so it only changes with the URL: re-PUTting the same URL keeps
 * it. A chat watch's row shows (and keeps) only the URL's scheme and host, so the form's unchanged
 * value keeps its sealed URL the same way. A format change needs a URL: a standard watch's own
 * (kept in clear) serves, a chat's masked one cannot.
 */
function webhookChange(
  existing: Existing,
  url: string | null | undefined,
  format: WebhookFormat,
): WebhookChange | "needs-url" {
  if (url === null) return { kind: "remove" };
  const formatChanged = existing !== null && existing.webhookFormat !== format;
  const same = url === undefined || url === existing?.webhookUrl;
  if (!same) return { kind: "new", url };
  if (!formatChanged || !existing?.webhookUrl) return { kind: "keep" };
  return url !== undefined && existing.webhookFormat === "standard" ? { kind: "new", url } : "needs-url";
}
