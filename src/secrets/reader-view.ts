/**
 * Request headers as readers see them: names only, every value one placeholder (issue 21, finding 1).
 *
 * A list of "sensitive" names can never be complete: `X-Auth-Key`, `Ocp-Apim-Subscription-Key`,
 * `Session` or `api_key` carry credentials as surely as `Authorization` does, and a header's name
 * says nothing certain about its value. Every request header value is sealed anyway
 * (request-headers.ts), so the copy kept beside the sealed value, in the object's rows, in D1, in
 * Workflow params and in every read answer, keeps each name and replaces every value.
 *
 * The views are applied where options are stored and again where they are read, so a row written
 * before this rule (its values hidden by the old list only) never shows a value either.
 *
 * A POST body marked `secret` is shown the same way: its kind and content type stay, its content
 * reads as the placeholder (sealed beside the headers, header-set.ts). A body not marked secret is
 * the request itself, shown as sent.
 */
import type { BodyInput } from "../request-body";
import type { CompareOptions } from "../shapes/options";
import type { PairSettings } from "../shapes/settings";

/** What every request header value reads as outside the sealed value. */
export const PLACEHOLDER = "[redacted]";

type HeaderMap = Record<string, string>;

/** The header names of `headers`, each with the placeholder for its value. */
export function readerHeaders(headers: HeaderMap): HeaderMap {
  // fromEntries defines own properties: a name such as __proto__ stays data.
  return Object.fromEntries(Object.keys(headers).map((name) => [name, PLACEHOLDER]));
}

/** A secret body as readers see it: its kind and content type, the placeholder for its content. */
export function readerBody<B extends BodyInput>(body: B): B {
  if (!body.secret) return body;
  return "text" in body ? { ...body, text: PLACEHOLDER } : { ...body, json: PLACEHOLDER };
}

/** Whether a body reads as the placeholder: a secret body as a reader saw it. */
export function isPlaceholderBody(body: BodyInput | undefined): boolean {
  return body?.secret === true && ("text" in body ? body.text === PLACEHOLDER : body.json === PLACEHOLDER);
}

/** `options` with the values of shared and per-side headers, and a secret body, replaced by the placeholder. */
export function readerOptions<T extends Pick<CompareOptions, "headers" | "left" | "right"> & { body?: BodyInput }>(
  options: T,
): T {
  const view: T = { ...options, headers: readerHeaders(options.headers ?? {}) };
  if (options.left) view.left = { ...options.left, headers: readerHeaders(options.left.headers ?? {}) };
  if (options.right) view.right = { ...options.right, headers: readerHeaders(options.right.headers ?? {}) };
  if (options.body) view.body = readerBody(options.body);
  return view;
}

/** A pair's saved settings as readers see them: the header fields that were saved, names only. */
export function readerSettings(settings: PairSettings): PairSettings {
  const view: PairSettings = { ...settings };
  if (settings.headers) view.headers = readerHeaders(settings.headers);
  if (settings.left) view.left = { ...settings.left, headers: readerHeaders(settings.left.headers ?? {}) };
  if (settings.right) view.right = { ...settings.right, headers: readerHeaders(settings.right.headers ?? {}) };
  return view;
}

/** Whether any header value of `options` is something other than the placeholder (a row from before this rule). */
export function hasClearValues(options: {
  headers?: HeaderMap;
  left?: { headers?: HeaderMap };
  right?: { headers?: HeaderMap };
}): boolean {
  const maps = [options.headers, options.left?.headers, options.right?.headers];
  return maps.some((headers) => Object.values(headers ?? {}).some((value) => value !== PLACEHOLDER));
}
