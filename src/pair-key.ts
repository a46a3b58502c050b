/**
 * The pair key: which Durable Object owns a pair of environments (contract § Identifiers).
 * Order-independent, so (staging, prod) and (prod, staging) share one history.
 */
import { sha256Hex } from "./digest";

/**
 * WHATWG-normalises a URL for pairing: scheme and host lowercased, default port and
 * fragment dropped, path and query kept as written.
 */
export function normalizeUrl(raw: string): string {
  const url = new URL(raw);
  url.hash = "";
  // The URL parser already lowercases scheme and host and drops a default port.
  return url.href;
}

export async function computePairKey(leftUrl: string, rightUrl: string): Promise<string> {
  const [a, b] = [normalizeUrl(leftUrl), normalizeUrl(rightUrl)].sort();
  // A separator that cannot occur inside a URL keeps ("ab", "c") apart from ("a", "bc").
  return sha256Hex(`${a}\n${b}`);
}

const PAIR_KEY = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isPairKey(value: string): boolean {
  return PAIR_KEY.test(value);
}

export function newComparisonId(pairKey: string): string {
  return `${pairKey}:${crypto.randomUUID()}`;
}

/** Splits a comparisonId at its first `:`; null when it is not `${pairKey}:${uuid}`. */
export function parseComparisonId(comparisonId: string): { pairKey: string } | null {
  const colon = comparisonId.indexOf(":");
  if (colon < 0) return null;
  const pairKey = comparisonId.slice(0, colon);
  const uuid = comparisonId.slice(colon + 1);
  return isPairKey(pairKey) && UUID.test(uuid) ? { pairKey } : null;
}
