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

function hasHeaders(options: Pick<CompareOptions, "headers" | "left" | "right">): boolean {
  const count = (h: HeaderMap | undefined) => Object.keys(h ?? {}).length;
  return count(options.headers) + count(options.left?.headers) + count(options.right?.headers) > 0;
}

/**
 * Seals the header values of validated options for `place`. `sealedHeaders` is null when there are
 * no headers (nothing to keep, so no key is needed); otherwise a missing key throws SecretsConfigError.
 */
export async function sealRequestHeaders<T extends Pick<CompareOptions, "headers" | "left" | "right">>(
  env: SecretsEnv,
  options: T,
  place: HeadersPlace,
): Promise<{ options: T; sealedHeaders: string | null }> {
  if (!hasHeaders(options)) return { options, sealedHeaders: null };
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
  options: Pick<CompareOptions, "headers" | "left" | "right">,
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

/**
 * A sealed value's headers by position, as `place.sides` names its two sides: the shared ones and
 * each side's own (not merged). What a client that only ever saw names means by "keep this one".
 */
export async function openHeaderMaps(
  env: SecretsEnv,
  sealed: string,
  place: HeadersPlace,
): Promise<{ headers: HeaderMap; left: HeaderMap; right: HeaderMap }> {
  const set = rebindSides(await openSet(await loadKeyring(env), sealed, place), place.sides, place.sides);
  return { headers: set.headers, left: set.sides[0]?.headers ?? {}, right: set.sides[1]?.headers ?? {} };
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
  options: Pick<CompareOptions, "headers" | "left" | "right">;
  sealedHeaders?: string | null;
  settingsSealedHeaders?: string | null;
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
