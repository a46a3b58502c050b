/**
 * A POST comparison's body in the compare form: JSON or text, a text body's content type, the
 * "secret" flag, and a plain warning first, because envdiff sends the same POST to production as
 * to staging, several times. Shown only when the method is POST; checked by request-body-form.ts.
 */
import type { BodyKind } from "../request-body-form";
import type { FieldErrors, FormValues } from "../validate";
import { Field } from "./field";
import { type Choice, RadioGroup } from "./radio-group";

interface RequestBodyFieldsProps {
  values: FormValues;
  errors: FieldErrors;
  onChange: (patch: Partial<FormValues>) => void;
}

const KINDS: Choice<BodyKind>[] = [
  { value: "json", label: "JSON" },
  { value: "text", label: "Text" },
];

const PLACEHOLDER: Record<BodyKind, string> = {
  json: '{ "query": "{ product(id: 1) { name price } }" }',
  text: "q=shoes&sort=price",
};

export function RequestBodyFields({ values, errors, onChange }: RequestBodyFieldsProps) {
  return (
    <fieldset className="request-body span-2">
      <legend>Request body</legend>
      <p className="post-warning" role="note">
        <span aria-hidden="true">⚠ </span>
        envdiff sends this same POST to <strong>both</strong> URLs, production included, up to 15 times a side (samples
        and confirming rounds). Use it only for requests that change nothing, such as a GraphQL query or a search.
      </p>
      <RadioGroup
        className="body-kind"
        legend="Format"
        name="bodyKind"
        choices={KINDS}
        value={values.bodyKind}
        onChange={(bodyKind) => onChange({ bodyKind })}
      />
      <Field
        id="body"
        label={values.bodyKind === "json" ? "Body (JSON)" : "Body (text)"}
        multiline
        rows={6}
        placeholder={PLACEHOLDER[values.bodyKind]}
        hint={
          values.bodySecret
            ? "Sealed like a secret header and never shown back: to compare again, type it again."
            : "At most 64 KiB. Empty sends an empty body."
        }
        value={values.body}
        error={errors.body}
        onChange={(body) => onChange({ body })}
      />
      {values.bodyKind === "text" ? (
        <Field
          id="bodyContentType"
          label="Content type"
          placeholder="text/plain; charset=utf-8"
          hint="Sent as Content-Type; it replaces one among the extra headers."
          value={values.bodyContentType}
          error={errors.bodyContentType}
          onChange={(bodyContentType) => onChange({ bodyContentType })}
        />
      ) : null}
      <label className="checkbox">
        <input
          type="checkbox"
          id="bodySecret"
          name="bodySecret"
          checked={values.bodySecret}
          onChange={(event) => onChange({ bodySecret: event.target.checked })}
        />{" "}
        Secret: the body holds a credential (store it sealed, show it to no one)
      </label>
    </fieldset>
  );
}
