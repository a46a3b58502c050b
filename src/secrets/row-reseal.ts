/**
 * One D1 row's sealed values made current: the watch's webhook secret (sealed if it was kept in
 * clear before sealing existed), the request headers (any older key or format, each side bound to
 * its URL), and the options view reduced to header names. Shared by the tick's passes over watches
 * and suites (src/watches/secret-upkeep.ts).
 */
import type { CompareOptions } from "../shapes/options";
import { isSealed, type Keyring, reseal, type SealOwner, seal } from "./crypto";
import { headerSetOf } from "./header-set";
import { hasClearValues, PLACEHOLDER, readerOptions } from "./reader-view";
import { type HeadersPlace, resealRequestHeaders } from "./request-headers";

/** What one pass of the tick's upkeep did. */
export interface ResealReport {
  /** Rows (or objects' values) written again. */
  resealed: number;
  /** Rows or objects with a value no configured key opens (rotated out too early, or altered). */
  failed: string[];
}

export interface SealedColumns {
  webhookSecret: string | null;
  sealedHeaders: string | null;
  optionsJson: string | null;
}

type HeaderMap = Record<string, string>;
const kept = (headers: HeaderMap | undefined) =>
  Object.fromEntries(Object.entries(headers ?? {}).filter(([, value]) => value !== PLACEHOLDER));

/**
 * The row's columns as they should be now. Throws SecretsOpenError for a value no key opens (the
 * caller counts it and leaves the row). Only what is not current changes.
 */
export async function resealColumns(
  keyring: Keyring,
  row: SealedColumns,
  owner: SealOwner,
  place: HeadersPlace,
): Promise<SealedColumns> {
  const webhook = { purpose: "webhook-secret", owner } as const;
  const webhookSecret =
    row.webhookSecret === null
      ? null
      : isSealed(row.webhookSecret)
        ? await reseal(keyring, webhook, row.webhookSecret)
        : await seal(keyring, webhook, row.webhookSecret);
  let sealedHeaders = row.sealedHeaders === null ? null : await resealRequestHeaders(keyring, row.sealedHeaders, place);
  let optionsJson = row.optionsJson;
  if (optionsJson !== null) {
    const options = JSON.parse(optionsJson) as CompareOptions;
    if (hasClearValues(options)) {
      // Written before headers were sealed: the values were only ever here. Sealed now, so runs still send them.
      if (sealedHeaders === null) {
        const set = headerSetOf(
          {
            headers: kept(options.headers),
            left: { headers: kept(options.left?.headers) },
            right: { headers: kept(options.right?.headers) },
          },
          place.sides,
        );
        sealedHeaders = await seal(keyring, place.binding, JSON.stringify(set));
      }
      optionsJson = JSON.stringify(readerOptions(options));
    }
  }
  return { webhookSecret, sealedHeaders, optionsJson };
}
