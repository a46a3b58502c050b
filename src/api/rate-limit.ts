/**
 * Per-identity (or, without one, per-address) rate limit of POST /api/compare: at most RATE_LIMIT_PER_MINUTE calls in any 60
 * seconds per client ("0" turns it off), answered with 429 `rate_limited` and Retry-After.
 * Mounted before the body is read, so refused calls cost no parsing. Counting happens in a
 * RateLimiterDO per client (rate-limiter-do.ts explains why not the rate-limiting binding).
 */
import type { MiddlewareHandler } from "hono";
import ipaddr from "ipaddr.js";
import type { WindowVerdict } from "../do/sliding-window";
import { messageOf } from "../errors";
import { log } from "../log";
import type { AppEnv } from "./auth";
import { ApiError } from "./errors";

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 60;
/** The client key without CF-Connecting-IP: `wrangler dev` and tests, where every caller is the same one. */
export const LOCAL_CLIENT = "local";

/** RATE_LIMIT_PER_MINUTE as a number; anything that is not a whole number falls back to the default. */
export function parseRateLimit(value: string | undefined): number {
  const text = value?.trim() ?? "";
  if (/^\d{1,9}$/.test(text)) return Number(text);
  if (text !== "") log("warn", "rate_limit.invalid_config", { expected: "a whole number", fallback: 60 });
  return DEFAULT_RATE_LIMIT_PER_MINUTE;
}

/**
 * Who is calling. Cloudflare sets CF-Connecting-IP and clients cannot forge it. An IPv6 client
 * usually holds a whole /64, so it is keyed by that prefix: otherwise each of its 2^64 addresses
 * would get a fresh allowance.
 */
export function clientKey(connectingIp: string | undefined): string {
  if (!connectingIp) return LOCAL_CLIENT;
  try {
    const address = ipaddr.process(connectingIp.trim());
    if (address.kind() === "ipv4") return `ip4:${address.toString()}`;
    const prefix = (address as ipaddr.IPv6).toNormalizedString().split(":").slice(0, 4).join(":");
    return `ip6:${prefix}::/64`;
  } catch {
    // Not an address (only possible without Cloudflare in front): still a stable, bounded key.
    return `raw:${connectingIp.slice(0, 64)}`;
  }
}

/**
 * Whom a call counts against: its identity when it has one (a token or an Access user keeps its
 * allowance whatever address it calls from, and a shared NAT does not pool strangers), its address otherwise.
 */
export function rateKey(identityId: string | null, connectingIp: string | undefined): string {
  return identityId === null ? clientKey(connectingIp) : `id:${identityId.slice(0, 200)}`;
}

export const rateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  const limit = parseRateLimit(c.env.RATE_LIMIT_PER_MINUTE);
  if (limit === 0) return next();
  const identity = c.get("identity");
  const named = identity && identity.kind !== "anonymous" ? identity.id : null;
  const key = rateKey(named, c.req.header("cf-connecting-ip"));
  let verdict: WindowVerdict;
  try {
    verdict = await c.env.RATE_LIMITER.getByName(key).hit(limit);
  } catch (error) {
    // Fail open: a limiter that cannot be reached must not take the API down with it.
    log("warn", "rate_limit.unavailable", { message: messageOf(error) });
    return next();
  }
  if (!verdict.allowed) {
    const seconds = verdict.retryAfterSeconds;
    throw new ApiError(
      "rate_limited",
      `Too many comparisons from ${named ?? "this client"}: at most ${limit} per minute. Try again in ${seconds} s.`,
      { limit, retryAfterSeconds: seconds },
      { "Retry-After": String(seconds) },
    );
  }
  await next();
};
