/**
 * Content-Security-Policy compared by directive, so a reader learns whether one environment lets
 * more run than the other, not just that two long strings differ.
 *
 * A side is looser in a directive when the directive (or the one it falls back to, `default-src`
 * for fetch directives) restricts the other side but not this one, or allows a source the other
 * does not. `'unsafe-inline'` counts only where the list has no nonce or hash (browsers ignore it
 * then). Severity, the same whichever side is looser:
 * - `high`: script execution loosened: `default-src`, `script-src*` or `object-src` unrestricted,
 *   or gaining `'unsafe-inline'`, `'unsafe-eval'`, `'unsafe-hashes'`, `*`, `data:`, `blob:`,
 *   `http:` or `https:`;
 * - `medium`: any other directive removed or loosened (`frame-ancestors`, `form-action`, a new
 *   image host, a sandbox permission, `upgrade-insecure-requests`…);
 * - `low`: only the reporting endpoints (`report-uri`, `report-to`) differ;
 * - `info`: the same directives and sources, written in another order or case.
 */
import type { Severity } from "../shapes/result";

type Policy = Map<string, string[]>;

const REPORTING = new Set(["report-uri", "report-to"]);

/** Where each fetch directive falls back to when a policy does not name it (CSP Level 3 §6.8). */
const FALLBACK: Record<string, readonly string[]> = {
  "script-src-elem": ["script-src", "default-src"],
  "script-src-attr": ["script-src", "default-src"],
  "style-src-elem": ["style-src", "default-src"],
  "style-src-attr": ["style-src", "default-src"],
  "frame-src": ["child-src", "default-src"],
  "worker-src": ["child-src", "script-src", "default-src"],
  "script-src": ["default-src"],
  "style-src": ["default-src"],
  "img-src": ["default-src"],
  "connect-src": ["default-src"],
  "font-src": ["default-src"],
  "media-src": ["default-src"],
  "object-src": ["default-src"],
  "manifest-src": ["default-src"],
  "child-src": ["default-src"],
  "fenced-frame-src": ["default-src"],
};

const SCRIPT_DIRECTIVES = new Set(["default-src", "script-src", "script-src-elem", "script-src-attr", "object-src"]);
const DANGEROUS = new Set([
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'unsafe-hashes'",
  "*",
  "data:",
  "blob:",
  "http:",
  "https:",
]);

const isNonceOrHash = (source: string) => /^'(nonce|sha256|sha384|sha512)-/.test(source);

/** Directive → sources, lowercase; the first of a repeated directive wins, as in browsers. */
export function parsePolicy(header: string): Policy {
  const policy: Policy = new Map();
  // Two policies in one header (joined by a comma) are both enforced; reading them as one list of
  // directives is close enough to tell which side is looser.
  for (const text of header.split(/[;,]/)) {
    const [name, ...sources] = text.trim().toLowerCase().split(/\s+/);
    if (name && !policy.has(name)) policy.set(name, sources);
  }
  return policy;
}

/** The sources that apply to a directive, or undefined when nothing restricts it. */
function effective(policy: Policy, directive: string): string[] | undefined {
  const own = policy.get(directive);
  if (own) return own;
  for (const fallback of FALLBACK[directive] ?? []) {
    const inherited = policy.get(fallback);
    if (inherited) return inherited;
  }
  return undefined;
}

/** Sources that allow something: nonces and hashes are per response, and `'unsafe-inline'` is void beside them. */
function allowing(sources: readonly string[]): Set<string> {
  const pinned = sources.some(isNonceOrHash);
  return new Set(sources.filter((s) => s !== "'none'" && !isNonceOrHash(s) && !(pinned && s === "'unsafe-inline'")));
}

/** What `x` allows in `directive` beyond `y`: null when not looser, "unrestricted" or the extra sources. */
function looser(x: Policy, y: Policy, directive: string): "unrestricted" | string[] | null {
  const restricted = effective(y, directive);
  if (restricted === undefined) return null;
  const own = effective(x, directive);
  if (own === undefined) return "unrestricted";
  const theirs = allowing(restricted);
  const extra = [...allowing(own)].filter((s) => !theirs.has(s));
  return extra.length > 0 ? extra : null;
}

function canonical(policy: Policy): string {
  return [...policy]
    .map(([name, sources]) => `${name} ${[...sources].sort().join(" ")}`)
    .sort()
    .join(";");
}

export function cspSeverity(left: string, right: string): Severity {
  const l = parsePolicy(left);
  const r = parsePolicy(right);
  if (canonical(l) === canonical(r)) return "info";
  let loosened = false;
  for (const directive of new Set([...l.keys(), ...r.keys()])) {
    if (REPORTING.has(directive)) continue;
    for (const extra of [looser(l, r, directive), looser(r, l, directive)]) {
      if (extra === null) continue;
      const dangerous = extra === "unrestricted" || extra.some((s) => DANGEROUS.has(s));
      if (SCRIPT_DIRECTIVES.has(directive) && dangerous) return "high";
      loosened = true;
    }
  }
  return loosened ? "medium" : "low";
}
