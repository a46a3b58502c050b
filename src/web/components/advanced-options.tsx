/**
 * The compare request's options (method and a POST's body, timeout, extra headers, ignore lists) in a disclosure
 * that starts closed, since most comparisons need none of them. It opens by itself when one of
 * its fields has an error, so the message is never hidden.
 */
import { useEffect, useState } from "react";
import type { FieldErrors, FormValues, HttpMethod } from "../validate";
import { Field } from "./field";
import { RequestBodyFields } from "./request-body-fields";

interface AdvancedOptionsProps {
  values: FormValues;
  errors: FieldErrors;
  onChange: (patch: Partial<FormValues>) => void;
}

const TEXT_FIELDS = ["timeoutMs", "headers", "ignoreHeaders", "ignorePaths"] as const;
const ERROR_FIELDS = ["method", ...TEXT_FIELDS, "body", "bodyContentType"] as const;

export function AdvancedOptions({ values, errors, onChange }: AdvancedOptionsProps) {
  const hasError = ERROR_FIELDS.some((name) => errors[name] !== undefined);
  const inUse = values.method !== "GET" || TEXT_FIELDS.some((name) => values[name].trim() !== "");
  // Open state is the user's, except that an error opens it; a reloaded comparison with options opens it too.
  const [open, setOpen] = useState(inUse);
  useEffect(() => {
    if (hasError || inUse) setOpen(true);
  }, [hasError, inUse]);
  return (
    <details className="advanced" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        Advanced options
        {inUse ? <span className="advanced-in-use"> · in use</span> : null}
      </summary>
      <div className="advanced-grid">
        <div className={`field${errors.method ? " field-invalid" : ""}`}>
          <label htmlFor="method">Method</label>
          <select
            id="method"
            name="method"
            value={values.method}
            onChange={(event) => onChange({ method: event.target.value as HttpMethod })}
          >
            <option value="GET">GET</option>
            <option value="HEAD">HEAD (status and headers only)</option>
            <option value="POST">POST (with a body, sent to production too)</option>
          </select>
          {errors.method ? <p className="field-error">{errors.method}</p> : null}
        </div>
        <Field
          id="timeoutMs"
          label="Timeout (ms)"
          type="number"
          inputMode="numeric"
          placeholder="10000"
          hint="Per side, 500 to 30000."
          value={values.timeoutMs}
          error={errors.timeoutMs}
          onChange={(timeoutMs) => onChange({ timeoutMs })}
        />
        {values.method === "POST" ? <RequestBodyFields values={values} errors={errors} onChange={onChange} /> : null}
        <Field
          id="headers"
          label="Extra request headers"
          multiline
          className="span-2"
          placeholder={"Accept-Language: en\nAuthorization: Bearer …"}
          hint="One “Name: value” per line, sent to both sides (at most 20). Secrets are stored redacted."
          value={values.headers}
          error={errors.headers}
          onChange={(headers) => onChange({ headers })}
        />
        <Field
          id="ignoreHeaders"
          label="Ignore headers"
          multiline
          placeholder="x-deploy-id, x-build-*"
          hint="Names separated by commas or new lines; a trailing * matches a prefix."
          value={values.ignoreHeaders}
          error={errors.ignoreHeaders}
          onChange={(ignoreHeaders) => onChange({ ignoreHeaders })}
        />
        <Field
          id="ignorePaths"
          label="Ignore paths"
          multiline
          placeholder={"/body/json/meta\n/timing"}
          hint="One pointer per line; differences at or below it are dropped."
          value={values.ignorePaths}
          error={errors.ignorePaths}
          onChange={(ignorePaths) => onChange({ ignorePaths })}
        />
      </div>
    </details>
  );
}
