/**
 * Request headers a comparison must send but never store in clear. The API seals every header
 * value (shared and per side) into one value before anything leaves the handler: Workflow params,
 * the object's row and the directory carry that sealed value plus the options as readers see
 * them (names only: reader-view.ts). Only the workflow's probe step opens it, just before
 * sending (src/workflow/compare-workflow.ts).
 */
import type { Side } from "../shapes/envelope";
import type { CompareOptions } from "../shapes/options";
import { loadKeyring, open, type SecretsEnv, seal } from "./crypto";
import { PLACEHOLDER, readerOptions } from "./reader-view";

type HeaderMap = Record<string, string>;

/** What is sealed: every header value the client sent, by where it applies. */
interface SealedHeaders {
  headers: HeaderMap;
  left: HeaderMap;
  right: HeaderMap;
}

/**
 * The headers one side is sent: the shared ones with that side's merged over them. Header names
 * are case-insensitive, so a side's `authorization` replaces a shared `Authorization`.
 */
export function headersForSide(shared: HeaderMap, own: HeaderMap | undefined): HeaderMap {
  const merged = new Map<string, [string, string]>();
  for (const [name, value] of Object.entries(shared)) merged.set(name.toLowerCase(), [name, value]);
  for (const [name, value] of Object.entries(own ?? {})) merged.set(name.toLowerCase(), [name, value]);
  return Object.fromEntries(merged.values());
}

function hasHeaders(options: CompareOptions): boolean {
  const count = (h: HeaderMap | undefined) => Object.keys(h ?? {}).length;
  return count(options.headers) + count(options.left?.headers) + count(options.right?.headers) > 0;
}

/**
 * Seals the header values of validated options. `sealedHeaders` is null when there are no headers
 * (nothing to keep, so no key is needed); otherwise a missing key throws SecretsConfigError.
 */
export async function sealRequestHeaders(
  env: SecretsEnv,
  options: CompareOptions,
): Promise<{ options: CompareOptions; sealedHeaders: string | null }> {
  if (!hasHeaders(options)) return { options, sealedHeaders: null };
  const secrets: SealedHeaders = {
    headers: options.headers,
    left: options.left?.headers ?? {},
    right: options.right?.headers ?? {},
  };
  const sealedHeaders = await seal(await loadKeyring(env), "request-headers", JSON.stringify(secrets));
  return { options: readerOptions(options), sealedHeaders };
}

/**
 * The headers to send to `side`. Without a sealed value the options carry them as they are: no
 * headers at all, or a run started before headers were sealed.
 */
export async function openRequestHeaders(
  env: SecretsEnv,
  options: CompareOptions,
  sealedHeaders: string | null | undefined,
  side: Side,
): Promise<HeaderMap> {
  // The placeholder is never sent: a value that reads it was never kept (a row from before sealing).
  if (!sealedHeaders) return withoutPlaceholders(headersForSide(options.headers, options[side]?.headers));
  const secrets = JSON.parse(await open(await loadKeyring(env), "request-headers", sealedHeaders)) as SealedHeaders;
  return headersForSide(secrets.headers, secrets[side]);
}

function withoutPlaceholders(headers: HeaderMap): HeaderMap {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== PLACEHOLDER));
}
