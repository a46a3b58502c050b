/**
 * The SSRF guard (src/probe/url-guard.ts) on a comparison's two targets, as the domain sees it: a
 * refusal is a value for the queue's starts (a watch or suite item that will be refused again is
 * skipped, not retried) and a `blocked_target` error for a client, who is told which URL and why.
 */
import { DomainError } from "../errors";
import { checkTarget } from "../probe/url-guard";

export interface TargetRefusal {
  field: "leftUrl" | "rightUrl";
  message: string;
}

/** The first of the two targets the guard refuses, or null when both may be probed. */
export function refusedTarget(env: Env, urls: { leftUrl: string; rightUrl: string }): TargetRefusal | null {
  const allowPrivate = env.ALLOW_PRIVATE_TARGETS === "true";
  for (const field of ["leftUrl", "rightUrl"] as const) {
    const verdict = checkTarget(urls[field], { allowPrivate });
    if (!verdict.ok) return { field, message: `${field} is not allowed: ${verdict.reason}` };
  }
  return null;
}

export function blockedTarget(refusal: TargetRefusal): DomainError {
  return new DomainError("blocked_target", refusal.message, { field: refusal.field });
}

/** Throws `blocked_target` unless the guard allows both targets. */
export function checkTargets(env: Env, urls: { leftUrl: string; rightUrl: string }): void {
  const refusal = refusedTarget(env, urls);
  if (refusal) throw blockedTarget(refusal);
}
