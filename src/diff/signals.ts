/**
 * The small, whole-envelope signals: probe errors, status, redirect chain and timing. Each adds at
 * most one difference, at /error, /status, /redirects or /timing/totalMs.
 */
import type { RedirectHop, SignalEnvelope } from "../shapes/envelope";
import type { Collector } from "./collector";
import type { Normaliser } from "./host-normalise";
import { SEVERITY, statusSeverity } from "./rules";

/** Unreachable is data: an error on one side, or different codes, is `high`. Messages may differ freely. */
export function diffError(left: SignalEnvelope, right: SignalEnvelope, out: Collector): void {
  const l = left.error;
  const r = right.error;
  if (!l && !r) return;
  if (l && r && l.code === r.code) return;
  const change = !l ? "added" : !r ? "removed" : "changed";
  out.add("error", "/error", change, SEVERITY.error, l ? { ...l } : null, r ? { ...r } : null);
}

export function diffStatus(left: SignalEnvelope, right: SignalEnvelope, out: Collector): void {
  if (left.status === right.status) return;
  out.add("status", "/status", "changed", statusSeverity(left.status, right.status), left.status, right.status);
}

/** Chains are compared as (status, Location) sequences; hop URLs follow from the previous Location. */
export function diffRedirects(
  left: SignalEnvelope,
  right: SignalEnvelope,
  out: Collector,
  normalise: Normaliser | null,
): void {
  const l = left.redirects;
  const r = right.redirects;
  const same =
    l.length === r.length &&
    l.every((hop, i) => {
      const other = r[i];
      if (!other || hop.status !== other.status) return false;
      const location = hop.location !== null && normalise ? normalise(hop.location) : hop.location;
      return location === other.location;
    });
  if (same) return;
  const change = l.length === 0 ? "added" : r.length === 0 ? "removed" : "changed";
  out.add("redirect", "/redirects", change, SEVERITY.redirect, hops(l), hops(r));
}

function hops(chain: readonly RedirectHop[]): { status: number; location: string | null }[] {
  return chain.map(({ status, location }) => ({ status, location }));
}

/** Both conditions must hold: a ratio alone flags 5 ms vs 12 ms, a gap alone flags 3.0 s vs 3.4 s. */
export function diffTiming(
  left: SignalEnvelope,
  right: SignalEnvelope,
  out: Collector,
  ratio: number,
  minMs: number,
): void {
  const a = left.timing.totalMs;
  const b = right.timing.totalMs;
  const slow = Math.max(a, b);
  const fast = Math.min(a, b);
  if (slow >= fast * ratio && slow - fast >= minMs) {
    out.add("timing", "/timing/totalMs", "changed", SEVERITY.timing, a, b);
  }
}
