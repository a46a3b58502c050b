/**
 * The form's validation, mirroring the API's (src/shapes/routes.ts, src/shapes/options.ts) so
 * most mistakes are caught before a request is sent. It is restated rather than imported because
 * importing the zod schemas would ship zod to the browser; test/web/validate.test.ts checks that
 * both agree on a table of cases. The server stays the judge: whatever it refuses is shown too.
 */
import type { ComparisonState } from "../shapes/comparison";
import type { CompareOptionsInput } from "../shapes/options";
import type { ApiFailure, CompareRequestInput } from "./client";
import { type BodyFields, bodyFieldsFrom, buildBody, EMPTY_BODY } from "./request-body-form";

export type HttpMethod = NonNullable<CompareOptionsInput["method"]>;

/** What the form holds: text as typed, turned into a request by `buildRequest`. The body goes with POST only. */
export interface FormValues extends BodyFields {
  leftUrl: string;
  rightUrl: string;
  method: HttpMethod;
  /** Milliseconds as typed; empty means the API's default. */
  timeoutMs: string;
  /** One `Name: value` per line. */
  headers: string;
  /** Names separated by commas, spaces or new lines. */
  ignoreHeaders: string;
  /** One RFC 6901 pointer per line. */
  ignorePaths: string;
}

export type FieldName = keyof FormValues;
export type FieldErrors = Partial<Record<FieldName, string>>;

export const EMPTY_FORM: FormValues = {
  leftUrl: "",
  rightUrl: "",
  method: "GET",
  timeoutMs: "",
  headers: "",
  ignoreHeaders: "",
  ignorePaths: "",
  ...EMPTY_BODY,
};

const MAX_URL_LENGTH = 2048;
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const POINTER = /^(\/([^~/]|~[01])*)+$/;

/** Why the API would refuse `value` as leftUrl/rightUrl, or null when it would take it. */
export function urlProblem(value: string): string | null {
  if (value.trim() === "") return "Enter a URL.";
  if (value.length > MAX_URL_LENGTH) return `Use at most ${MAX_URL_LENGTH} characters (this one has ${value.length}).`;
  const url = URL.parse(value);
  if (!url) return "Enter an absolute URL, such as https://staging.example.com/health.";
  if (url.protocol !== "http:" && url.protocol !== "https:") return "Use an http:// or https:// URL.";
  if (url.username !== "" || url.password !== "") {
    return "Leave credentials out of the URL; send them as an extra header instead.";
  }
  return null;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

function parseHeaders(text: string): { headers: Record<string, string> } | { error: string } {
  const headers: Record<string, string> = {};
  for (const line of lines(text)) {
    const colon = line.indexOf(":");
    const name = colon === -1 ? line : line.slice(0, colon).trim();
    if (colon === -1 || !HEADER_TOKEN.test(name) || name.length > 256) {
      return { error: `"${line.slice(0, 60)}" is not a header: write one "Name: value" per line.` };
    }
    const value = line.slice(colon + 1).trim();
    if (value.length > 8192) return { error: `The value of ${name} is longer than 8192 characters.` };
    if (value.includes("\0")) return { error: `The value of ${name} contains a NUL character.` };
    if (Object.keys(headers).some((known) => known.toLowerCase() === name.toLowerCase())) {
      return { error: `${name} is listed twice.` };
    }
    headers[name] = value;
  }
  if (Object.keys(headers).length > 20) return { error: "Send at most 20 extra headers." };
  return { headers };
}

function parseIgnoreHeaders(text: string): { names: string[] } | { error: string } {
  const names = text.split(/[\s,]+/).filter((name) => name !== "");
  const bad = names.find((name) => !HEADER_TOKEN.test(name) || name.length > 256);
  if (bad !== undefined) return { error: `"${bad.slice(0, 60)}" is not a header name.` };
  if (names.length > 50) return { error: "Ignore at most 50 headers." };
  return { names };
}

function parseIgnorePaths(text: string): { paths: string[] } | { error: string } {
  const paths = lines(text);
  const bad = paths.find((path) => !POINTER.test(path) || path.length > 1024);
  if (bad !== undefined) {
    return { error: `"${bad.slice(0, 60)}" is not a pointer; write paths such as /body/json/meta or /timing.` };
  }
  if (paths.length > 50) return { error: "Ignore at most 50 paths." };
  return { paths };
}

function parseTimeout(text: string): { timeoutMs: number | undefined } | { error: string } {
  if (text.trim() === "") return { timeoutMs: undefined };
  const value = Number(text);
  if (!Number.isInteger(value) || value < 500 || value > 30_000) {
    return { error: "Use a whole number of milliseconds from 500 to 30000." };
  }
  return { timeoutMs: value };
}

/** The request the form describes, or what is wrong with it, field by field. */
export function buildRequest(
  values: FormValues,
): { ok: true; request: CompareRequestInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const leftProblem = urlProblem(values.leftUrl);
  const rightProblem = urlProblem(values.rightUrl);
  if (leftProblem) errors.leftUrl = leftProblem;
  if (rightProblem) errors.rightUrl = rightProblem;
  const timeout = parseTimeout(values.timeoutMs);
  const headers = parseHeaders(values.headers);
  const ignoreHeaders = parseIgnoreHeaders(values.ignoreHeaders);
  const ignorePaths = parseIgnorePaths(values.ignorePaths);
  if ("error" in timeout) errors.timeoutMs = timeout.error;
  if ("error" in headers) errors.headers = headers.error;
  if ("error" in ignoreHeaders) errors.ignoreHeaders = ignoreHeaders.error;
  if ("error" in ignorePaths) errors.ignorePaths = ignorePaths.error;
  // A body typed before switching back to GET stays in the form, unsent.
  const body = values.method === "POST" ? buildBody(values) : { body: undefined };
  if ("error" in body) errors[body.field] = body.error;
  const invalid = Object.keys(errors).length > 0;
  if (
    invalid ||
    "error" in timeout ||
    "error" in headers ||
    "error" in ignoreHeaders ||
    "error" in ignorePaths ||
    "error" in body
  ) {
    return { ok: false, errors };
  }

  // Only what differs from the API's defaults is sent, so a plain comparison stays a plain request.
  const options: CompareOptionsInput = {};
  if (values.method !== "GET") options.method = values.method;
  if (timeout.timeoutMs !== undefined) options.timeoutMs = timeout.timeoutMs;
  if (Object.keys(headers.headers).length > 0) options.headers = headers.headers;
  if (ignoreHeaders.names.length > 0) options.ignoreHeaders = ignoreHeaders.names;
  if (ignorePaths.paths.length > 0) options.ignorePaths = ignorePaths.paths;
  if (body.body !== undefined) options.body = body.body;
  const request: CompareRequestInput = { leftUrl: values.leftUrl, rightUrl: values.rightUrl };
  if (Object.keys(options).length > 0) request.options = options;
  return { ok: true, request };
}

/** The form field an API issue path (`leftUrl`, `options.headers.X-Key`, …) belongs to. */
export function fieldForIssuePath(path: string): FieldName | null {
  const [head, option] = path.split(".");
  if (head === "leftUrl" || head === "rightUrl") return head;
  if (head !== "options") return null;
  if (option === "method" || option === "timeoutMs" || option === "headers") return option;
  if (option === "ignoreHeaders" || option === "ignorePaths") return option;
  if (option === "body") return path.endsWith(".contentType") ? "bodyContentType" : "body";
  return null;
}

/** zod's "must be an absolute URL" reads as "This must be an absolute URL." under a field. */
export function sentence(message: string): string {
  const text = /^(must|is|has) /.test(message) ? `This ${message}` : message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Puts an API refusal next to the field it concerns, or returns it as a message for the whole form. */
export function placeFailure(failure: ApiFailure): { errors: FieldErrors; formError: string | null } {
  const details = (failure.details ?? {}) as { field?: unknown; issues?: { path?: unknown; message?: unknown }[] };
  if (failure.code === "blocked_target" && (details.field === "leftUrl" || details.field === "rightUrl")) {
    // The API says "leftUrl is not allowed: <reason>"; next to the field, the reason is what matters.
    const reason = failure.message.replace(/^\w+ is not allowed: /, "");
    return { errors: { [details.field]: reason }, formError: null };
  }
  if (failure.code === "invalid_request" && Array.isArray(details.issues)) {
    const errors: FieldErrors = {};
    for (const issue of details.issues) {
      const field = typeof issue.path === "string" ? fieldForIssuePath(issue.path) : null;
      if (field && errors[field] === undefined) errors[field] = sentence(String(issue.message ?? "is not valid"));
    }
    if (Object.keys(errors).length > 0) return { errors, formError: null };
  }
  if (failure.code === "rate_limited") {
    return { errors: {}, formError: "Too many comparisons in the last minute. Wait a moment, then try again." };
  }
  return { errors: {}, formError: failure.message };
}

/** The form as it was for a stored comparison, so a reloaded result shows what produced it. */
export function formFromComparison(state: Pick<ComparisonState, "leftUrl" | "rightUrl" | "options">): FormValues {
  const { options } = state;
  return {
    leftUrl: state.leftUrl,
    rightUrl: state.rightUrl,
    method: options.method,
    timeoutMs: options.timeoutMs === 10_000 ? "" : String(options.timeoutMs),
    // Redacted values ("[redacted]") are shown as stored; the user replaces them to send a real one.
    headers: Object.entries(options.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join("\n"),
    ignoreHeaders: options.ignoreHeaders.join(", "),
    ignorePaths: options.ignorePaths.join("\n"),
    ...bodyFieldsFrom(options.body),
  };
}
