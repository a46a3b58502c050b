/**
 * "Compare environments": two base URLs and many paths (one per line, or found by an OpenAPI
 * document or a sitemap), shared and per-side headers and the usual options. Submitting creates a
 * suite (POST /api/suites) and opens its live table.
 */
import { type FormEvent, useState } from "react";
import { ApiFailure } from "../client";
import { createSuite } from "../suite-client";
import {
  buildSuiteRequest,
  EMPTY_SUITE_FORM,
  type PathSource,
  type SuiteFieldErrors,
  type SuiteFormValues,
} from "../suite-form";
import type { View } from "../use-url-view";
import { Field } from "./field";

const SOURCES: { value: PathSource; label: string }[] = [
  { value: "list", label: "A list of paths" },
  { value: "openapi", label: "An OpenAPI document" },
  { value: "sitemap", label: "A sitemap" },
];

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
      <fieldset className="suite-source">
        <legend>Paths from</legend>
        {SOURCES.map((source) => (
          <label key={source.value} className="radio">
            <input
              type="radio"
              name="suite-source"
              value={source.value}
              checked={values.source === source.value}
              onChange={() => change({ source: source.value })}
            />{" "}
            {source.label}
          </label>
        ))}
      </fieldset>
      {values.source === "list" ? (
        <Field
          {...field("paths")}
          label="Paths, one per line"
          multiline
          placeholder={"/health\n/api/status\n/api/orders?limit=1"}
          hint="Up to 500, each starting with /."
        />
      ) : (
        <Field
          {...field("discoverUrl")}
          label={values.source === "openapi" ? "OpenAPI document URL (JSON)" : "Sitemap URL"}
          inputMode="url"
          placeholder={
            values.source === "openapi"
              ? "https://staging.example.com/openapi.json"
              : "https://staging.example.com/sitemap.xml"
          }
          hint={
            values.source === "openapi"
              ? "Its GET operations that need no parameter."
              : "Its <loc> entries under the left base."
          }
        />
      )}
      <details className="advanced">
        <summary>Options and headers</summary>
        <Field
          {...field("headers")}
          label="Headers for both sides"
          multiline
          placeholder="Accept: application/json"
          hint="One Name: value per line."
        />
        <div className="suite-pair">
          <Field
            {...field("leftHeaders")}
            label="Left side only"
            multiline
            placeholder="Authorization: Bearer staging-token"
          />
          <Field
            {...field("rightHeaders")}
            label="Right side only"
            multiline
            placeholder="Authorization: Bearer production-token"
          />
        </div>
        <Field {...field("timeoutMs")} label="Timeout (ms)" type="number" inputMode="numeric" placeholder="10000" />
        <Field {...field("ignoreHeaders")} label="Ignore headers" placeholder="x-build, x-served-by" />
        <Field {...field("ignorePaths")} label="Ignore paths" multiline placeholder="/body/json/meta/requestId" />
      </details>
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
