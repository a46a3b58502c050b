/**
 * Text for chat messages, made safe for the chat's markup. Paths, values and URLs in a drift
 * message come from the compared targets (a JSON key, a header value) or from whoever set up the
 * comparison, so none of it may format, link or mention in Slack or Teams: a value reading
 * `<!channel>` must not page a channel, `[click](https://evil)` must not become a link, and a line
 * break must not start a fake line of the message. Every such character stays visible as itself or
 * as an escape; nothing is silently dropped. Long values are cut with a marker.
 */

/**
 * C0 controls (line breaks included), DEL, C1 controls, line and paragraph separators, the
 * bidirectional controls and the BOM: shown as `\uXXXX` so a value cannot break a line or reorder what
 * a reader sees.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SHORT: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
export const CUT_MARKER = "…";

const escapeChar = (c: string) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** One line: controls shown as escapes, cut to `max` characters (the marker included). */
export function oneLine(text: string, max: number): string {
  return cut(text.replace(LONE_SURROGATE, escapeChar).replace(UNSAFE, escapeChar), max);
}

/** Cut to `max` characters, the last being the marker; never splits a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - CUT_MARKER.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}${CUT_MARKER}`;
}

/**
 * Slack mrkdwn: `&`, `<` and `>` are the three characters Slack asks to escape, which is also what
 * turns `<!here>`, `<@U123>` and `<https://x|text>` into plain text. `@here`, `@channel` and
 * `@everyone` written out are not mentions in an incoming webhook's message (no `link_names`), and
 * a word joiner after the `@` keeps them so should that ever change.
 */
export function slackEscape(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@(here|channel|everyone)\b/gi, "@\u2060$1");
}

/**
 * A value from a target as a Slack inline code span: no bold, italics, strikes or links inside it.
 * A backtick would close the span, so it is shown as `ˋ` (U+02CB), and an empty value as `""`.
 */
export function slackCode(text: string, max: number): string {
  const shown = oneLine(text, max).replace(/`/g, "\u02cb");
  return `\`${slackEscape(shown === "" ? '""' : shown)}\``;
}

/** Plain text from a target in Slack mrkdwn (outside a code span): escaped and its markup characters too. */
export function slackPlain(text: string, max: number): string {
  return slackEscape(oneLine(text, max)).replace(/[*_~`]/g, (c) => `\u2060${c}\u2060`);
}

/**
 * Teams (Adaptive Cards) text: a TextBlock or fact reads a subset of Markdown, so the characters
 * that format, link or quote anywhere are backslash-escaped, and so is a start that would make a
 * list or a heading. `<` and `>` too: no `<at>` mention tag (a mention also needs the card's
 * `msteams.entities`, which envdiff never sends).
 */
export function teamsEscape(text: string, max: number): string {
  return oneLine(text, max)
    .replace(/[\\`*_{}[\]()#|~<>]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+])/, "$1\\$2")
    .replace(/^(\s*)(\d+)\./, "$1$2\\.");
}
