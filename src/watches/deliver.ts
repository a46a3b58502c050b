/**
 * One attempt to deliver a watch's drift, in the watch's webhook format: a signed Standard
 * Webhooks POST (`standard`, the body its caller built, unchanged), or a chat message (`slack`,
 * `teams`) rendered from the drift message to the chat's URL, opened from its seal only here. The
 * callers (a pair's workflow, a suite run's end) read the watch, retry and log the same way for
 * every format.
 */
import { messageOf } from "../errors";
import type { DriftMessage } from "./drift-message";
import { openWebhookSecret } from "./secret-upkeep";
import { slackMessage } from "./slack-message";
import type { WatchTarget, WatchWebhook } from "./store";
import { teamsMessage } from "./teams-message";
import { type DeliveryOutcome, deliverChatMessage, deliverWebhook } from "./webhook";

/** What to send: the Standard Webhooks body, or the message a chat renders; each built only when needed. */
export interface DriftContent {
  standard: () => Promise<string>;
  chat: () => Promise<DriftMessage>;
}

/** The body of a chat message in the chat's own format. */
export function chatBody(format: "slack" | "teams", message: DriftMessage): string {
  return JSON.stringify(format === "slack" ? slackMessage(message) : teamsMessage(message));
}

export async function deliverDrift(
  env: Env,
  target: WatchTarget,
  webhook: WatchWebhook,
  webhookId: string,
  content: DriftContent,
): Promise<DeliveryOutcome> {
  let secret: string;
  try {
    secret = await openWebhookSecret(env, webhook.secret, target);
  } catch (error) {
    // No key, a key rotated out too early, or a secret sealed for another watch: only an operator
    // can fix that, not another attempt.
    return { kind: "refused", reason: messageOf(error) };
  }
  const allowPrivate = env.ALLOW_PRIVATE_TARGETS === "true";
  if (webhook.format === "standard") {
    return deliverWebhook(webhook.url, secret, await content.standard(), webhookId, allowPrivate);
  }
  // The chat's URL is the sealed value itself.
  return deliverChatMessage(secret, chatBody(webhook.format, await content.chat()), allowPrivate);
}
