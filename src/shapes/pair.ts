/**
 * The pair directory as the API shows it: a pair's latest outcome, its watch and its
 * drift events. One zod definition each; the API validates and documents with them.
 */
import { z } from "zod";
import { jsonValueSchema } from "./json";
import { compareOptionsSchema } from "./options";
import { severityCountsSchema } from "./result";

export const PAIR_STATUSES = ["completed", "failed"] as const;
export const EVENT_KINDS = ["new_high", "resolved"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * How a watch's webhook is sent (docs/directory.md § Webhooks): `standard`, a signed Standard
 * Webhooks POST for machines; `slack` and `teams`, a message in that chat's incoming-webhook format
 * for people. For the chats the URL itself is the credential: sealed, never shown back.
 */
export const WEBHOOK_FORMATS = ["standard", "slack", "teams"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export const webhookFormatSchema = z.enum(WEBHOOK_FORMATS).meta({
  description:
    "How drift is sent: `standard`, a signed Standard Webhooks POST (the `envdiff.drift` webhook); `slack` or `teams`, a message in that chat's incoming-webhook format, whose URL is sealed and shown back only as its scheme and host.",
});

export const WATCH_MIN_MINUTES = 5;
export const WATCH_MAX_MINUTES = 1440;

/**
 * What every watch shows, of a pair or a suite (src/watches/watch-shape.ts): its schedule, its
 * webhook and how late it runs. A suite's watch is exactly this (src/shapes/suite.ts).
 */
export const watchScheduleSchema = z.object({
  intervalMinutes: z.number().int(),
  enabled: z.boolean(),
  /**
   * `standard`: the full URL for admins, others see only its scheme and host
   * (`https://hooks.example.com/…`). `slack` and `teams`: everyone sees only its scheme and host, as
   * the URL is the credential (sealed, never shown back).
   */
  webhookUrl: z.string().nullable(),
  /** How the webhook is sent: `standard` (Standard Webhooks, signed), `slack` or `teams` (a chat message). */
  webhookFormat: webhookFormatSchema,
  /** When the next cron tick at or after this time starts a comparison (a pair) or a suite run (a suite). */
  nextDueAt: z.iso.datetime().nullable(),
  lastStartedAt: z.iso.datetime().nullable(),
  /** The due time of the last start. */
  lastDueAt: z.iso.datetime().nullable(),
  /** How long after its due time the last start came (null: none yet); one tick is on time. */
  lateByMs: z.number().int().nullable(),
  /** How long the next start has been due without happening; 0 until it is due. */
  overdueByMs: z.number().int(),
});

/** A pair's watch: its schedule, plus the options each comparison uses and who set it. */
export const watchSchema = watchScheduleSchema
  .extend({
    /** The options each comparison uses, credentials "[redacted]"; null runs with the defaults. */
    options: compareOptionsSchema.nullable(),
    /** Who last set the watch; null when it was set without an identity (AUTH_MODE=none). */
    updatedBy: z.string().nullable(),
  })
  .meta({ id: "Watch" });
export type Watch = z.infer<typeof watchSchema>;

export const pairSummarySchema = z
  .object({
    pairKey: z.string(),
    leftUrl: z.string(),
    rightUrl: z.string(),
    firstComparedAt: z.iso.datetime(),
    lastComparedAt: z.iso.datetime(),
    lastComparisonId: z.string(),
    lastStatus: z.enum(PAIR_STATUSES),
    /** Differences of the last comparison by severity; all zero when it failed. */
    lastSummary: severityCountsSchema,
    watch: watchSchema.nullable(),
  })
  .meta({ id: "PairSummary" });
export type PairSummary = z.infer<typeof pairSummarySchema>;

export const pairEventSchema = z
  .object({
    id: z.number().int(),
    pairKey: z.string(),
    createdAt: z.iso.datetime(),
    kind: z.enum(EVENT_KINDS),
    comparisonId: z.string(),
    /** new_high: `{ differences: [{ kind, path, left, right }] }`; resolved: `{ resolved: [{ kind, path }] }`. */
    detail: jsonValueSchema,
  })
  .meta({ id: "PairEvent" });
export type PairEvent = z.infer<typeof pairEventSchema>;
