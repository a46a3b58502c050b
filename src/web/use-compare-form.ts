/**
 * The compare form's state: what is typed, the errors next to each field, and the submission
 * (POST /api/compare), whose refusals land next to the field they concern. On success it hands
 * the new comparison's id to `onStarted`, which puts it in the address.
 */
import { useState } from "react";
import { ApiFailure, startComparison } from "./client";
import { buildRequest, EMPTY_FORM, type FieldErrors, type FieldName, type FormValues, placeFailure } from "./validate";

const FIELD_ORDER: FieldName[] = [
  "leftUrl",
  "rightUrl",
  "method",
  "timeoutMs",
  "body",
  "bodyContentType",
  "headers",
  "ignoreHeaders",
  "ignorePaths",
];

export interface CompareFormState {
  values: FormValues;
  errors: FieldErrors;
  formError: string | null;
  submitting: boolean;
  /** The id of the comparison this form last started, so opening it does not refill the form. */
  submittedId: string | null;
  change: (patch: Partial<FormValues>) => void;
  /** Replaces everything typed (a comparison or pair was opened); errors go with it. */
  fill: (values: FormValues) => void;
  submit: () => Promise<void>;
}

export function useCompareForm(onStarted: (comparisonId: string) => void): CompareFormState {
  const [values, setValues] = useState<FormValues>(EMPTY_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [submittedId, setSubmittedId] = useState<string | null>(null);

  const change = (patch: Partial<FormValues>) => {
    setValues((previous) => ({ ...previous, ...patch }));
    // An edited field's error is stale; the others stay until the next submit.
    setErrors((previous) => {
      const next = { ...previous };
      for (const name of Object.keys(patch) as FieldName[]) delete next[name];
      return next;
    });
  };

  const fill = (next: FormValues) => {
    setValues(next);
    setErrors({});
    setFormError(null);
  };

  const showErrors = (next: FieldErrors) => {
    setErrors(next);
    const first = FIELD_ORDER.find((name) => next[name] !== undefined);
    // Focus moves to the first wrong field, whose error is read out through aria-describedby.
    if (first) requestAnimationFrame(() => document.getElementById(first)?.focus());
  };

  const submit = async () => {
    setFormError(null);
    const built = buildRequest(values);
    if (!built.ok) return showErrors(built.errors);
    setErrors({});
    setSubmitting(true);
    try {
      const accepted = await startComparison(built.request);
      setSubmittedId(accepted.comparisonId);
      onStarted(accepted.comparisonId);
    } catch (error) {
      const failure =
        error instanceof ApiFailure ? error : new ApiFailure("unexpected", "The comparison could not start.");
      const placed = placeFailure(failure);
      setFormError(placed.formError);
      showErrors(placed.errors);
    } finally {
      setSubmitting(false);
    }
  };

  return { values, errors, formError, submitting, submittedId, change, fill, submit };
}
