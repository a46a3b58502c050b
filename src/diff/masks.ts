/**
 * Masks: replace the volatile part of a value (a CSRF token, a CSP nonce) on both sides before
 * diffing, so the rest of the value is still compared. Patterns come from users, so they run on
 * re2js, a port of RE2 whose matching time is linear in the input: a pattern such as `(a+)+$`
 * cannot hang a comparison the way it hangs JavaScript's backtracking RegExp.
 *
 * Default masks cover tokens that are random by design: CSP nonces (header and `nonce=""`
 * attributes), CSRF meta tags and hidden inputs. Each has a cheap trigger (a fixed RegExp of ours,
 * never a user's) so a body without "nonce" or "csrf" is not scanned at all.
 */
import { RE2JS } from "re2js";
import type { SignalEnvelope } from "../shapes/envelope";
import type { Mask } from "../shapes/options";

export const MASKED = "[masked]";

interface CompiledMask {
  re: RE2JS;
  replacement: string;
  scope: Mask["in"];
  /** Skip the value unless this matches: only for our own default masks. */
  trigger: RegExp | null;
}

const CSRF_NAME = "(?:csrf[-_]?token|_csrf|csrf|xsrf[-_]?token|_token|authenticity_token|__requestverificationtoken)";

/** Well-known per-response tokens, masked in every comparison. */
export const DEFAULT_MASKS: readonly (Mask & { trigger: RegExp })[] = [
  // CSP: script-src 'nonce-r4nd0m' (header, or a <meta http-equiv> in the page).
  { pattern: "'nonce-[A-Za-z0-9+/=_-]+'", replacement: `'nonce-${MASKED}'`, in: "all", trigger: /nonce-/i },
  // <script nonce="r4nd0m">
  { pattern: `(?i)(\\bnonce=")[^"]*"`, replacement: `$1${MASKED}"`, in: "body", trigger: /nonce=/i },
  // <meta name="csrf-token" content="…"> in either attribute order.
  {
    pattern: `(?i)(<meta\\s[^>]*name="${CSRF_NAME}"[^>]*\\scontent=")[^"]*`,
    replacement: `$1${MASKED}`,
    in: "body",
    trigger: /csrf|xsrf|_token/i,
  },
  {
    pattern: `(?i)(<meta\\s[^>]*content=")[^"]*("[^>]*\\sname="${CSRF_NAME}")`,
    replacement: `$1${MASKED}$2`,
    in: "body",
    trigger: /csrf|xsrf|_token/i,
  },
  // <input type="hidden" name="csrf_token" value="…"> in either attribute order.
  {
    pattern: `(?i)(<input\\s[^>]*name="[^"]*(?:csrf|xsrf|authenticity_token|verificationtoken)[^"]*"[^>]*\\svalue=")[^"]*`,
    replacement: `$1${MASKED}`,
    in: "body",
    trigger: /csrf|xsrf|authenticity_token|verificationtoken/i,
  },
  {
    pattern: `(?i)(<input\\s[^>]*value=")[^"]*("[^>]*\\sname="[^"]*(?:csrf|xsrf|authenticity_token|verificationtoken)[^"]*")`,
    replacement: `$1${MASKED}$2`,
    in: "body",
    trigger: /csrf|xsrf|authenticity_token|verificationtoken/i,
  },
];

function compile(mask: Mask & { trigger?: RegExp }): CompiledMask {
  return {
    re: RE2JS.compile(mask.pattern),
    replacement: mask.replacement ?? MASKED,
    scope: mask.in,
    trigger: mask.trigger ?? null,
  };
}

const COMPILED_DEFAULTS = DEFAULT_MASKS.map(compile);
/** Every default trigger's word in one expression (ours, not a user's). */
const ANY_TRIGGER = /nonce|csrf|xsrf|_token|authenticity|verificationtoken/i;

/** The masks of one comparison: the defaults, then the user's, each applied in order. */
export class MaskSet {
  readonly #masks: readonly CompiledMask[];

  constructor(user: readonly Mask[] = []) {
    this.#masks = [...COMPILED_DEFAULTS, ...user.map(compile)];
  }

  apply(value: string, where: "headers" | "body"): string {
    let out = value;
    // One scan decides whether any default mask can apply; most values hold none of their words.
    const defaultsMayApply = ANY_TRIGGER.test(value);
    for (const mask of this.#masks) {
      if (mask.trigger && !defaultsMayApply) continue;
      if (mask.scope !== "all" && mask.scope !== where) continue;
      if (mask.trigger && !mask.trigger.test(out)) continue;
      // The replacement is the user's: `$1` refers to a group, `$$` is a literal dollar.
      out = mask.re.matcher(out).replaceAll(mask.replacement);
    }
    return out;
  }

  /** Two strings that are the same once masked (used on JSON leaves, which are masked lazily). */
  same(a: string, b: string): boolean {
    return a === b || this.apply(a, "body") === this.apply(b, "body");
  }

  /**
   * A copy of the envelope with headers and body text masked; JSON is left as it is and compared
   * through `same`, so a 1 MiB document is not copied to mask the few strings that differ.
   */
  envelope(envelope: SignalEnvelope): SignalEnvelope {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(envelope.headers)) {
      // set-cookie holds names and attributes only (src/probe/set-cookie.ts): nothing to mask.
      headers[name] = name === "set-cookie" ? value : this.apply(value, "headers");
    }
    const body = envelope.body;
    const text = body?.text;
    // A parsed JSON body is compared through its values (see `same`), never through its text.
    const parsed = body?.kind === "json" && body.json !== undefined;
    const masked = body && text !== undefined && !parsed ? { ...body, text: this.apply(text, "body") } : body;
    return { ...envelope, headers, body: masked };
  }
}
