/**
 * Carries out a watch plan (src/directory/watch-plan.ts): seals a new webhook secret, seals the
 * header values of options given in the PUT, or copies the options and sealed headers of the
 * comparison the watch is set from. Nothing here is stored in clear.
 */
import type { PairRow } from "../db/directory-schema";
import { sealWebhookSecret } from "../directory/secret-upkeep";
import type { WatchSettings } from "../directory/store";
import type { WatchPlan } from "../directory/watch-plan";
import { newWebhookSecret } from "../directory/webhook";
import type { RunSettings } from "../do/env-pair-do";
import { parseComparisonId } from "../pair-key";
import { REDACTED } from "../probe/redact";
import { loadKeyring, pairOwner, SecretsConfigError, SecretsOpenError } from "../secrets/crypto";
import { readerOptions } from "../secrets/reader-view";
import { pairHeadersPlace, resealRequestHeaders } from "../secrets/request-headers";
import type { CompareOptions } from "../shapes/options";
import { ApiError } from "./errors";
import { sealOptions } from "./start-comparison";

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
      sealedSecret = await sealWebhookSecret(env, webhookSecret, pairOwner(pair.pairKey));
    } catch (error) {
      if (error instanceof SecretsConfigError)
        throw new ApiError("internal", `${error.message} The watch was not changed.`);
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
      // `left` and `right` name the pair's URLs as the directory shows them now; each side's headers
      // stay with that URL (src/secrets/header-set.ts).
      const place = pairHeadersPlace(pair.pairKey, { left: pair.leftUrl, right: pair.rightUrl });
      const sealed = await sealOptions(env, source.options, place);
      return { optionsJson: JSON.stringify(sealed.options), sealedHeaders: sealed.sealedHeaders };
    }
    case "comparison": {
      const ours = parseComparisonId(source.comparisonId)?.pairKey === pair.pairKey;
      const run = ours ? await env.ENV_PAIR.getByName(pair.pairKey).getRunSettings(source.comparisonId) : null;
      if (run)
        return { optionsJson: JSON.stringify(readerOptions(run.options)), sealedHeaders: await copied(env, pair, run) };
      // The pair's newest comparison is gone (a rebuilt directory): the watch runs with the defaults.
      if (!source.named) return { optionsJson: null, sealedHeaders: null };
      if (!ours) {
        throw new ApiError("invalid_request", "comparisonId is not a comparison of this pair.", {
          field: "comparisonId",
        });
      }
      throw new ApiError("not_found", `No comparison ${source.comparisonId}: it left the ring. Give options instead.`);
    }
  }
}

/**
 * A comparison's sealed headers for the watch: the same row and column (a pair's request headers),
 * so copied as they are once current; one sealed before sides were bound is bound here to that
 * comparison's own URLs, whatever order the directory shows now.
 */
async function copied(env: Env, pair: PairRow, run: RunSettings): Promise<string | null> {
  if (run.sealedHeaders === null) return null;
  try {
    const place = pairHeadersPlace(pair.pairKey, { left: run.leftUrl, right: run.rightUrl });
    return await resealRequestHeaders(await loadKeyring(env), run.sealedHeaders, place);
  } catch (error) {
    if (error instanceof SecretsConfigError)
      throw new ApiError("internal", `${error.message} The watch was not changed.`);
    if (error instanceof SecretsOpenError) {
      throw new ApiError(
        "invalid_request",
        `That comparison's headers can no longer be opened (${error.message}). Give options instead.`,
        { field: "comparisonId" },
      );
    }
    throw error;
  }
}

/**
 * Options copied from a comparison as a reader sees them carry "[redacted]" where credentials were:
 * a watch would send that text to the target. Refused, pointing at what works.
 */
function refuseRedacted(options: CompareOptions): void {
  const all = [options.headers, options.left?.headers ?? {}, options.right?.headers ?? {}];
  if (all.some((headers) => Object.values(headers).includes(REDACTED))) {
    throw new ApiError(
      "invalid_request",
      `A header value is "${REDACTED}": send the real value, or give comparisonId to reuse that comparison's headers.`,
      { field: "options" },
    );
  }
}
