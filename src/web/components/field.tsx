/**
 * A labelled text input or textarea with an optional hint and error. The error is tied to the
 * control with aria-describedby and aria-invalid, so a screen reader announces it on focus.
 */
import type { ChangeEvent } from "react";

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  placeholder?: string;
  type?: "text" | "url" | "number";
  multiline?: boolean;
  /** A textarea's height in lines (3 unless told). */
  rows?: number;
  required?: boolean;
  inputMode?: "url" | "numeric" | "text";
  className?: string;
}

export function Field(props: FieldProps) {
  const { id, label, value, onChange, error, hint, placeholder, multiline, className } = props;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: id,
    value,
    placeholder,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(event.target.value),
  };
  return (
    <div className={`field${error ? " field-invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={props.rows ?? 3} spellCheck={false} />
      ) : (
        <input
          {...common}
          // "text", not "url": the browser's own URL check would pre-empt ours with a vaguer message.
          type={props.type === "number" ? "number" : "text"}
          inputMode={props.inputMode}
          required={props.required}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
        />
      )}
      {error ? (
        <p className="field-error" id={errorId}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
