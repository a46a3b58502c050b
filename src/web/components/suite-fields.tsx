/**
 * What a suite compares, as form fields: where the paths come from (a list, an OpenAPI document or
 * a sitemap), then headers and options folded away. Shared by "Compare environments" (a new suite)
 * and the suite view's edit form.
 */
import type { PathSource, SuiteFormValues } from "../suite-form";
import { Field } from "./field";
import { type Choice, RadioGroup } from "./radio-group";

const SOURCES: Choice<PathSource>[] = [
  { value: "list", label: "A list of paths" },
  { value: "openapi", label: "An OpenAPI document" },
  { value: "sitemap", label: "A sitemap" },
];

/** The props of one form field: its id, value, error and change handler. */
export interface FieldBinding {
  id: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

export function SuiteFields({
  values,
  field,
  onSource,
}: {
  values: SuiteFormValues;
  field: (name: keyof SuiteFormValues) => FieldBinding;
  onSource: (source: PathSource) => void;
}) {
  return (
    <>
      <RadioGroup
        className="suite-source"
        legend="Paths from"
        name="suite-source"
        choices={SOURCES}
        value={values.source}
        onChange={onSource}
      />
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
    </>
  );
}
