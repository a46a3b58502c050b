/**
 * Strings that came from a target, made harmless before any format prints them (issue 21, finding 7).
 * A probed response chooses its header values, its JSON keys (which end up in paths), its text, and
 * what an explanation quotes from it. None of that may drive the terminal (ANSI, OSC and C1 escape
 * sequences), start a line a CI runner reads as its own command (`::error`, `::add-mask`,
 * `::stop-commands`, …), or reorder what a reader sees (bidirectional controls). A reader still sees
 * what was there: every such character becomes a visible `\uXXXX` escape, never silently dropped.
 */

/**
 * C0 controls (ESC, BEL, CR, LF, …), DEL, C1 controls (U+0080–U+009F: 8-bit CSI and OSC to some
 * terminals), the line and paragraph separators, the bidirectional controls, and the BOM.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** What JSON.stringify leaves raw inside strings (it escapes C0 itself). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** A surrogate without its other half: not text, and shown as the escape it is. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SHORT: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(c: string): string {
  return SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * A CI runner's command at the start of a line, after any blank space (GitHub's runner trims it
 * before it looks): GitHub's `::name …::`, and Azure Pipelines' `##vso[` and `##[`.
 */
const RUNNER_COMMAND = /^([ \t]*)(::|##vso\[|##\[)/;
const RUNNER_COMMAND_LINES = /^([ \t]*)(::|##vso\[|##\[)/gm;

/** One line of free text from a target (a path, a name, an explanation, an error message). */
export function plain(text: string): string {
  return text
    .replace(LONE_SURROGATE, escapeChar)
    .replace(UNSAFE, escapeChar)
    .replace(RUNNER_COMMAND, (_, space: string, command: string) => `${space}\\${command}`);
}

/** JSON text in which nothing can reach a terminal raw; still JSON that parses to the same value. */
export function safeJson(value: unknown, space?: number): string {
  return (JSON.stringify(value, null, space) ?? "null").replace(UNSAFE_IN_JSON, escapeChar);
}

/**
 * The last line of defence over a whole rendered document (text, markdown, JUnit): whatever a
 * field forgot, no line starts a runner command and no raw control character but LF is left.
 */
export function guardDocument(text: string): string {
  return text
    .replace(LONE_SURROGATE, escapeChar)
    .replace(UNSAFE, (c) => (c === "\n" ? c : escapeChar(c)))
    .replace(RUNNER_COMMAND_LINES, (_, space: string, command: string) => `${space}\\${command}`);
}

/** Values longer than this are cut in a line or a cell; the JSON format always has them whole. */
export const VALUE_WIDTH = 80;

/**
 * A difference's value as a JSON literal, so `"null"` and `null` read differently; an absent value
 * reads `missing` (no quotes: not a string). Long values are cut with a marker that says so.
 */
export function literal(value: unknown, max = VALUE_WIDTH): string {
  if (value === undefined) return "missing";
  return cut(safeJson(value), max);
}

export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never split a surrogate pair: the half left would print as a replacement character.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}… [cut: ${text.length} characters]`;
}
