/**
 * Real header names that carry credentials somewhere in the wild (issue 21, finding 1): a list of
 * names could never be complete, which is why envdiff hides every request header value whatever
 * its name. The secrets tests send a unique value under each of these, plus random names.
 */
export const CREDENTIAL_HEADER_NAMES = [
  "Authorization",
  "Proxy-Authorization",
  "Cookie",
  "X-Auth-Key", // Cloudflare's global API key
  "X-Auth-Email",
  "Ocp-Apim-Subscription-Key", // Azure API Management
  "X-Functions-Key", // Azure Functions
  "api_key",
  "X-Access-Key",
  "Session",
  "PRIVATE-TOKEN", // GitLab
  "X-Vault-Token", // HashiCorp Vault
  "X-Consul-Token",
  "X-Nomad-Token",
  "X-API-Key",
  "Api-Key",
  "apikey",
  "X-Goog-Api-Key",
  "X-Amz-Security-Token",
  "X-Auth-Token",
  "X-CSRF-Token",
  "X-Shopify-Access-Token",
  "CF-Access-Client-Id",
  "CF-Access-Client-Secret",
  "X-Algolia-API-Key",
  "X-Algolia-Application-Id",
  "X-Postmark-Server-Token",
  "DD-API-KEY", // Datadog
  "DD-APPLICATION-KEY",
  "X-Redmine-API-Key",
  "X-Gitlab-Token",
  "X-Sentry-Auth",
  "X-Honeycomb-Team",
  "X-Rundeck-Auth-Token",
  "X-JFrog-Art-Api",
  "X-Tableau-Auth",
  "X-RapidAPI-Key",
  "X-Figma-Token",
  "X-MBX-APIKEY", // Binance
  "X-Client-Secret",
  "X-Session-Id",
  "X-Hasura-Admin-Secret",
  "Private-Key",
  "Passcode",
] as const;

/** `count` header names nobody would put on a list: `X-` and random letters. */
export function randomHeaderNames(count: number): string[] {
  return Array.from({ length: count }, () => `X-${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`);
}

/** A unique value per name, each holding `sentinel` so one search finds any of them. */
export function sentinelValues(names: readonly string[], sentinel: string, tag: string): Record<string, string> {
  return Object.fromEntries(names.map((name, i) => [name, `${sentinel}-${tag}-${i}`]));
}
