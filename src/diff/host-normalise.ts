/**
 * Host normalisation: staging bodies and headers naturally mention the staging host. Occurrences of
 * the left origin / host on the left side are rewritten to the right one before comparing, so
 * `https://staging.example.com/x` vs `https://www.example.com/x` is not reported (api-diff #7).
 * Only comparison inputs are rewritten; reported values show what each side really sent.
 */
import type { SignalEnvelope } from "../shapes/envelope";

export type Normaliser = (leftValue: string) => string;

/**
 * Builds the rewrite for this pair from both the requested and the final URLs, or returns null when
 * the hosts are the same and there is nothing to rewrite.
 */
export function hostNormaliser(left: SignalEnvelope, right: SignalEnvelope): Normaliser | null {
  const map = new Map<string, string>();
  addPair(map, left.url, right.url);
  addPair(map, left.finalUrl, right.finalUrl);
  if (map.size === 0) return null;

  // Longest first, so an origin wins over the bare host it contains.
  const alternatives = [...map.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  // Boundaries keep `example.com` from matching inside `myexample.com`, `example.com.au` or
  // `example.com:8443` (another port is another service).
  const pattern = new RegExp(
    `(?<![A-Za-z0-9.-])(?:${alternatives.join("|")})(?![A-Za-z0-9-]|\\.[A-Za-z0-9]|:[0-9])`,
    "gi",
  );
  return (value) => value.replace(pattern, (match) => map.get(match.toLowerCase()) ?? match);
}

function addPair(map: Map<string, string>, leftUrl: string, rightUrl: string): void {
  const l = parse(leftUrl);
  const r = parse(rightUrl);
  if (!l || !r) return;
  // URL already lowercases scheme and host; `host` keeps a non-default port, `hostname` does not.
  const pairs: [string, string][] = [
    [l.origin, r.origin],
    [l.host, r.host],
    [l.hostname, r.hostname],
  ];
  for (const [from, to] of pairs) {
    if (from && from !== to && from !== "null" && !map.has(from)) map.set(from, to);
  }
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
