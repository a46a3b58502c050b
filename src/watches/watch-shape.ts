/**
 * A watch's row → the API's shapes, for a pair's watch (src/shapes/pair.ts, `Watch`) and a
 * suite's (src/shapes/suite.ts, `SuiteWatch`): one schedule view for both. The webhook secret and
 * sealed headers never leave here, and a webhook URL is a credential too: a `standard` one only
 * admins see whole; a `slack` or `teams` one (the incoming-webhook URL is the chat's credential) is
 * sealed, and nobody sees more than its scheme and host.
 */
import type { WatchRow } from "../db/d1-schema";
import { readerOptions } from "../secrets/reader-view";
import type { CompareOptions } from "../shapes/options";
import type { Watch } from "../shapes/pair";
import type { SuiteWatch } from "../shapes/suite";
import { isoOrNull } from "../time";

export interface SummaryView {
  /** Admins see the webhook URL whole. */
  fullWebhookUrl: boolean;
}

/** What a non-admin sees of a webhook URL: its scheme and host, the rest elided. */
export function maskWebhookUrl(url: string): string {
  const parsed = URL.parse(url);
  return parsed ? `${parsed.protocol}//${parsed.host}/…` : "[redacted]";
}

/** A chat's row holds only the masked URL already (its URL is sealed); a standard one is masked for non-admins. */
function shownWebhookUrl(watch: Pick<WatchRow, "webhookUrl" | "webhookFormat">, view: SummaryView): string | null {
  const url = watch.webhookUrl;
  if (url === null || (view.fullWebhookUrl && watch.webhookFormat === "standard")) return url;
  return maskWebhookUrl(url);
}

/** Lateness is shown, never hidden by stretching the interval: docs/scale.md § Lateness. */
export function watchLateness(
  watch: Pick<WatchRow, "lastStartedAt" | "lastDueAt" | "nextDueAt" | "enabled">,
  now: number,
): { lateByMs: number | null; overdueByMs: number } {
  const { lastStartedAt: started, lastDueAt: due, nextDueAt: next } = watch;
  return {
    lateByMs: started === null || due === null ? null : Math.max(0, started - due),
    overdueByMs: watch.enabled && next !== null ? Math.max(0, now - next) : 0,
  };
}

/** What every watch shows: schedule, webhook (masked unless admin), lateness. `now` dates how overdue it is. */
export function scheduleOf(watch: WatchRow, view: SummaryView, now: number): SuiteWatch {
  return {
    intervalMinutes: watch.intervalMinutes,
    enabled: watch.enabled,
    webhookUrl: shownWebhookUrl(watch, view),
    webhookFormat: watch.webhookFormat,
    nextDueAt: isoOrNull(watch.nextDueAt),
    lastStartedAt: isoOrNull(watch.lastStartedAt),
    lastDueAt: isoOrNull(watch.lastDueAt),
    ...watchLateness(watch, now),
  };
}

/** A pair's watch: its schedule, plus the options it runs with and who set it. */
export function pairWatchOf(watch: WatchRow, view: SummaryView, now: number): Watch {
  return {
    ...scheduleOf(watch, view, now),
    // Names only, also for rows written when a list of names decided what was hidden.
    options: watch.optionsJson === null ? null : readerOptions(JSON.parse(watch.optionsJson) as CompareOptions),
    updatedBy: watch.updatedBy,
  };
}
