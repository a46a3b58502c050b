/**
 * Keeps a stored body within what one Durable Object SQLite row can hold (2 MB in production).
 * The body cap bounds bytes read, but JSON escaping can inflate them: 1 MiB of control
 * characters is 6 MB as a JSON string. A body whose kept text or JSON would serialise larger
 * than the budget keeps the longest prefix that fits, as text, and is marked truncated.
 *
 * Sizes are UTF-8 bytes of what the row holds: parsed JSON is stored inline, so it counts as its
 * own serialisation (a 1,020,001-byte array of one-letter strings is 1,020,001 bytes), while text
 * is stored as a JSON string and counts with its escapes.
 */
import { jsonBytes } from "../diff/bounded-value";
import type { EnvelopeBody } from "../shapes/envelope";

/** Room for the kept body inside a 2 MB row, leaving space for headers (≤ 64 KiB) and the rest. */
export const MAX_STORED_BODY_BYTES = 1_500_000;

/** UTF-8 bytes one UTF-16 unit costs inside a JSON string, as JSON.stringify writes it. */
function escapedCost(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22 || c === 0x5c) return 2; // \" and \\
  if (c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) return 2; // \b \t \n \f \r
  if (c < 0x20) return 6; // \u00XX
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    // A well-formed pair is 4 bytes, counted on its high half; a lone surrogate is escaped as \uXXXX.
    return next >= 0xdc00 && next <= 0xdfff ? 4 : 6;
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const previous = text.charCodeAt(i - 1);
    return previous >= 0xd800 && previous <= 0xdbff ? 0 : 6;
  }
  return 3;
}

/** The longest prefix of `text` whose JSON string form fits in `maxBytes`, never splitting a pair. */
function prefixWithin(text: string, maxBytes: number): string {
  let used = 2; // the quotes
  for (let i = 0; i < text.length; i++) {
    used += escapedCost(text, i);
    if (used > maxBytes) return text.slice(0, i);
  }
  return text;
}

export function fitBody(body: EnvelopeBody, maxBytes = MAX_STORED_BODY_BYTES): EnvelopeBody {
  if (body.json === undefined && body.text === undefined) return body;
  const { json, text, ...rest } = body;
  if (json !== undefined) {
    if (jsonBytes(json, maxBytes) <= maxBytes) return body;
    const fitted = prefixWithin(text ?? JSON.stringify(json), maxBytes);
    return { ...rest, kind: "text", truncated: true, text: fitted, note: `kept as text: JSON over ${maxBytes} bytes` };
  }
  const fitted = prefixWithin(text as string, maxBytes);
  if (fitted === text) return body;
  return { ...rest, kind: "text", truncated: true, text: fitted };
}
