/**
 * Discovery: fetches an OpenAPI document or a sitemap and turns it into a suite's paths. The
 * fetch is an ordinary probe (src/probe/probe.ts): the same SSRF guard on the URL and every
 * redirect, the same deadline and the same 1 MiB body cap. Every failure is a 400 with a sentence.
 *
 * The document is always fetched with GET. What it yields follows the suite's method: an OpenAPI
 * document gives its GET operations to a GET or HEAD suite and its POST operations to a POST suite
 * (discover-parse.ts). A sitemap lists pages to read, so a POST suite cannot discover from one.
 */
import { DomainError } from "../errors";
import { probe } from "../probe/probe";
import { checkTarget } from "../probe/url-guard";
import type { CompareOptions } from "../shapes/options";
import { openApiPaths, operationOf, type Parsed, sitemapLocations } from "./discover-parse";
import { pathUnderBase } from "./paths";

export type Discover = { openapi: string } | { sitemap: string };

/** Paths found by `discover`, relative to the left base; throws DomainError when none can be found. */
export async function discoverPaths(
  env: Env,
  discover: Discover,
  leftBase: string,
  options: CompareOptions,
): Promise<string[]> {
  const kind = "openapi" in discover ? "openapi" : "sitemap";
  const url = "openapi" in discover ? discover.openapi : discover.sitemap;
  const allowPrivate = env.ALLOW_PRIVATE_TARGETS === "true";
  if (kind === "sitemap" && options.method === "POST") {
    throw new DomainError(
      "invalid_request",
      "A POST suite cannot discover its paths from a sitemap, which lists pages to GET: give `paths`, or an OpenAPI document whose POST operations it compares.",
      { field: "discover.sitemap" },
    );
  }
  const verdict = checkTarget(url, { allowPrivate });
  if (!verdict.ok) {
    throw new DomainError("blocked_target", `discover.${kind} is not allowed: ${verdict.reason}`, {
      field: `discover.${kind}`,
    });
  }
  const envelope = await probe(url, "left", {
    method: "GET",
    headers: options.headers,
    timeoutMs: options.timeoutMs,
    allowPrivate,
  });
  const where = { field: `discover.${kind}` };
  if (envelope.error) {
    const code = envelope.error.code === "blocked_target" ? "blocked_target" : "invalid_request";
    throw new DomainError(code, `The discovery document could not be fetched: ${envelope.error.message}`, where);
  }
  if (envelope.status === null || envelope.status < 200 || envelope.status > 299) {
    throw new DomainError("invalid_request", `The discovery document answered HTTP ${envelope.status}.`, where);
  }
  if (envelope.body?.truncated) {
    throw new DomainError("invalid_request", "The discovery document is larger than the 1 MiB probe cap.", where);
  }
  const operation = operationOf(options.method);
  const parsed: Parsed =
    kind === "openapi" ? openApiPaths(envelope.body?.json, operation) : sitemapLocations(envelope.body?.text);
  if (!parsed.ok) throw new DomainError("invalid_request", parsed.message, where);
  // A sitemap lists absolute URLs: only those under the left base become paths.
  const paths =
    kind === "sitemap" ? parsed.entries.flatMap((loc) => pathUnderBase(loc, leftBase) ?? []) : parsed.entries;
  if (paths.length === 0) {
    const what =
      kind === "openapi"
        ? `no ${operation.toUpperCase()} operation without required parameters`
        : `no <loc> under ${leftBase}`;
    throw new DomainError("invalid_request", `Discovery found nothing to compare: ${what}.`, where);
  }
  return paths;
}
