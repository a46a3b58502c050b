/**
 * Carries out a watch plan (src/watches/plan.ts): seals a new webhook secret, seals the
 * header values of options given in the PUT, or copies the options and sealed headers of the
 * comparison the watch is set from. Nothing here is stored in clear.
 */

import { sealOptions } from "../compare/start";
import type { PairRow } from "../db/d1-schema";
import type { WatchSettings } from "../directory/store";
import { DomainError } from "../errors";
import { parseComparisonId } from "../pair-key";
import { REDACTED } from "../probe/redact";
import { SecretsConfigError } from "../secrets/crypto";
import type { CompareOptions } from "../shapes/options";
import type { WatchPlan } from "./plan";
import { sealWebhookSecret } from "./secret-upkeep";
import { newWebhookSecret } from "./webhook";

export interface PlannedWatch {
  settings: WatchSettings;
  /** The new signing secret in clear, for the response only; null when the webhook did not change. */
  webhookSecret: string | null;
}

export async function watchSettings(env: Env, pair: PairRow, plan: WatchPlan): Promise<PlannedWatch> {
  let webhookUrl = pair.watchWebhookUrl;
  let sealedSecret = pair.watchWebhookSecret;
  let webhookSecret: string | null = null;
  if (plan.webhook.kind === "remove") {
    webhookUrl = null;
    sealedSecret = null;
  } else if (plan.webhook.kind === "new") {
    webhookUrl = plan.webhook.url;
    webhookSecret = newWebhookSecret();
    try {
      sealedSecret = await sealWebhookSecret(env, webhookSecret);
    } catch (error) {
      if (error instanceof SecretsConfigError)
        throw new DomainError("secrets_unavailable", `${error.message} The watch was not changed.`);
      throw error;
    }
  }
  const { optionsJson, sealedHeaders } = await watchOptions(env, pair, plan);
  return {
    settings: {
      intervalMinutes: plan.intervalMinutes,
      enabled: plan.enabled,
      webhookUrl,
      webhookSecret: sealedSecret,
      optionsJson,
      sealedHeaders,
      nextDueAt: plan.nextDueAt,
    },
    webhookSecret,
  };
}

async function watchOptions(env: Env, pair: PairRow, plan: WatchPlan) {
  const source = plan.options;
  switch (source.kind) {
    case "keep":
      return { optionsJson: pair.watchOptionsJson, sealedHeaders: pair.watchSealedHeaders };
    case "defaults":
      return { optionsJson: null, sealedHeaders: null };
    case "given": {
      refuseRedacted(source.options);
      const sealed = await sealOptions(env, source.options);
      return { optionsJson: JSON.stringify(sealed.options), sealedHeaders: sealed.sealedHeaders };
    }
    case "comparison": {
      const ours = parseComparisonId(source.comparisonId)?.pairKey === pair.pairKey;
      const run = ours ? await env.ENV_PAIR.getByName(pair.pairKey).getRunSettings(source.comparisonId) : null;
      if (run) return { optionsJson: JSON.stringify(run.options), sealedHeaders: run.sealedHeaders };
      // The pair's newest comparison is gone (a rebuilt directory): the watch runs with the defaults.
      if (!source.named) return { optionsJson: null, sealedHeaders: null };
      if (!ours) {
        throw new DomainError("invalid_request", "comparisonId is not a comparison of this pair.", {
          field: "comparisonId",
        });
      }
      throw new DomainError(
        "not_found",
        `No comparison ${source.comparisonId}: it left the ring. Give options instead.`,
      );
    }
  }
}

/**
 * Options copied from a comparison as a reader sees them carry "[redacted]" where credentials were:
 * a watch would send that text to the target. Refused, pointing at what works.
 */
function refuseRedacted(options: CompareOptions): void {
  const all = [options.headers, options.left?.headers ?? {}, options.right?.headers ?? {}];
  if (all.some((headers) => Object.values(headers).includes(REDACTED))) {
    throw new DomainError(
      "invalid_request",
      `A header value is "${REDACTED}": send the real value, or give comparisonId to reuse that comparison's headers.`,
      { field: "options" },
    );
  }
}
