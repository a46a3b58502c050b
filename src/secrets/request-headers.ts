/**
 * Request headers a comparison must send but never store in clear. The API seals every header
 * value (shared and per side) into one value before anything leaves the handler: Workflow params,
 * the object's row and the directory carry that sealed value plus the options as readers see
 * them (names only: reader-view.ts). The workflow's probe step opens it, just before sending
 * (src/workflow/compare-workflow.ts); a suite's path rebinds its suite's value to its own pair.
 *
 * Each sealed value is bound to its row and column (crypto.ts) and holds each side's headers bound
 * to the URL they are for (header-set.ts), so nothing follows a position or another row.
 */
import type { BodyInput } from "../request-body";
import type { Side } from "../shapes/envelope";
import type { CompareOptions } from "../shapes/options";
import {
  type Keyring,
  loadKeyring,
  open,
  pairOwner,
  reseal,
  type SealBinding,
  type SecretsEnv,
  SecretsOpenError,
  seal,
  suiteOwner,
} from "./crypto";
import {
  type HeaderSet,
  headerSetOf,
  headersFor,
  headersForSide,
  isEmptySet,
  parseHeaderSet,
  rebindSides,
  type SideUrls,
} from "./header-set";
import { PLACEHOLDER, readerOptions } from "./reader-view";

export { headersForSide, type SideUrls } from "./header-set";

type HeaderMap = Record<string, string>;

/** Where a sealed header value lives: its row and column, and the URLs its two sides are for. */
export interface HeadersPlace {
  binding: SealBinding;
  sides: SideUrls;
}

/** A comparison's or a pair watch's headers: the pair's row, its two URLs. */
export function pairHeadersPlace(pairKey: string, urls: SideUrls): HeadersPlace {
  return { binding: { purpose: "request-headers", owner: pairOwner(pairKey) }, sides: urls };
}

/** A pair's saved headers: the pair's settings, the URLs its `left` and `right` named when saved. */
export function pairSettingsPlace(pairKey: string, urls: SideUrls): HeadersPlace {
  return { binding: { purpose: "pair-settings", owner: pairOwner(pairKey) }, sides: urls };
}

/** A suite's headers: the suite's row, its two bases. */
export function suiteHeadersPlace(suiteId: string, bases: { leftBase: string; rightBase: string }): HeadersPlace {
  return {
    binding: { purpose: "request-headers", owner: suiteOwner(suiteId) },
    sides: { left: bases.leftBase, right: bases.rightBase },
  };
}

/** Options that may hold what is sealed: header values, shared and per side, and a secret body. */
export type SealableOptions = Pick<CompareOptions, "headers" | "left" | "right"> & { body?: BodyInput };

function hasSecrets(options: SealableOptions): boolean {
  const count = (h: HeaderMap | undefined) => Object.keys(h ?? {}).length;
  const headers = count(options.headers) + count(options.left?.headers) + count(options.right?.headers);
  return headers > 0 || options.body?.secret === true;
}

/**
 * Seals the header values (and a secret body) of validated options for `place`. `sealedHeaders` is
 * null when there is nothing to seal (so no key is needed); otherwise a missing key throws
 * SecretsConfigError.
 */
export async function sealRequestHeaders<T extends SealableOptions>(
  env: SecretsEnv,
  options: T,
  place: HeadersPlace,
): Promise<{ options: T; sealedHeaders: string | null }> {
  if (!hasSecrets(options)) return { options, sealedHeaders: null };
  const set = headerSetOf(options, place.sides);
  const sealedHeaders = await seal(await loadKeyring(env), place.binding, JSON.stringify(set));
  return { options: readerOptions(options), sealedHeaders };
}

async function openSet(keyring: Keyring, sealed: string, place: HeadersPlace): Promise<HeaderSet> {
  return parseHeaderSet(await open(keyring, place.binding, sealed), place.sides);
}

/**
 * The headers to send to `target` (the side about to be probed, and its URL). `place.sides` are
 * the positions a value sealed before sides were bound is read with. Without a sealed value the
 * options carry them as they are: no headers at all, or a run started before headers were sealed.
 */
export async function openRequestHeaders(
  env: SecretsEnv,
  options: SealableOptions,
  sealedHeaders: string | null | undefined,
  place: HeadersPlace,
  target: { side: Side; url: string },
): Promise<HeaderMap> {
  // The placeholder is never sent: a value that reads it was never kept (a row from before sealing).
  if (!sealedHeaders) return withoutPlaceholders(headersForSide(options.headers, options[target.side]?.headers));
  return headersFor(await openSet(await loadKeyring(env), sealedHeaders, place), target);
}

/**
 * A sealed value moved to another row: opened from `from`, each side moved from its URL there to
 * the same side's URL in `to`, sealed for `to`. A suite's headers become one path's comparison's.
 */
export async function rebindRequestHeaders(
  env: SecretsEnv,
  sealed: string,
  from: HeadersPlace,
  to: HeadersPlace,
): Promise<string | null> {
  const keyring = await loadKeyring(env);
  const set = rebindSides(await openSet(keyring, sealed, from), from.sides, to.sides);
  return isEmptySet(set) ? null : seal(keyring, to.binding, JSON.stringify(set));
}

/** What a sealed value holds, by position as `place.sides` names its two sides, with its secret body. */
export interface OpenedValues {
  headers: HeaderMap;
  left: HeaderMap;
  right: HeaderMap;
  body?: BodyInput;
}

/**
 * A sealed value's headers by position, as `place.sides` names its two sides: the shared ones and
 * each side's own (not merged), and its secret body. What a client that only ever saw names means
 * by "keep this one".
 */
export async function openHeaderMaps(env: SecretsEnv, sealed: string, place: HeadersPlace): Promise<OpenedValues> {
  const set = rebindSides(await openSet(await loadKeyring(env), sealed, place), place.sides, place.sides);
  const maps = { headers: set.headers, left: set.sides[0]?.headers ?? {}, right: set.sides[1]?.headers ?? {} };
  return set.body ? { ...maps, body: set.body } : maps;
}

/** The value under the current key, bound to its row, sides bound to URLs; unchanged when already so. */
export function resealRequestHeaders(keyring: Keyring, sealed: string, place: HeadersPlace): Promise<string> {
  return reseal(keyring, place.binding, sealed, (plaintext) => JSON.stringify(parseHeaderSet(plaintext, place.sides)));
}

/** What a comparison's run knows of its headers: its Workflow params. */
export interface RunHeaders {
  pairKey: string;
  leftUrl: string;
  rightUrl: string;
  options: SealableOptions;
  sealedHeaders?: string | null;
  settingsSealedHeaders?: string | null;
}

/**
 * The body the run's probes send, in clear: none, the options' own when it is not secret, or the
 * secret one opened from the run's sealed value (in the probe step only, like headers). Throws
 * SecretsConfigError or SecretsOpenError; a secret body missing from the sealed value is the latter.
 */
export async function bodyToSend(env: SecretsEnv, run: RunHeaders): Promise<BodyInput | undefined> {
  const { body } = run.options;
  if (!body?.secret) return body;
  if (!run.sealedHeaders) throw new SecretsOpenError("the secret request body was not sealed with the run");
  const urls = { left: run.leftUrl, right: run.rightUrl };
  const set = await openSet(await loadKeyring(env), run.sealedHeaders, pairHeadersPlace(run.pairKey, urls));
  if (!set.body) throw new SecretsOpenError("the sealed value holds no request body");
  return set.body;
}

/**
 * What the probe of `side` sends: the pair's saved headers for that side's URL, under the run's own
 * for that URL, name by name (case-insensitive). Throws SecretsConfigError or SecretsOpenError.
 */
export async function headersToSend(env: SecretsEnv, run: RunHeaders, side: Side): Promise<HeaderMap> {
  const urls = { left: run.leftUrl, right: run.rightUrl };
  const target = { side, url: urls[side] };
  const own = await openRequestHeaders(
    env,
    run.options,
    run.sealedHeaders,
    pairHeadersPlace(run.pairKey, urls),
    target,
  );
  if (!run.settingsSealedHeaders) return own;
  const saved = await openRequestHeaders(
    env,
    { headers: {} },
    run.settingsSealedHeaders,
    pairSettingsPlace(run.pairKey, urls),
    target,
  );
  return headersForSide(saved, own);
}

function withoutPlaceholders(headers: HeaderMap): HeaderMap {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== PLACEHOLDER));
}
