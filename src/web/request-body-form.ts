/**
 * The compare form's POST body: what the page holds (the text as typed, JSON or plain text, an
 * optional content type, the secret flag), checked the way the API checks it (src/shapes/options.ts
 * RequestBody: JSON that parses, ≤ 64 KiB as sent, ≤ 64 levels deep, a media type) so a mistake is
 * shown before anything is sent. Pure; restated, not imported, to keep zod out of the bundle
 * (test/web/request-body-form.test.ts holds both together).
 */
import { jsonNestingExceeds } from "../json-depth";
import type { JsonValue } from "../shapes/json";
import type { CompareOptionsInput } from "../shapes/options";

type BodyInput = NonNullable<CompareOptionsInput["body"]>;

export type BodyKind = "json" | "text";

export interface BodyFields {
  /** The body as typed: a JSON document or any text. */
  body: string;
  bodyKind: BodyKind;
  /** A text body's media type; empty means the API's default (text/plain; charset=utf-8). */
  bodyContentType: string;
  /** Sealed at rest and never shown back: the API answers it as "[redacted]". */
  bodySecret: boolean;
}

export const EMPTY_BODY: BodyFields = { body: "", bodyKind: "json", bodyContentType: "", bodySecret: false };

const MAX_BODY_BYTES = 64 * 1024;
const MAX_DEPTH = 64;
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:[ \t]*;[\x20-\x7e\t]*)?$/;

const bytes = (text: string) => new TextEncoder().encode(text).byteLength;
const tooLarge = (size: number) =>
  `The body is ${Math.ceil(size / 1024)} KiB as sent; envdiff sends at most ${MAX_BODY_BYTES / 1024} KiB.`;

/** Where a JSON.parse message puts the mistake, in words a person reads ("at line 2, column 5"). */
function jsonProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /position (\d+)/.exec(message);
  if (!at) return `This is not JSON: ${message}. Choose “Text” to send it as written.`;
  const before = text.slice(0, Number(at[1])).split("\n");
  const where = `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
  return `This is not JSON (at ${where}). Check quotes and commas, or choose “Text” to send it as written.`;
}

/**
 * The body a POST sends, or why the API would refuse it. No body when the text is empty (the API
 * then sends an empty one); a secret body must be typed, since a saved one is never shown back.
 */
export function buildBody(
  fields: BodyFields,
): { body: BodyInput | undefined } | { error: string; field: "body" | "bodyContentType" } {
  const refuse = (error: string, field: "body" | "bodyContentType" = "body") => ({ error, field });
  const secret = fields.bodySecret ? { secret: true } : {};
  if (fields.body.trim() === "") {
    return fields.bodySecret
      ? refuse("Type the body to send: a secret body is never shown back, so it is sent only as typed.")
      : { body: undefined };
  }
  if (fields.bodyKind === "json") {
    let json: unknown;
    try {
      json = JSON.parse(fields.body);
    } catch (error) {
      return refuse(jsonProblem(fields.body, error));
    }
    const sent = JSON.stringify(json);
    if (jsonNestingExceeds(sent, MAX_DEPTH)) return refuse(`The JSON nests deeper than ${MAX_DEPTH} levels.`);
    if (bytes(sent) > MAX_BODY_BYTES) return refuse(tooLarge(bytes(sent)));
    return { body: { json: json as JsonValue, ...secret } };
  }
  if (bytes(fields.body) > MAX_BODY_BYTES) return refuse(tooLarge(bytes(fields.body)));
  const typeProblem = contentTypeProblem(fields.bodyContentType);
  if (typeProblem) return refuse(typeProblem, "bodyContentType");
  const contentType = fields.bodyContentType.trim();
  return { body: { text: fields.body, ...(contentType === "" ? {} : { contentType }), ...secret } };
}

/** Why the API would refuse a text body's content type, or null. */
export function contentTypeProblem(value: string): string | null {
  const contentType = value.trim();
  if (contentType === "") return null;
  if (contentType.length > 256 || !MEDIA_TYPE.test(contentType)) {
    return "Use a media type such as text/plain; charset=utf-8 or application/x-www-form-urlencoded.";
  }
  return null;
}

/**
 * The body fields for a stored comparison's body. A secret one comes back as "[redacted]": the
 * page shows the flag and an empty box, never that placeholder as if it were the body.
 */
export function bodyFieldsFrom(body: BodyInput | undefined): BodyFields {
  if (body === undefined) return EMPTY_BODY;
  if (body.secret) return { ...EMPTY_BODY, bodyKind: "json" in body ? "json" : "text", bodySecret: true };
  if ("json" in body) return { ...EMPTY_BODY, body: JSON.stringify(body.json, null, 2) };
  return { ...EMPTY_BODY, bodyKind: "text", body: body.text, bodyContentType: body.contentType ?? "" };
}
