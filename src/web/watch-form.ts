/**
 * The watch form's validation, mirroring the API's watchRequestSchema (5..1440 whole minutes, an
 * optional http(s) webhook URL, its format) without shipping zod; test/web/pair-directory.test.ts
 * holds the two together. API refusals land next to the field they concern, as for the compare form.
 * The same form sets a pair's watch and a suite's.
 */
import type { WebhookFormat } from "../shapes/pair";
import type { ApiFailure, WatchRequestInput } from "./client";
import { sentence, urlProblem } from "./validate";

/** The API's bounds (src/shapes/pair.ts), restated so the page does not import zod. */
export const WATCH_MIN_MINUTES = 5;
export const WATCH_MAX_MINUTES = 1440;

export interface WatchValues {
  /** Minutes as typed. */
  intervalMinutes: string;
  /** Empty for no webhook. */
  webhookUrl: string;
  /** How drift is sent: Standard Webhooks (signed, for machines), or a Slack or Teams message. */
  webhookFormat: WebhookFormat;
}

/** What the select offers, in its order, and what each format's URL field says. */
export const WEBHOOK_FORMAT_CHOICES: Record<WebhookFormat, { label: string; placeholder: string; hint: string }> = {
  standard: {
    label: "Standard Webhooks (signed JSON, for machines)",
    placeholder: "https://hooks.example.com/envdiff",
    hint: "Drift events are POSTed here, signed with HMAC-SHA256. Leave empty for none.",
  },
  slack: {
    label: "Slack message",
    placeholder: "https://hooks.slack.com/services/…",
    hint: "A Slack incoming-webhook URL. It is a credential: envdiff keeps it sealed and shows only its host.",
  },
  teams: {
    label: "Microsoft Teams message",
    placeholder: "https://….webhook.office.com/…",
    hint: "A Teams incoming-webhook (or workflow) URL. It is a credential: envdiff keeps it sealed and shows only its host.",
  },
};

/** The watch as the form last saw it: a chat's URL comes back as its host only, never whole. */
export interface ShownWebhook {
  webhookUrl: string | null;
  webhookFormat: WebhookFormat;
}

export type WatchField = keyof WatchValues;
export type WatchErrors = Partial<Record<WatchField, string>>;

export function intervalProblem(text: string): string | null {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isInteger(value) || value < WATCH_MIN_MINUTES || value > WATCH_MAX_MINUTES) {
    return `Use a whole number of minutes from ${WATCH_MIN_MINUTES} to ${WATCH_MAX_MINUTES} (a day).`;
  }
  return null;
}

/**
 * The PUT body the form describes. An empty webhook field sends none, which removes a webhook the
 * watch had; the form starts filled with the current one, so saving unchanged keeps it and its secret.
 */
export function buildWatchRequest(
  values: WatchValues,
  shown: ShownWebhook | null = null,
): { ok: true; request: WatchRequestInput } | { ok: false; errors: WatchErrors } {
  const errors: WatchErrors = {};
  const interval = intervalProblem(values.intervalMinutes);
  if (interval) errors.intervalMinutes = interval;
  const webhookUrl = values.webhookUrl.trim();
  const webhook = webhookUrl === "" ? null : urlProblem(webhookUrl);
  if (webhook) errors.webhookUrl = webhook;
  // A chat's URL is shown as its host only: another format needs the whole URL pasted again.
  const format = values.webhookFormat;
  if (
    !webhook &&
    shown &&
    shown.webhookFormat !== "standard" &&
    format !== shown.webhookFormat &&
    webhookUrl !== "" &&
    webhookUrl === shown.webhookUrl
  ) {
    errors.webhookUrl =
      "Paste the whole webhook URL again: envdiff keeps a chat's URL sealed and cannot reuse it for another format.";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const request: WatchRequestInput = {
    intervalMinutes: Number(values.intervalMinutes.trim()),
    enabled: true,
    webhookFormat: format,
  };
  // PUT keeps an omitted field: an emptied field must say null to remove the webhook.
  request.webhookUrl = webhookUrl === "" ? null : webhookUrl;
  return { ok: true, request };
}

/** Puts an API refusal of a watch next to its field, or returns it as a message for the form. */
export function placeWatchFailure(failure: ApiFailure): { errors: WatchErrors; formError: string | null } {
  const details = (failure.details ?? {}) as { field?: unknown; issues?: { path?: unknown; message?: unknown }[] };
  if (failure.code === "blocked_target" && details.field === "webhookUrl") {
    return { errors: { webhookUrl: failure.message.replace(/^\w+ is not allowed: /, "") }, formError: null };
  }
  if (failure.code === "invalid_request" && details.field === "webhookUrl") {
    return { errors: { webhookUrl: failure.message }, formError: null };
  }
  if (failure.code === "invalid_request" && Array.isArray(details.issues)) {
    const errors: WatchErrors = {};
    for (const issue of details.issues) {
      const field = issue.path === "intervalMinutes" || issue.path === "webhookUrl" ? issue.path : null;
      if (field && errors[field] === undefined) errors[field] = sentence(String(issue.message ?? "is not valid"));
    }
    if (Object.keys(errors).length > 0) return { errors, formError: null };
  }
  if (failure.code === "not_found") {
    return { errors: {}, formError: "This pair is not in the directory any more. Compare its two URLs again first." };
  }
  if (failure.code === "rate_limited") {
    return { errors: {}, formError: "Too many requests in the last minute. Wait a moment, then try again." };
  }
  return { errors: {}, formError: failure.message };
}
