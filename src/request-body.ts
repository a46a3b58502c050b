/**
 * A POST's body as it goes on the wire: the bytes' text and the Content-Type they go with. Pure,
 * shared by the probe (which sends it) and the pair key (which names it), so both read one body
 * the same way: a JSON body is sent as `JSON.stringify` writes it, as `application/json`; a text
 * body as written, as its own content type or `text/plain; charset=utf-8`.
 */

export const JSON_BODY_TYPE = "application/json";
export const TEXT_BODY_TYPE = "text/plain; charset=utf-8";

/** A request body as options hold it (src/shapes/options.ts `RequestBody`), structurally. */
export interface BodyInput {
  json?: unknown;
  text?: string;
  contentType?: string;
  secret?: boolean;
}

/** What the probe sends. */
export interface SentBody {
  content: string;
  contentType: string;
}

/** The body on the wire. */
export function sentBody(body: BodyInput): SentBody {
  if ("text" in body && body.text !== undefined) {
    return { content: body.text, contentType: body.contentType ?? TEXT_BODY_TYPE };
  }
  return { content: JSON.stringify(body.json ?? null), contentType: JSON_BODY_TYPE };
}
