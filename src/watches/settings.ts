/**
 * Setting a watch (PUT …/watch), for a pair or a suite: plan what changes (src/watches/plan.ts),
 * then carry it out: seal a new webhook secret (or a chat's URL, which is its credential), seal the
 * header values of options the PUT gives,
 * or copy the options and sealed headers of the comparison a pair's watch is set from. Nothing here
 * is stored in clear, and the new signing secret is returned once, for the response.
 */
import { sealingOrRefuse } from "../compare/sealing";
import { sealOptions } from "../compare/start";
import type { D1Db } from "../db/d1";
import type { WatchRow } from "../db/d1-schema";
import type { ComparisonSettings } from "../do/env-pair-do";
import { DomainError } from "../errors";
import { computePairKey, type PairRequest, parseComparisonId } from "../pair-key";
import { REDACTED } from "../probe/redact";
import { loadKeyring, SecretsOpenError } from "../secrets/crypto";
import { isPlaceholderBody, readerOptions } from "../secrets/reader-view";
import { pairHeadersPlace, resealRequestHeaders, type SideUrls } from "../secrets/request-headers";
import type { CompareOptions } from "../shapes/options";
import { planWatch, type WatchInput, type WatchPlan } from "./plan";
import { sealWebhookSecret } from "./secret-upkeep";
import { getWatch, putWatch, type WatchTarget } from "./store";
import { maskWebhookUrl } from "./watch-shape";
import { newWebhookSecret } from "./webhook";
import { guardWebhookUrl } from "./webhook-url";

export interface SetWatch {
  watch: WatchRow;
  /** The new signing secret in clear, for the response only; null when the webhook did not change. */
  webhookSecret: string | null;
}

/** What setting a watch needs to know of its target; both are a pair's, null for a suite. */
export interface TargetFacts {
  /** The pair's newest comparison: a watch without options copies it. */
  newest: { comparisonId: string } | null;
  /** The pair's URLs as the directory names them: what the options' `left` and `right` headers are bound to. */
  urls: SideUrls | null;
}

/**
 * Sets the target's watch from a PUT. `facts` reads the target, and throws when there is none
 * (each kind says so in its own words); `updatedBy` is the identity setting it.
 */
export async function setWatch(
  env: Env,
  db: D1Db,
  target: WatchTarget,
  input: WatchInput,
  facts: () => Promise<TargetFacts>,
  by: { updatedBy: string | null; pageOrigin: string | null },
): Promise<SetWatch> {
  guardWebhookUrl(env, input.webhookUrl);
  const known = await facts();
  const existing = await getWatch(db, target);
  const planned = planWatch(existing, input, Date.now(), known.newest);
  if (!planned.ok) throw new DomainError("invalid_request", planned.message, { field: planned.field });
  const { plan } = planned;
  const webhook = await webhookOf(env, target, existing, plan);
  const options = await watchOptions(env, target, known, existing, plan);
  const watch = await putWatch(db, target, {
    intervalMinutes: plan.intervalMinutes,
    enabled: plan.enabled,
    webhookUrl: webhook.url,
    webhookSecret: webhook.sealed,
    webhookFormat: plan.webhookFormat,
    // Where the page was reached by the newest PUT; kept when a PUT came without an origin.
    pageOrigin: by.pageOrigin ?? existing?.pageOrigin ?? null,
    ...options,
    nextDueAt: plan.nextDueAt,
    updatedBy: by.updatedBy,
  });
  return { watch, webhookSecret: webhook.secret };
}

async function webhookOf(env: Env, target: WatchTarget, existing: WatchRow | null, plan: WatchPlan) {
  const kept = { url: existing?.webhookUrl ?? null, sealed: existing?.webhookSecret ?? null, secret: null };
  if (plan.webhook.kind === "keep") return kept;
  if (plan.webhook.kind === "remove") return { url: null, sealed: null, secret: null };
  const { url } = plan.webhook;
  // Sealed for this watch's target: copied to another row, it would not open (src/secrets/crypto.ts).
  const sealing = (value: string) =>
    sealingOrRefuse(() => sealWebhookSecret(env, value, target), "The watch was not changed.");
  if (plan.webhookFormat !== "standard") {
    // A chat's incoming-webhook URL is its credential: sealed like a signing secret (so key
    // rotation's watches pass keeps it current), and the row shows only its scheme and host.
    return { url: maskWebhookUrl(url), sealed: await sealing(url), secret: null };
  }
  const secret = newWebhookSecret();
  return { url, sealed: await sealing(secret), secret };
}

async function watchOptions(
  env: Env,
  target: WatchTarget,
  facts: TargetFacts,
  existing: WatchRow | null,
  plan: WatchPlan,
): Promise<{ optionsJson: string | null; sealedHeaders: string | null }> {
  const source = plan.options;
  switch (source.kind) {
    case "none":
    case "defaults":
      await refuseOtherRequest(target, facts, {});
      return { optionsJson: null, sealedHeaders: null };
    case "keep":
      return { optionsJson: existing?.optionsJson ?? null, sealedHeaders: existing?.sealedHeaders ?? null };
    case "given": {
      refuseRedacted(source.options);
      await refuseOtherRequest(target, facts, source.options);
      // `left` and `right` name the pair's URLs as the directory shows them now; each side's headers
      // stay with that URL (src/secrets/header-set.ts).
      const place = pairHeadersPlace(target.id, facts.urls ?? { left: "", right: "" });
      const sealed = await sealOptions(env, source.options, place, "The watch was not changed.");
      return { optionsJson: JSON.stringify(sealed.options), sealedHeaders: sealed.sealedHeaders };
    }
    case "comparison": {
      const ours = parseComparisonId(source.comparisonId)?.pairKey === target.id;
      const ran = ours ? await env.ENV_PAIR.getByName(target.id).getComparisonSettings(source.comparisonId) : null;
      if (ran) {
        return {
          optionsJson: JSON.stringify(readerOptions(ran.options)),
          sealedHeaders: await copied(env, target, ran),
        };
      }
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
 * A comparison's sealed headers for its pair's watch: the same row and column (a pair's request
 * headers), so copied as they are once current; one sealed before sides were bound is bound here to
 * that comparison's own URLs, whatever order the directory shows now.
 */
async function copied(env: Env, target: WatchTarget, ran: ComparisonSettings): Promise<string | null> {
  if (ran.sealedHeaders === null) return null;
  const place = pairHeadersPlace(target.id, { left: ran.leftUrl, right: ran.rightUrl });
  try {
    const keyring = await sealingOrRefuse(() => loadKeyring(env), "The watch was not changed.");
    return await resealRequestHeaders(keyring, ran.sealedHeaders, place);
  } catch (error) {
    if (!(error instanceof SecretsOpenError)) throw error;
    throw new DomainError(
      "invalid_request",
      `That comparison's headers can no longer be opened (${error.message}). Give options instead.`,
      { field: "comparisonId" },
    );
  }
}

/**
 * A pair's method and body are part of what the pair is (src/pair-key.ts): a pair watch sends the
 * pair's own request, so options that would send another one (a GET on a POST pair, or another body)
 * are refused rather than compared into another pair's history.
 */
async function refuseOtherRequest(target: WatchTarget, facts: TargetFacts, request: PairRequest): Promise<void> {
  if (target.kind !== "pair" || !facts.urls) return;
  if ((await computePairKey(facts.urls.left, facts.urls.right, request)) === target.id) return;
  throw new DomainError(
    "invalid_request",
    "These options send another request than this pair's: its method and body are part of the pair. Give comparisonId (a comparison of this pair), or options with the pair's own method and body.",
    { field: "options" },
  );
}

/**
 * Options copied from a comparison as a reader sees them carry "[redacted]" where credentials were:
 * a watch would send that text to the target. Refused, pointing at what works.
 */
function refuseRedacted(options: CompareOptions): void {
  const all = [options.headers, options.left?.headers ?? {}, options.right?.headers ?? {}];
  if (isPlaceholderBody(options.body)) {
    throw new DomainError(
      "invalid_request",
      `The body is "${REDACTED}": send the real body, or give comparisonId to reuse that comparison's secret body.`,
      { field: "options.body" },
    );
  }
  if (all.some((headers) => Object.values(headers).includes(REDACTED))) {
    throw new DomainError(
      "invalid_request",
      `A header value is "${REDACTED}": send the real value, or give comparisonId to reuse that comparison's headers.`,
      { field: "options" },
    );
  }
}
