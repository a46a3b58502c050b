/**
 * A pair's or a suite's watch: run it on a schedule (5 to 1440 minutes), optionally sending drift
 * to a webhook (Standard Webhooks, or a Slack or Teams message), or stop (DELETE). A webhook's
 * signing secret is returned once, by the PUT that set its URL, so it is shown here once with a
 * clear note, until the user hides it. A chat's URL is never shown back, only its host.
 */
import { type FormEvent, useState } from "react";
import type { Watch, WebhookFormat } from "../../shapes/pair";
import type { SuiteWatch } from "../../shapes/suite";
import { ApiFailure, deleteWatch, putWatch, type WatchRequestInput } from "../client";
import { formatRelative, formatTime } from "../format";
import { describeLateness, formatInterval } from "../pair-text";
import { deleteSuiteWatch, putSuiteWatch } from "../suite-client";
import {
  buildWatchRequest,
  placeWatchFailure,
  type WatchErrors,
  type WatchValues,
  WEBHOOK_FORMAT_CHOICES,
} from "../watch-form";
import { Field } from "./field";
import { WebhookSecret } from "./webhook-secret";

/** What every watch shows (a pair's adds its options and who set it). */
type AnyWatch = SuiteWatch & { updatedBy?: string | null };

/** Whose watch the form sets, and who hears of its new state (null: stopped). */
export type WatchOwner =
  | { kind: "pair"; pairKey: string; onChange: (watch: Watch | null) => void }
  | { kind: "suite"; suiteId: string; onChange: (watch: SuiteWatch | null) => void };

interface WatchControlProps {
  owner: WatchOwner;
  watch: AnyWatch | null;
}

const DELIVERED_TO: Record<WebhookFormat, string> = {
  standard: " Drift is POSTed to its webhook.",
  slack: " Drift is posted to Slack.",
  teams: " Drift is posted to Microsoft Teams.",
};

function WatchStatus({ watch, what = "it is compared" }: { watch: AnyWatch | null; what?: string }) {
  if (!watch) return <p className="watch-status">Not watched: {what} only when someone asks.</p>;
  if (!watch.enabled) return <p className="watch-status">Watch paused ({formatInterval(watch.intervalMinutes)}).</p>;
  const due = watch.nextDueAt === null ? null : new Date(watch.nextDueAt).getTime();
  return (
    <p className="watch-status watch-on">
      <span className="watch-dot" aria-hidden="true" />
      <strong>Watched, {formatInterval(watch.intervalMinutes)}.</strong>{" "}
      <span className="muted">
        {due === null || due <= Date.now() ? (
          "Next run within 5 minutes."
        ) : (
          <>
            Next run <time title={formatTime(watch.nextDueAt ?? "")}>{formatRelative(watch.nextDueAt ?? "")}</time>.
          </>
        )}
        {watch.webhookUrl ? DELIVERED_TO[watch.webhookFormat] : null}
        {watch.updatedBy ? ` Set by ${watch.updatedBy}.` : null}
      </span>
      <Lateness watch={watch} />
    </p>
  );
}

/** A late or overdue watch, said in words; nothing while it runs on time. */
export function Lateness({ watch }: { watch: Parameters<typeof describeLateness>[0] }) {
  const text = describeLateness(watch);
  return text ? <span className="watch-late"> {text}</span> : null;
}

/** The watch for an identity without the admin scope: what it is, not the controls to change it. */
export function WatchSummary({ watch }: { watch: AnyWatch | null }) {
  return (
    <section className="watch" aria-labelledby="watch-title">
      <h3 id="watch-title">Watch</h3>
      <WatchStatus watch={watch} />
      <p className="muted small">Setting or stopping a watch needs the admin scope.</p>
    </section>
  );
}

/** PUT and DELETE of the owner's watch (/api/pairs/:pairKey/watch or /api/suites/:suiteId/watch), telling the owner. */
function watchCalls(owner: WatchOwner) {
  if (owner.kind === "pair") {
    return {
      put: async (body: WatchRequestInput) => {
        const response = await putWatch(owner.pairKey, body);
        owner.onChange(response.watch);
        return response;
      },
      remove: async () => {
        await deleteWatch(owner.pairKey);
        owner.onChange(null);
      },
    };
  }
  return {
    put: async (body: WatchRequestInput) => {
      const response = await putSuiteWatch(owner.suiteId, body);
      owner.onChange(response.watch);
      return response;
    },
    remove: async () => {
      await deleteSuiteWatch(owner.suiteId);
      owner.onChange(null);
    },
  };
}

export function WatchControl({ owner, watch }: WatchControlProps) {
  const [values, setValues] = useState<WatchValues>({
    intervalMinutes: String(watch?.intervalMinutes ?? 60),
    webhookUrl: watch?.webhookUrl ?? "",
    webhookFormat: watch?.webhookFormat ?? "standard",
  });
  const calls = watchCalls(owner);
  const choice = WEBHOOK_FORMAT_CHOICES[values.webhookFormat];
  const [errors, setErrors] = useState<WatchErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"save" | "stop" | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [done, setDone] = useState("");

  const edit = (patch: Partial<WatchValues>) => {
    setValues((previous) => ({ ...previous, ...patch }));
    setErrors((previous) => {
      const next = { ...previous };
      for (const name of Object.keys(patch) as (keyof WatchValues)[]) delete next[name];
      return next;
    });
  };

  const fail = (error: unknown, fallback: string) => {
    const failure = error instanceof ApiFailure ? error : new ApiFailure("unexpected", fallback);
    const placed = placeWatchFailure(failure);
    setErrors(placed.errors);
    setFormError(placed.formError);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setDone("");
    const built = buildWatchRequest(values, watch);
    if (!built.ok) {
      setErrors(built.errors);
      const first = built.errors.intervalMinutes ? "watchInterval" : "watchWebhookUrl";
      requestAnimationFrame(() => document.getElementById(first)?.focus());
      return;
    }
    setBusy("save");
    try {
      const response = await calls.put(built.request);
      setSecret(response.webhookSecret ?? (response.watch.webhookUrl ? secret : null));
      setDone(`Watching ${formatInterval(response.watch.intervalMinutes)}.`);
    } catch (error) {
      fail(error, "The watch could not be saved.");
    } finally {
      setBusy(null);
    }
  };

  const stop = async () => {
    setFormError(null);
    setDone("");
    setBusy("stop");
    try {
      await calls.remove();
      setSecret(null);
      setValues((previous) => ({ ...previous, webhookUrl: "" }));
      setDone("The watch is stopped; its webhook and secret are gone.");
    } catch (error) {
      fail(error, "The watch could not be stopped.");
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="watch" aria-labelledby="watch-title">
      <h3 id="watch-title">Watch</h3>
      <WatchStatus watch={watch} what={owner.kind === "pair" ? "it is compared" : "it runs"} />
      <form className="watch-form" onSubmit={save} noValidate aria-label="Watch settings">
        <Field
          id="watchInterval"
          label="Interval (minutes)"
          type="number"
          inputMode="numeric"
          placeholder="60"
          hint="From 5 to 1440 (a day)."
          value={values.intervalMinutes}
          error={errors.intervalMinutes}
          onChange={(intervalMinutes) => edit({ intervalMinutes })}
        />
        <div className="field">
          <label htmlFor="watchWebhookFormat">Send drift as</label>
          <select
            id="watchWebhookFormat"
            name="watchWebhookFormat"
            value={values.webhookFormat}
            onChange={(event) => edit({ webhookFormat: event.target.value as WebhookFormat })}
          >
            {(Object.keys(WEBHOOK_FORMAT_CHOICES) as WebhookFormat[]).map((format) => (
              <option key={format} value={format}>
                {WEBHOOK_FORMAT_CHOICES[format].label}
              </option>
            ))}
          </select>
        </div>
        <Field
          id="watchWebhookUrl"
          label="Webhook URL (optional)"
          type="url"
          inputMode="url"
          placeholder={choice.placeholder}
          hint={choice.hint}
          value={values.webhookUrl}
          error={errors.webhookUrl}
          onChange={(webhookUrl) => edit({ webhookUrl })}
        />
        <div className="watch-actions">
          <button type="submit" className="primary" disabled={busy !== null} aria-busy={busy === "save" || undefined}>
            {watch ? "Save watch" : owner.kind === "pair" ? "Watch this pair" : "Watch this suite"}
          </button>
          {watch ? (
            <button
              type="button"
              className="secondary"
              onClick={stop}
              disabled={busy !== null}
              aria-busy={busy === "stop" || undefined}
            >
              Stop watching
            </button>
          ) : null}
        </div>
      </form>
      {formError ? (
        <p className="form-error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {formError}
        </p>
      ) : null}
      <p className="visually-hidden" role="status">
        {done}
      </p>
      {secret ? <WebhookSecret secret={secret} onHide={() => setSecret(null)} /> : null}
    </section>
  );
}
