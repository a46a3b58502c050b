/**
 * Line templates: a line of text that varied between two samples of one side only in a few tokens
 * with digits (a clock, a counter, a build time, a request id) is not noise as a whole. Its other
 * tokens are steady, and when they differ between the two sides that is a real difference: "Updated
 * 14:02:11 UTC · status-page v3.3.0" against "Updated 14:02:12 UTC · status-page v3.2.0".
 *
 * So such a line gives a template, the line with the varying tokens replaced by a placeholder, and
 * the text diff compares every line that fits a template (of either side) as that template: the
 * varying tokens compare equal, the rest is compared. A line that varied in words (a random tip, a
 * shuffled list) is noise as a whole, as before (sample-facts.ts).
 *
 * Tokens are runs of letters, digits, `_` and `-` (an id or a token is one token, whatever its
 * characters), and every other character on its own.
 */

/** What a varying token compares as. Not a character a page sends. */
export const PLACEHOLDER = "\u0001";
/** Longer lines are noise as a whole: templates are kept in a Workflow step's small result. */
export const MAX_TEMPLATE_CHARS = 400;
/** Words a template keeps as they are: enough that it names one line, not every line of a kind. */
export const MIN_STEADY_WORDS = 3;

const TOKEN = /[\p{L}\p{N}_-]+|[^\p{L}\p{N}_-]/gu;
const WORD = /[\p{L}\p{N}]/u;
const DIGIT = /\p{N}/u;

function tokens(line: string): string[] {
  return line.match(TOKEN) ?? [];
}

/**
 * The template of two versions of one line, or null when they are not one line with a few tokens
 * that vary: another number of tokens, a varying token without a digit, more than half the words
 * varying, or fewer than MIN_STEADY_WORDS words left steady (`<td>42</td>` would make every
 * numeric cell of a table compare equal).
 */
export function templateOf(a: string, b: string): string | null {
  if (a === b || a.length > MAX_TEMPLATE_CHARS || b.length > MAX_TEMPLATE_CHARS) return null;
  const [ta, tb] = [tokens(a), tokens(b)];
  if (ta.length !== tb.length) return null;
  let words = 0;
  let varied = 0;
  const out: string[] = [];
  for (let i = 0; i < ta.length; i++) {
    const [x, y] = [ta[i] as string, tb[i] as string];
    if (WORD.test(x)) words++;
    if (x === y) {
      out.push(x);
      continue;
    }
    if (!DIGIT.test(x) || !DIGIT.test(y)) return null;
    varied++;
    out.push(PLACEHOLDER);
  }
  return varied > 0 && varied * 2 <= words && words - varied >= MIN_STEADY_WORDS ? out.join("") : null;
}

/** Templates ready to match: their tokens, by token count. */
export class TemplateSet {
  readonly #byLength = new Map<number, string[][]>();

  constructor(templates: readonly string[]) {
    for (const template of templates) {
      const t = tokens(template);
      const list = this.#byLength.get(t.length) ?? [];
      list.push(t);
      this.#byLength.set(t.length, list);
    }
  }

  get size(): number {
    return this.#byLength.size;
  }

  /**
   * The line as compared: every token that any template it fits has as a placeholder replaced by
   * one, or the line itself when it fits none. Both sides' lines go through the same templates, so
   * a line that differs only where it varies compares equal.
   */
  canonical(line: string): string {
    if (line.length > MAX_TEMPLATE_CHARS) return line;
    const t = tokens(line);
    const candidates = this.#byLength.get(t.length);
    if (!candidates) return line;
    const varying = new Set<number>();
    for (const template of candidates) {
      const fits = template.every((token, i) => token === PLACEHOLDER || token === t[i]);
      if (!fits) continue;
      template.forEach((token, i) => {
        if (token === PLACEHOLDER) varying.add(i);
      });
    }
    if (varying.size === 0) return line;
    return t.map((token, i) => (varying.has(i) ? PLACEHOLDER : token)).join("");
  }
}
