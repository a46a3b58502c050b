/**
 * Helpers for calling EnvPairDO in tests. RPC promises are custom thenables, so a
 * rejection is caught inside an async function rather than with `expect().rejects`.
 */
import { env } from "cloudflare:workers";
import { computePairKey } from "../../src/pair-key";

/** The error a call rejects with, or fails the test when it resolves. */
export async function rejectionOf(call: () => Promise<unknown>): Promise<Error> {
  try {
    await call();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to reject, but it resolved");
}

let counter = 0;

/** A fresh pair of URLs, its key and its object's stub: every test gets its own object. */
export async function freshPair(label = "pair") {
  counter += 1;
  const nonce = `${label}-${counter}-${crypto.randomUUID().slice(0, 8)}`;
  const leftUrl = `https://staging-${nonce}.example.com/health`;
  const rightUrl = `https://www-${nonce}.example.com/health`;
  const pairKey = await computePairKey(leftUrl, rightUrl);
  return { leftUrl, rightUrl, pairKey, stub: env.ENV_PAIR.getByName(pairKey) };
}
