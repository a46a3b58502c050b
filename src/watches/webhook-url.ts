/** The SSRF guard on a watch's webhook URL (pair and suite watches alike). */

import { DomainError } from "../errors";
import { checkTarget } from "../probe/url-guard";

/** A webhook is a request envdiff sends on the user's behalf: the same guard as the probes. */
export function guardWebhookUrl(env: Env, webhookUrl: string | null | undefined): void {
  if (!webhookUrl) return;
  const verdict = checkTarget(webhookUrl, { allowPrivate: env.ALLOW_PRIVATE_TARGETS === "true" });
  if (!verdict.ok) {
    throw new DomainError("blocked_target", `webhookUrl is not allowed: ${verdict.reason}`, { field: "webhookUrl" });
  }
}
