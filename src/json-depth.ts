/**
 * How deeply a JSON text nests, read from the text itself in one linear pass that skips strings:
 * cheaper and safer than measuring the parsed value, and it answers before anything recursive runs.
 */

/** True when some array or object in `text` is nested more than `maxDepth` levels deep. */
export function jsonNestingExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // the escaped character, whatever it is, cannot end the string
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
