/**
 * Strict JSON request bodies. JSON.parse alone accepts two things we refuse:
 * - bytes that are not UTF-8 (the platform decoder silently turns them into U+FFFD, so a URL could
 *   change under the client's feet), and
 * - a key that appears twice in one object (JSON.parse keeps the last one; another parser may keep
 *   the first, so the request would mean different things to different readers), and
 * - the key `__proto__` anywhere: JSON.parse makes it an own property, but zod and any code that
 *   copies objects by assignment drop it or turn it into a prototype, so what is validated is not
 *   what was sent.
 * Runs after the size and content-type guards and before the zod validator, which then reads the
 * same cached bytes.
 */
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./errors";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Index of the quote that closes the string opening at `start` (text is valid JSON). */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (text.charCodeAt(i) !== QUOTE) i += text.charCodeAt(i) === BACKSLASH ? 2 : 1;
  return i;
}

export type KeyProblem = { problem: "duplicate" | "forbidden"; key: string };

const FORBIDDEN_KEY = "__proto__";

/**
 * The first key of `text` that occurs twice in one object (compared after unescaping: `"a"` and
 * `"\u0061"` are the same key) or is `__proto__`, or null. `text` must already be valid JSON.
 * Iterative, so 10,000 levels of nesting cost a stack of 10,000 entries, not a stack overflow.
 */
export function findKeyProblem(text: string): KeyProblem | null {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const end = endOfString(text, i);
      const keys = open[open.length - 1];
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (key === FORBIDDEN_KEY) return { problem: "forbidden", key };
        if (keys.has(key)) return { problem: "duplicate", key };
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (ch === "{") {
      open.push(new Set());
      expectKey = true;
    } else if (ch === "[") {
      open.push(null);
      expectKey = false;
    } else if (ch === "}" || ch === "]") {
      open.pop();
      expectKey = false;
    } else if (ch === ",") {
      expectKey = open[open.length - 1] != null;
    }
  }
  return null;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Refuses bodies that are not UTF-8, not JSON, repeat a key or use `__proto__`, with `invalid_request`. */
export const strictJsonBody: MiddlewareHandler = async (c, next) => {
  // Read errors (e.g. the size guard cutting a streamed body) propagate as they are.
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ApiError("invalid_request", "The request body is not valid UTF-8.");
  }
  try {
    JSON.parse(text);
  } catch {
    // The parser's own message quotes the body back; a fixed sentence is enough.
    throw new ApiError("invalid_request", "The request body is not valid JSON.");
  }
  const found = findKeyProblem(text);
  if (found !== null) {
    const message =
      found.problem === "duplicate"
        ? "The request body repeats a key in one object."
        : "The request body uses the key __proto__, which is not allowed.";
    throw new ApiError("invalid_request", message, { key: found.key.slice(0, 100) });
  }
  await next();
};
