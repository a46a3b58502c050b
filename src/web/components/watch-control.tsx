/**
 * The pair's watch: compare it on a schedule (5 to 1440 minutes), optionally POSTing drift
 * events to a webhook, or stop (DELETE). A webhook's signing secret is returned once, by the PUT
 * that set its URL, so it is shown here once with a clear note, until the user hides it.
 */
import { type FormEvent, useState } from "react";
import type { Watch } from "../../shapes/pair";
import { ApiFailure, deleteWatch, putWatch } from "../client";
import { formatRelative, formatTime } from "../format";
import { describeLateness, formatInterval } from "../pair-text";
import { buildWatchRequest, placeWatchFailure, type WatchErrors, type WatchValues } from "../watch-form";
import { Field } from "./field";
import { WebhookSecret } from "./webhook-secret";

interface WatchControlProps {
  pairKey: string;
  watch: Watch | null;
  onChange: (watch: Watch | null) => void;
}

function WatchStatus({ watch }: { watch: Watch | null }) {
  if (!watch) return <p className="watch-status">Not watched: it is compared only when someone asks.</p>;
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
        {watch.webhookUrl ? " Drift is POSTed to its webhook." : null}
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
export function WatchSummary({ watch }: { watch: Watch | null }) {
  return (
    <section className="watch" aria-labelledby="watch-title">
      <h3 id="watch-title">Watch</h3>
      <WatchStatus watch={watch} />
      <p className="muted small">Setting or stopping a watch needs the admin scope.</p>
    </section>
  );
}

export function WatchControl({ pairKey, watch, onChange }: WatchControlProps) {
  const [values, setValues] = useState<WatchValues>({
    intervalMinutes: String(watch?.intervalMinutes ?? 60),
    webhookUrl: watch?.webhookUrl ?? "",
  });
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
    const built = buildWatchRequest(values);
    if (!built.ok) {
      setErrors(built.errors);
      const first = built.errors.intervalMinutes ? "watchInterval" : "watchWebhookUrl";
      requestAnimationFrame(() => document.getElementById(first)?.focus());
      return;
    }
    setBusy("save");
    try {
      const response = await putWatch(pairKey, built.request);
      onChange(response.watch);
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
      await deleteWatch(pairKey);
      onChange(null);
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
      <WatchStatus watch={watch} />
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
        <Field
          id="watchWebhookUrl"
          label="Webhook URL (optional)"
          type="url"
          inputMode="url"
          placeholder="https://hooks.example.com/envdiff"
          hint="Drift events are POSTed here, signed with HMAC-SHA256. Leave empty for none."
          value={values.webhookUrl}
          error={errors.webhookUrl}
          onChange={(webhookUrl) => edit({ webhookUrl })}
        />
        <div className="watch-actions">
          <button type="submit" className="primary" disabled={busy !== null} aria-busy={busy === "save" || undefined}>
            {watch ? "Save watch" : "Watch this pair"}
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
