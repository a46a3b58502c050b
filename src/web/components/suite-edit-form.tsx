/**
 * "Edit suite" on a suite's view: its name, paths and options, saved with PATCH
 * /api/suites/:suiteId (an admin's). The suite keeps its runs and its watch; the next run compares
 * what is saved here. Header values read "[redacted]": left so, the saved value is kept.
 */
import { type FormEvent, useState } from "react";
import type { SuiteDetail } from "../../shapes/suite";
import { ApiFailure } from "../client";
import { editSuite } from "../suite-client";
import { buildSuitePatch, suiteFormValues } from "../suite-edit";
import type { SuiteFieldErrors, SuiteFormValues } from "../suite-form";
import { Field } from "./field";
import { SuiteFields } from "./suite-fields";

export function SuiteEditForm({ detail, onSaved }: { detail: SuiteDetail; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<SuiteFormValues>(() => suiteFormValues(detail));
  const [errors, setErrors] = useState<SuiteFieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const change = (patch: Partial<SuiteFormValues>) => {
    setSaved(false);
    setValues((v) => ({ ...v, ...patch }));
  };
  const field = (name: keyof SuiteFormValues) => ({
    id: `edit-${name}`,
    value: values[name],
    error: errors[name],
    onChange: (value: string) => change({ [name]: value }),
  });

  const toggle = (isOpen: boolean) => {
    setOpen(isOpen);
    // Opened afresh: the form shows the suite as it is now, not an earlier draft.
    if (isOpen) {
      setValues(suiteFormValues(detail));
      setErrors({});
      setFormError(null);
      setSaved(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = buildSuitePatch(values, detail);
    setErrors(built.ok ? {} : built.errors);
    setFormError(null);
    if (!built.ok) return;
    setSaving(true);
    try {
      const edited = await editSuite(detail.suiteId, built.patch);
      setValues(suiteFormValues(edited));
      setSaved(true);
      onSaved();
    } catch (error) {
      setFormError(error instanceof ApiFailure ? error.message : "The suite could not be saved.");
    } finally {
      setSaving(false);
    }
  };

  return (
    <details className="advanced suite-edit" open={open} onToggle={(e) => toggle(e.currentTarget.open)}>
      <summary>Edit suite</summary>
      <form className="compare-form suite-form" onSubmit={submit} noValidate aria-label="Edit suite">
        <p className="muted small">
          Saved for the next run, by you or the watch. Earlier runs keep what they compared; the bases stay{" "}
          {detail.leftBase} → {detail.rightBase}. A header shown as [redacted] keeps its saved value.
        </p>
        <Field {...field("name")} label="Name (optional)" placeholder="orders: staging vs production" />
        <SuiteFields values={values} field={field} onSource={(source) => change({ source })} />
        <div className="form-actions">
          {formError ? (
            <p className="form-error" role="alert">
              <span aria-hidden="true">⚠ </span>
              {formError}
            </p>
          ) : saved ? (
            <p className="form-note" role="status">
              Saved: the next run uses it.
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={saving} aria-busy={saving || undefined}>
            {saving ? "Saving…" : "Save suite"}
          </button>
        </div>
      </form>
    </details>
  );
}
