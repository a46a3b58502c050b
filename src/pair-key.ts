/**
 * The pair key: which Durable Object owns a pair of environments (contract § Identifiers).
 * Order-independent, so (staging, prod) and (prod, staging) share one history.
 *
 * A POST is part of what a pair is: a GraphQL endpoint asked two different queries answers two
 * different things, so each query is its own pair with its own history. The key of a POST covers
 * its body: a JSON body by its canonical form (key order aside), a text body with its content type.
 * GET and HEAD keep the key of their URLs alone, as before bodies existed. A body marked secret
 * takes part only as "a secret body of this kind": the key is public (ids, addresses, the page),
 * and a digest of a secret would let anyone confirm a guess of it.
 */
import { canonicalJson, sha256Hex } from "./digest";
import { type BodyInput, sentBody } from "./request-body";

/** What of a request names its pair, beyond the URLs: its method, and its body for a POST. */
export interface PairRequest {
  method?: string;
  body?: BodyInput;
}

/** The body as the key reads it: content for a plain body, only its kind for a secret one. */
function bodyIdentity(body: BodyInput | undefined): string {
  if (body === undefined) return "none";
  const { contentType } = sentBody(body);
  if (body.secret) return `secret ${contentType}`;
  // JSON by its canonical form: the same query with its keys in another order is the same pair.
  return "text" in body ? `${contentType}\n${body.text ?? ""}` : `${contentType}\n${canonicalJson(body.json)}`;
}

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

export async function computePairKey(leftUrl: string, rightUrl: string, request: PairRequest = {}): Promise<string> {
  const [a, b] = [normalizeUrl(leftUrl), normalizeUrl(rightUrl)].sort();
  // A separator that cannot occur inside a URL keeps ("ab", "c") apart from ("a", "bc").
  const urls = `${a}\n${b}`;
  if (request.method !== "POST") return sha256Hex(urls);
  return sha256Hex(`${urls}\nPOST\n${bodyIdentity(request.body)}`);
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
