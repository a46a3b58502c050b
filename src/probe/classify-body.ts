/**
 * Decides what a body is (json, text, binary, empty) and what of it the envelope keeps.
 *
 * Decisions:
 * - JSON is kept only when the whole body was read and parsed. A body labelled JSON that does not
 *   parse (or was cut at the cap) is `text`, its text kept, so the diff can still show what changed.
 * - An unlabelled or text/* body whose text parses as a JSON object or array is `json`; bare
 *   scalars ("42", "true") stay text, because plain-text endpoints often answer exactly that.
 * - Text is decoded with the declared charset; an unknown label falls back to UTF-8, and bytes
 *   that are not valid in the charset become U+FFFD rather than failing.
 * - Without a content type, bytes that are valid UTF-8 with no NUL are text; anything else binary.
 * - JSON nested deeper than MAX_JSON_DEPTH is kept as text, with a note saying so.
 */
import { MAX_JSON_DEPTH } from "../budgets";
import { jsonNestingExceeds } from "../json-depth";
import type { EnvelopeBody } from "../shapes/envelope";
import type { JsonValue } from "../shapes/json";

export type BodyClass = Pick<EnvelopeBody, "kind" | "json" | "text" | "note">;

interface MediaType {
  essence: string;
  charset: string | null;
}

/** `Application/JSON; charset="UTF-8"` → { essence: "application/json", charset: "UTF-8" }. */
export function parseContentType(contentType: string | null): MediaType | null {
  if (!contentType) return null;
  const [essence = "", ...params] = contentType.split(";");
  let charset: string | null = null;
  for (const param of params) {
    const [key, value] = param.split("=", 2);
    if (key?.trim().toLowerCase() === "charset" && value) charset = value.trim().replace(/^"(.*)"$/, "$1");
  }
  return { essence: essence.trim().toLowerCase(), charset };
}

function isJsonType(essence: string): boolean {
  return essence === "application/json" || essence === "text/json" || essence.endsWith("+json");
}

const TEXTUAL_APPLICATION_TYPES = new Set([
  "application/xml",
  "application/javascript",
  "application/ecmascript",
  "application/x-www-form-urlencoded",
  "application/graphql",
  "application/yaml",
  "application/x-yaml",
  "application/toml",
  "application/x-ndjson",
  "application/problem+xml",
]);

function isTextType(essence: string): boolean {
  return essence.startsWith("text/") || essence.endsWith("+xml") || TEXTUAL_APPLICATION_TYPES.has(essence);
}

function decoderFor(charset: string | null): TextDecoder {
  try {
    return new TextDecoder(charset ?? "utf-8");
  } catch {
    return new TextDecoder("utf-8"); // RangeError: a label no decoder knows
  }
}

/** Whether the bytes look like text: valid UTF-8 (a sequence cut at the end is fine) and no NUL. */
function looksLikeUtf8Text(data: Uint8Array): boolean {
  if (data.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(data, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function parseJson(text: string): { value: JsonValue } | null {
  try {
    return { value: JSON.parse(text) as JsonValue };
  } catch {
    return null;
  }
}

/** Classifies `data` (already capped) given the response's content type and whether it was cut. */
export function classifyBody(data: Uint8Array, contentType: string | null, truncated: boolean): BodyClass {
  if (data.byteLength === 0) return { kind: "empty" };
  const media = parseContentType(contentType);
  const essence = media?.essence ?? "";
  const labelledJson = isJsonType(essence);
  const textual = labelledJson || isTextType(essence) || (media === null && looksLikeUtf8Text(data));
  if (!textual) return { kind: "binary" };

  const text = decoderFor(media?.charset ?? null).decode(data);
  const mayBeJson = labelledJson || /^\s*[[{]/.test(text);
  if (mayBeJson && !truncated) {
    // Checked on the text before parsing: JSON.stringify, RPC's structuredClone (near 2,000 levels)
    // and every recursive reader downstream would throw on what JSON.parse happily builds.
    if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) {
      return { kind: "text", text, note: `kept as text: nesting deeper than ${MAX_JSON_DEPTH}` };
    }
    const parsed = parseJson(text);
    if (parsed) return { kind: "json", json: parsed.value };
  }
  return { kind: "text", text };
}
