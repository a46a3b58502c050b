/**
 * "Compare environments": two base URLs and many paths (one per line, or found by an OpenAPI
 * document or a sitemap), shared and per-side headers and the usual options. Submitting creates a
 * suite (POST /api/suites) and opens its live table.
 */
import { type FormEvent, useState } from "react";
import { ApiFailure } from "../client";
import { createSuite } from "../suite-client";
import { buildSuiteRequest, EMPTY_SUITE_FORM, type SuiteFieldErrors, type SuiteFormValues } from "../suite-form";
import type { View } from "../use-url-view";
import { Field } from "./field";
import { SuiteFields } from "./suite-fields";

export function EnvironmentsForm({ onNavigate }: { onNavigate: (view: View) => void }) {
  const [values, setValues] = useState<SuiteFormValues>(EMPTY_SUITE_FORM);
  const [errors, setErrors] = useState<SuiteFieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const change = (patch: Partial<SuiteFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const field = (name: keyof SuiteFormValues) => ({
    id: `suite-${name}`,
    value: values[name],
    error: errors[name],
    onChange: (value: string) => change({ [name]: value }),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = buildSuiteRequest(values);
    setErrors(built.ok ? {} : built.errors);
    setFormError(null);
    if (!built.ok) return;
    setSubmitting(true);
    try {
      const accepted = await createSuite(built.request);
      onNavigate({ kind: "suite", suiteId: accepted.suiteId });
    } catch (error) {
      setFormError(error instanceof ApiFailure ? error.message : "The suite could not be started.");
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form className="card compare-form suite-form" onSubmit={submit} noValidate aria-labelledby="suite-form-title">
      <h2 id="suite-form-title">Compare environments</h2>
      <p className="muted small">
        Every path is compared between the two bases, each as its own pair with its own history.
      </p>
      <Field {...field("name")} label="Name (optional)" placeholder="orders: staging vs production" />
      <div className="suite-pair">
        <Field
          {...field("leftBase")}
          label="Left base URL"
          required
          inputMode="url"
          placeholder="https://staging.example.com"
        />
        <Field
          {...field("rightBase")}
          label="Right base URL"
          required
          inputMode="url"
          placeholder="https://www.example.com"
        />
      </div>
      <SuiteFields values={values} field={field} onSource={(source) => change({ source })} />
      <div className="form-actions">
        {formError ? (
          <p className="form-error" role="alert">
            <span aria-hidden="true">⚠ </span>
            {formError}
          </p>
        ) : (
          <p className="form-note">A suite counts as one request against the rate limit.</p>
        )}
        <button type="submit" className="primary" disabled={submitting} aria-busy={submitting || undefined}>
          {submitting ? "Starting…" : "Compare environments"}
        </button>
      </div>
    </form>
  );
}
