/**
 * The form: Left URL, Right URL, advanced options and the Compare button. It only collects and
 * shows; validation and submission live in the app, so errors from the browser's checks and from
 * the API land in the same place, next to the field they concern.
 */
import type { FormEvent } from "react";
import type { FieldErrors, FormValues } from "../validate";
import { AdvancedOptions } from "./advanced-options";
import { Field } from "./field";

interface CompareFormProps {
  values: FormValues;
  errors: FieldErrors;
  /** A problem that belongs to no one field (rate limit, network, server fault). */
  formError: string | null;
  submitting: boolean;
  onChange: (patch: Partial<FormValues>) => void;
  onSubmit: () => void;
  /** Why this identity may not start comparisons (its scopes), or null when it may. */
  disabledReason?: string | null;
}

export function CompareForm({
  values,
  errors,
  formError,
  submitting,
  onChange,
  onSubmit,
  disabledReason = null,
}: CompareFormProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  const swap = () => onChange({ leftUrl: values.rightUrl, rightUrl: values.leftUrl });

  return (
    <form className="card compare-form" onSubmit={submit} noValidate aria-labelledby="form-title">
      <h2 id="form-title" className="visually-hidden">
        Compare two environments
      </h2>
      <div className="url-row">
        <Field
          id="leftUrl"
          label="Left URL"
          type="url"
          inputMode="url"
          required
          placeholder="https://staging.example.com/api/status"
          value={values.leftUrl}
          error={errors.leftUrl}
          onChange={(leftUrl) => onChange({ leftUrl })}
        />
        <button
          type="button"
          className="swap"
          onClick={swap}
          title="Swap left and right"
          aria-label="Swap the two URLs"
        >
          ⇄
        </button>
        <Field
          id="rightUrl"
          label="Right URL"
          type="url"
          inputMode="url"
          required
          placeholder="https://www.example.com/api/status"
          value={values.rightUrl}
          error={errors.rightUrl}
          onChange={(rightUrl) => onChange({ rightUrl })}
        />
      </div>
      <AdvancedOptions values={values} errors={errors} onChange={onChange} />
      <div className="form-actions">
        {formError ? (
          <p className="form-error" role="alert">
            <span aria-hidden="true">⚠ </span>
            {formError}
          </p>
        ) : disabledReason ? (
          <p className="form-note">{disabledReason}</p>
        ) : (
          <p className="form-note">Both URLs are fetched by envdiff with the same request, at the same time.</p>
        )}
        <button
          type="submit"
          className="primary"
          aria-busy={submitting || undefined}
          disabled={submitting || disabledReason !== null}
        >
          Compare
        </button>
      </div>
    </form>
  );
}
