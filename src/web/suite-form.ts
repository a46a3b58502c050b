/**
 * The "Compare environments" form's values and the request they make, pure (tested in
 * test/web/suite-form.test.ts). Header lines are parsed by the compare form's own rules.
 */
import type { SuiteRequestInput } from "./suite-client";
import { buildRequest, EMPTY_FORM, type FieldErrors, urlProblem } from "./validate";

export type PathSource = "list" | "openapi" | "sitemap";

export interface SuiteFormValues {
  name: string;
  leftBase: string;
  rightBase: string;
  source: PathSource;
  /** One path per line (list), or the discovery document's URL. */
  paths: string;
  discoverUrl: string;
  headers: string;
  leftHeaders: string;
  rightHeaders: string;
  timeoutMs: string;
  ignoreHeaders: string;
  ignorePaths: string;
}

export type SuiteFieldErrors = Partial<Record<keyof SuiteFormValues, string>>;

export const EMPTY_SUITE_FORM: SuiteFormValues = {
  name: "",
  leftBase: "",
  rightBase: "",
  source: "list",
  paths: "",
  discoverUrl: "",
  headers: "",
  leftHeaders: "",
  rightHeaders: "",
  timeoutMs: "",
  ignoreHeaders: "",
  ignorePaths: "",
};

const MAX_PATHS = 500;

/** The suite request the form describes, or its problems field by field. */
export function buildSuiteRequest(
  values: SuiteFormValues,
): { ok: true; request: SuiteRequestInput } | { ok: false; errors: SuiteFieldErrors } {
  const errors: SuiteFieldErrors = {};
  const left = urlProblem(values.leftBase);
  const right = urlProblem(values.rightBase);
  if (left) errors.leftBase = left;
  if (right) errors.rightBase = right;
  // The shared options are checked by the compare form's rules, on a form with two dummy URLs.
  const shared = buildRequest({
    ...EMPTY_FORM,
    leftUrl: "https://left.example",
    rightUrl: "https://right.example",
    headers: values.headers,
    timeoutMs: values.timeoutMs,
    ignoreHeaders: values.ignoreHeaders,
    ignorePaths: values.ignorePaths,
  });
  const perSide = (text: string, field: "leftHeaders" | "rightHeaders") => {
    const parsed = buildRequest({
      ...EMPTY_FORM,
      leftUrl: "https://l.example",
      rightUrl: "https://r.example",
      headers: text,
    });
    if (!parsed.ok) errors[field] = parsed.errors.headers;
    return parsed.ok ? (parsed.request.options?.headers ?? {}) : {};
  };
  const leftHeaders = perSide(values.leftHeaders, "leftHeaders");
  const rightHeaders = perSide(values.rightHeaders, "rightHeaders");
  if (!shared.ok) copyErrors(shared.errors, errors);

  const request: SuiteRequestInput = { leftBase: values.leftBase.trim(), rightBase: values.rightBase.trim() };
  if (values.name.trim() !== "") request.name = values.name.trim();
  if (values.source === "list") {
    const paths = values.paths
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== "");
    if (paths.length === 0) errors.paths = "Enter at least one path, such as /health.";
    else if (paths.length > MAX_PATHS) errors.paths = `Use at most ${MAX_PATHS} paths (this list has ${paths.length}).`;
    request.paths = paths;
  } else {
    const problem = urlProblem(values.discoverUrl);
    if (problem) errors.discoverUrl = problem;
    request.discover =
      values.source === "openapi" ? { openapi: values.discoverUrl.trim() } : { sitemap: values.discoverUrl.trim() };
  }
  if (Object.keys(errors).length > 0 || !shared.ok) return { ok: false, errors };
  const options: Record<string, unknown> = { ...(shared.request.options ?? {}) };
  // Per-side headers (options.left / options.right) are sent only when given.
  if (Object.keys(leftHeaders).length > 0) options.left = { headers: leftHeaders };
  if (Object.keys(rightHeaders).length > 0) options.right = { headers: rightHeaders };
  if (Object.keys(options).length > 0) request.options = options as SuiteRequestInput["options"];
  return { ok: true, request };
}

function copyErrors(from: FieldErrors, to: SuiteFieldErrors): void {
  if (from.headers) to.headers = from.headers;
  if (from.timeoutMs) to.timeoutMs = from.timeoutMs;
  if (from.ignoreHeaders) to.ignoreHeaders = from.ignoreHeaders;
  if (from.ignorePaths) to.ignorePaths = from.ignorePaths;
}

/** Which rows the table shows. */
export type RowFilter = "all" | "changed" | "new";

export function filterRows<T extends { highest: string | null; status: string; new: number }>(
  rows: readonly T[],
  filter: RowFilter,
): T[] {
  if (filter === "changed") return rows.filter((r) => r.highest !== null || r.status === "failed");
  if (filter === "new") return rows.filter((r) => r.new > 0);
  return [...rows];
}
