/// <reference types="node" />
/**
 * The fourth realistic fixture: staging and production of "DevHub", a developer platform's public
 * API and docs — an OAuth token endpoint (a form POST), a GraphQL endpoint (a JSON POST), docs pages
 * in two languages behind a CDN with a locale redirect, a search API with facets, a paginated list
 * with a `Link` header, robots.txt and a sitemap, a CSV export, an Atom changelog, a limits document,
 * a webhook ping (POST), a CLI download compared by HEAD, invoices behind a proxy, the signed-in user
 * and a Markdown renderer (POST); then a second batch of 4 (a script behind a CDN, a protected
 * endpoint, the API reference page, rate limits) and a third of 3 (a GraphQL connection, meta, usage
 * as JSON). 24 endpoints, each side its own local HTTP server, written without
 * looking at how envdiff tells noise apart: what a real service of this kind sends.
 *
 * Its ground truth is test/support/devhub-truth.ts, written before envdiff was ever run on it.
 * Node only, no relative imports, like the other fixtures.
 *
 * Noise it makes on purpose:
 * - tokens and ids: a random `access_token`, `created_at` epoch seconds, `x-request-id`, a
 *   CloudFront `x-amz-cf-id` and `via` id, CSP nonces, a random pagination cursor in the body and in
 *   the `Link` header;
 * - `expires_in` 3600 or 3599 (the token's expiry rounded against the clock);
 * - CDN headers: `age`, `cf-cache-status`, `x-cache`, `x-amz-cf-pop`, `server-timing`;
 * - counters: GraphQL's `currentlyAvailable` query budget and `x-ratelimit-remaining`/`-used` count
 *   with every request, `x-ratelimit-reset` follows the clock;
 * - order: search facets in a random order (counts stable), CSV rows in a random order;
 * - clocks: the sitemap's `<lastmod>`, the feed's `<updated>`, robots.txt's "generated" comment, a
 *   docs page's "Rendered in N ms" inside a footer line, `took_ms`;
 * - number formatting: one side writes `10.0`, `1e3`, the other `10`, `1000` (the same numbers);
 * - jitter: every endpoint waits a random 0–`jitterMs` ms (60 by default);
 * - second batch (added once the first passed, its truth written first): a `max-age` that counts
 *   down (the CDN's TTL left) beside a real change of the same header, a Digest challenge whose
 *   nonce is new on every response beside a real change of scheme, preload `Link` hints in a new
 *   order on every response, rate-limit counters inside JSON beside a real limit;
 * - third batch: a GraphQL connection whose edges come in any order with positional cursors, lists
 *   of address ranges and rows of arrays in a random order.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type RunningSides, startSides } from "./two-sides.ts";

export type DevhubSide = "staging" | "production";

export interface DevhubOptions {
  /** How long one "second" of the fixture's clocks lasts; 1000 like a real one. */
  tickMs?: number;
  jitterMs?: number;
}

export type RunningDevhub = RunningSides;

/** Staging's search takes this much longer (a missing index): a few hundred ms. */
export const SEARCH_EXTRA_MS = 350;
export const SEARCH_BASE_MS = 40;
export const DEFAULT_JITTER_MS = 60;

interface Variant {
  /** Staging's token endpoint no longer grants org:read. */
  grantedScope: string;
  /** Staging's schema dropped `User.plan`: the query fails validation. */
  planField: boolean;
  /** Staging's default locale is misconfigured: /docs goes to the German page. */
  docsDefault: string;
  hsts: boolean;
  /** Staging's template lacks the Japanese alternate. */
  locales: readonly string[];
  searchExtraMs: number;
  goFacet: number;
  legacyArchived: boolean;
  csvErrorsColumn: string;
  /** Number spelling of the limits document (same numbers but maxBodyBytes). */
  limits: string;
  pingStatus: 200 | 204;
  headAllowed: boolean;
  invoicesDown: boolean;
  markdownNeedsMode: boolean;
  rateBudget: number;
  // The second batch.
  /** Staging's CDN rule marks the docs script private; both send the TTL left as max-age. */
  scriptCacheScope: "private" | "public";
  /** Staging's API gateway still challenges with Digest (a fresh nonce each time); production Bearer. */
  digestChallenge: boolean;
  /** Preload hints of the API reference page; staging lacks the font. */
  preloads: readonly string[];
  searchRateLimit: number;
  // The third batch.
  /** Staging's hook delivery allowlist lacks one range. */
  hookRanges: readonly string[];
  /** Requests counted for /v1/user on 2026-11-25 (staging's rollup ran before a late batch). */
  lateRequests: number;
}

const VARIANTS: Record<DevhubSide, Variant> = {
  staging: {
    grantedScope: "repo:read user:read",
    planField: false,
    docsDefault: "/docs/de/erste-schritte",
    hsts: false,
    locales: ["en", "de", "fr"],
    searchExtraMs: SEARCH_EXTRA_MS,
    goFacet: 3,
    legacyArchived: true,
    csvErrorsColumn: "errors",
    limits: '{"requestsPerSecond":10.0,"burst":1e3,"maxBodyBytes":1e6,"timeoutSeconds":30}',
    pingStatus: 200,
    headAllowed: false,
    invoicesDown: true,
    markdownNeedsMode: true,
    rateBudget: 4200,
    scriptCacheScope: "private",
    digestChallenge: true,
    preloads: ["</static/docs.css>; rel=preload; as=style", "</static/docs.js>; rel=preload; as=script"],
    searchRateLimit: 30,
    hookRanges: ["192.30.252.0/22", "185.199.108.0/22"],
    lateRequests: 1710,
  },
  production: {
    grantedScope: "repo:read user:read org:read",
    planField: true,
    docsDefault: "/docs/en/getting-started",
    hsts: true,
    locales: ["en", "de", "fr", "ja"],
    searchExtraMs: 0,
    goFacet: 4,
    legacyArchived: false,
    csvErrorsColumn: "failed_requests",
    limits: '{"requestsPerSecond":10,"burst":1000,"maxBodyBytes":1048576,"timeoutSeconds":30.0}',
    pingStatus: 204,
    headAllowed: true,
    invoicesDown: false,
    markdownNeedsMode: false,
    rateBudget: 4977,
    scriptCacheScope: "public",
    digestChallenge: false,
    preloads: [
      "</static/docs.css>; rel=preload; as=style",
      "</static/docs.js>; rel=preload; as=script",
      "</fonts/inter.woff2>; rel=preload; as=font; crossorigin",
    ],
    searchRateLimit: 10,
    hookRanges: ["192.30.252.0/22", "185.199.108.0/22", "140.82.112.0/20"],
    lateRequests: 1711,
  },
};

const LOCALE_PATHS: Record<string, string> = {
  en: "/docs/en/getting-started",
  de: "/docs/de/erste-schritte",
  fr: "/docs/fr/premiers-pas",
  ja: "/docs/ja/hajimeni",
};

const PAGES: Record<string, { lang: string; title: string; lines: string[] }> = {
  "/docs/en/getting-started": {
    lang: "en",
    title: "Getting started",
    lines: [
      "<p>Create a token under Settings → Developer, then call the API with it.</p>",
      "<pre><code>curl -H 'Authorization: Bearer $TOKEN' https://api.devhub.example/v1/user</code></pre>",
      "<p>Every list is paginated: follow the <code>Link</code> header.</p>",
    ],
  },
  "/docs/de/erste-schritte": {
    lang: "de",
    title: "Erste Schritte",
    lines: [
      "<p>Erstellen Sie ein Token unter Einstellungen → Entwickler und rufen Sie damit die API auf.</p>",
      "<pre><code>curl -H 'Authorization: Bearer $TOKEN' https://api.devhub.example/v1/user</code></pre>",
      "<p>Jede Liste ist seitenweise: folgen Sie dem <code>Link</code>-Header.</p>",
    ],
  },
};

const FACETS = (go: number) => ({
  language: [
    { value: "javascript", count: 14 },
    { value: "python", count: 9 },
    { value: "go", count: go },
    { value: "ruby", count: 2 },
  ],
  type: [
    { value: "guide", count: 11 },
    { value: "reference", count: 17 },
    { value: "changelog", count: 6 + go - 3 },
  ],
});

const RESULTS = [
  { id: "doc_311", title: "Webhooks overview", url: "/docs/en/webhooks", score: 12.41 },
  { id: "doc_207", title: "Securing webhooks", url: "/docs/en/webhooks/security", score: 10.02 },
  { id: "doc_415", title: "Webhook events", url: "/docs/en/webhooks/events", score: 8.75 },
  { id: "doc_122", title: "Retries and backoff", url: "/docs/en/retries", score: 6.3 },
  { id: "doc_530", title: "Testing webhooks locally", url: "/docs/en/webhooks/local", score: 5.98 },
];

const REPOS = (legacyArchived: boolean) => [
  { id: 48213, full_name: "acme/api-gateway", archived: false, default_branch: "main" },
  { id: 48377, full_name: "acme/legacy-billing", archived: legacyArchived, default_branch: "master" },
  { id: 49001, full_name: "acme/web", archived: false, default_branch: "main" },
];

const USAGE_ROWS = [
  ["2026-11-24", "/v1/user", 1840, 3],
  ["2026-11-24", "/v1/repos", 922, 0],
  ["2026-11-25", "/v1/user", 1710, 1],
  ["2026-11-25", "/v1/repos", 1004, 2],
  ["2026-11-26", "/v1/user", 1922, 0],
  ["2026-11-26", "/v1/repos", 870, 5],
  ["2026-11-27", "/v1/user", 1655, 2],
  ["2026-11-27", "/v1/repos", 941, 1],
] as const;

const CHANGELOG = [
  {
    id: "tag:devhub.example,2026:changelog/214",
    title: "Fine-grained tokens are generally available",
    date: "2026-11-28",
  },
  { id: "tag:devhub.example,2026:changelog/213", title: "Search facets by language", date: "2026-11-20" },
  {
    id: "tag:devhub.example,2026:changelog/212",
    title: "Webhook retries now back off exponentially",
    date: "2026-11-11",
  },
];

const DOCS_JS = 'import { search } from "./search.js";\nsearch.mount(document.querySelector("#q"));\n';
const API_REFERENCE = [
  "<!doctype html>",
  '<html lang="en">',
  "<head><title>API reference · DevHub Docs</title></head>",
  "<body>",
  "  <h1>API reference</h1>",
  "  <p>Every endpoint, generated from the OpenAPI document.</p>",
  "</body>",
  "</html>",
].join("\n");

const POPS = ["FRA56-P1", "FRA60-P3", "AMS1-C1", "CDG52-P2"];
const CACHE = ["HIT", "MISS", "EXPIRED", "REVALIDATED"];

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const b64 = (bytes: number) => randomBytes(bytes).toString("base64url");

type HeaderMap = Record<string, string>;

class Devhub {
  readonly #v: Variant;
  readonly #tickMs: number;
  readonly #jitterMs: number;
  readonly #started = Date.now();
  #requests = 0;

  constructor(side: DevhubSide, options: DevhubOptions) {
    this.#v = VARIANTS[side];
    this.#tickMs = options.tickMs ?? 1000;
    this.#jitterMs = options.jitterMs ?? DEFAULT_JITTER_MS;
  }

  /** The fixture's clock: real time, but its seconds last tickMs. */
  #now(): Date {
    const elapsed = Date.now() - this.#started;
    return new Date(Date.UTC(2026, 11, 3, 9, 0, 0) + (elapsed * 1000) / this.#tickMs);
  }

  #send(res: ServerResponse, status: number, type: string | null, body: string, headers: HeaderMap = {}) {
    const bytes = Buffer.from(body);
    res.writeHead(status, {
      ...(type ? { "content-type": type } : {}),
      ...(status === 204 ? {} : { "content-length": String(bytes.length) }),
      date: new Date().toUTCString(),
      "x-request-id": hex(16),
      ...headers,
    });
    res.end(status === 204 ? undefined : bytes);
  }

  #json(res: ServerResponse, value: unknown, headers: HeaderMap = {}, status = 200) {
    this.#send(res, status, "application/json; charset=utf-8", JSON.stringify(value), headers);
  }

  #cdn(): HeaderMap {
    const pop = pick(POPS);
    const cache = pick(CACHE);
    return {
      age: String(Math.floor(Math.random() * 600)),
      "cf-cache-status": cache,
      "x-cache": cache === "HIT" ? "Hit from cloudfront" : "Miss from cloudfront",
      "x-amz-cf-pop": pop,
      "x-amz-cf-id": `${b64(30)}==`,
      via: `1.1 ${hex(16)}.cloudfront.net (CloudFront)`,
      "server-timing": `cdn-cache;desc=${cache}, edge;dur=${Math.round(Math.random() * 40)}, origin;dur=${Math.round(20 + Math.random() * 60)}`,
    };
  }

  #rate(): HeaderMap {
    const used = this.#requests;
    return {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(this.#v.rateBudget - used),
      "x-ratelimit-used": String(5000 - this.#v.rateBudget + used),
      "x-ratelimit-reset": String(Math.floor(this.#now().getTime() / 1000 / 3600) * 3600 + 3600),
    };
  }

  /**
   * A Relay-style connection: search results whose scores tie come back in any order, and each
   * edge's cursor is its position (base64 of "cursor:N"), so a repository's cursor changes with it.
   */
  #reposConnection() {
    const nodes = shuffled(REPOS(this.#v.legacyArchived)).map((r) => ({
      id: `R_kgDO${r.id.toString(36).toUpperCase()}`,
      name: r.full_name.split("/")[1],
      isArchived: r.archived,
      stargazerCount: r.id % 97,
    }));
    return {
      data: {
        search: {
          repositoryCount: nodes.length,
          edges: nodes.map((node, i) => ({ cursor: Buffer.from(`cursor:${i + 1}`).toString("base64"), node })),
          pageInfo: { hasNextPage: false, endCursor: Buffer.from(`cursor:${nodes.length}`).toString("base64") },
        },
      },
    };
  }

  #docsPage(res: ServerResponse, path: string) {
    const page = PAGES[path];
    if (!page) return void this.#json(res, { message: "Not Found" }, {}, 404);
    const nonce = b64(16);
    const alternates = this.#v.locales.map(
      (l) => `  <link rel="alternate" hreflang="${l}" href="https://devhub.example${LOCALE_PATHS[l]}">`,
    );
    const body = [
      "<!doctype html>",
      `<html lang="${page.lang}">`,
      "<head>",
      '  <meta charset="utf-8">',
      `  <title>${page.title} · DevHub Docs</title>`,
      `  <link rel="canonical" href="https://devhub.example${path}">`,
      ...alternates,
      '  <link rel="alternate" hreflang="x-default" href="https://devhub.example/docs">',
      `  <script nonce="${nonce}">window.__DOCS__={lang:"${page.lang}"}</script>`,
      "</head>",
      "<body>",
      `  <h1>${page.title}</h1>`,
      ...page.lines.map((l) => `  ${l}`),
      `  <footer>© 2026 DevHub · docs build 7.12.0 · Rendered in ${Math.round(3 + Math.random() * 30)} ms</footer>`,
      "</body>",
      "</html>",
    ].join("\n");
    this.#send(res, 200, "text/html; charset=utf-8", body, {
      "content-language": page.lang,
      "cache-control": "public, max-age=300",
      "content-security-policy": `default-src 'self'; script-src 'self' 'nonce-${nonce}'; frame-ancestors 'none'`,
      "x-content-type-options": "nosniff",
      ...(this.#v.hsts ? { "strict-transport-security": "max-age=63072000; includeSubDomains; preload" } : {}),
      ...this.#cdn(),
    });
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.#requests++;
    const url = new URL(req.url ?? "/", "http://devhub.test");
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const extra = url.pathname === "/api/v1/search" ? SEARCH_BASE_MS + this.#v.searchExtraMs : 0;
      setTimeout(() => this.#route(req, url, body, res), extra + Math.random() * this.#jitterMs);
    });
  }

  #route(req: IncomingMessage, url: URL, body: string, res: ServerResponse): void {
    const v = this.#v;
    const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
    switch (url.pathname) {
      case "/oauth/token": {
        if (req.method !== "POST") return void this.#json(res, { error: "invalid_request" }, {}, 405);
        const form = new URLSearchParams(body);
        if (form.get("grant_type") !== "client_credentials")
          return void this.#json(res, { error: "unsupported_grant_type" }, {}, 400);
        return void this.#json(
          res,
          {
            access_token: `dh_at_${hex(20)}`,
            token_type: "Bearer",
            expires_in: Math.random() < 0.5 ? 3600 : 3599,
            scope: v.grantedScope,
            created_at: Math.floor(this.#now().getTime() / 1000),
          },
          { "cache-control": "no-store", pragma: "no-cache" },
        );
      }
      case "/graphql": {
        if (req.method !== "POST") return void this.#json(res, { message: "POST a query" }, {}, 405);
        if (url.searchParams.get("op") === "Repos") return void this.#json(res, this.#reposConnection());
        const cost = {
          cost: {
            requestedQueryCost: 6,
            throttleStatus: { maximumAvailable: 5000, currentlyAvailable: v.rateBudget - this.#requests * 6 },
          },
        };
        if (!v.planField) {
          return void this.#json(res, {
            errors: [
              {
                message: "Field 'plan' doesn't exist on type 'User'",
                locations: [{ line: 1, column: 35 }],
                path: ["query Viewer", "viewer", "plan"],
                extensions: { code: "undefinedField", typeName: "User", fieldName: "plan" },
              },
            ],
            extensions: cost,
          });
        }
        return void this.#json(res, {
          data: {
            viewer: {
              login: "dana",
              name: "Dana Ortiz",
              plan: { name: "team", seats: 25 },
              repositories: {
                totalCount: 3,
                nodes: REPOS(false).map((r) => ({ name: r.full_name.split("/")[1], stargazerCount: r.id % 97 })),
              },
            },
          },
          extensions: cost,
        });
      }
      case "/docs":
      case "/docs/":
        return void this.#redirect(res, 302, origin, v.docsDefault);
      case "/docs/en/getting-started":
      case "/docs/de/erste-schritte":
        return void this.#docsPage(res, url.pathname);
      case "/api/v1/search":
        return void this.#json(
          res,
          {
            query: url.searchParams.get("q") ?? "",
            total: 34 + v.goFacet,
            took_ms: Math.round(2 + Math.random() * 20),
            facets: { language: shuffled(FACETS(v.goFacet).language), type: shuffled(FACETS(v.goFacet).type) },
            results: RESULTS,
          },
          this.#rate(),
        );
      case "/api/v1/repos": {
        const cursor = b64(12);
        return void this.#json(
          res,
          { items: REPOS(v.legacyArchived), next_cursor: cursor },
          {
            link: `<${origin}/api/v1/repos?per_page=3&cursor=${cursor}>; rel="next", <${origin}/api/v1/repos?per_page=3>; rel="first"`,
            ...this.#rate(),
          },
        );
      }
      case "/robots.txt":
        return void this.#send(
          res,
          200,
          "text/plain; charset=utf-8",
          [
            `# DevHub robots, generated ${this.#now().toISOString()}`,
            "User-agent: *",
            "Disallow: /api/",
            "Disallow: /oauth/",
            "Sitemap: https://devhub.example/sitemap.xml",
            "",
          ].join("\n"),
        );
      case "/sitemap.xml": {
        const lastmod = this.#now().toISOString();
        const urls = v.locales.map((l) => `https://devhub.example${LOCALE_PATHS[l]}`);
        const body = [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
          ...["https://devhub.example/", ...urls, "https://devhub.example/changelog"].map(
            (loc) => `  <url><loc>${loc}</loc><lastmod>${lastmod}</lastmod></url>`,
          ),
          "</urlset>",
          "",
        ].join("\n");
        return void this.#send(res, 200, "application/xml; charset=utf-8", body, this.#cdn());
      }
      case "/api/v1/exports/usage.csv": {
        const rows = shuffled(USAGE_ROWS).map((r) => r.join(","));
        const csv = [`date,endpoint,requests,${v.csvErrorsColumn}`, ...rows, ""].join("\r\n");
        return void this.#send(res, 200, "text/csv; charset=utf-8", csv, {
          "content-disposition": 'attachment; filename="usage-2026-11.csv"',
        });
      }
      case "/changelog.atom": {
        const updated = this.#now().toISOString();
        const body = [
          '<?xml version="1.0" encoding="utf-8"?>',
          '<feed xmlns="http://www.w3.org/2005/Atom">',
          "  <title>DevHub changelog</title>",
          "  <id>tag:devhub.example,2026:changelog</id>",
          `  <updated>${updated}</updated>`,
          '  <link rel="self" href="https://devhub.example/changelog.atom"/>',
          ...CHANGELOG.flatMap((e) => [
            "  <entry>",
            `    <id>${e.id}</id>`,
            `    <title>${e.title}</title>`,
            `    <updated>${e.date}T12:00:00Z</updated>`,
            "  </entry>",
          ]),
          "</feed>",
          "",
        ].join("\n");
        return void this.#send(res, 200, "application/atom+xml; charset=utf-8", body, {
          etag: `W/"${hex(6)}"`,
          ...this.#cdn(),
        });
      }
      case "/api/v1/limits":
        return void this.#send(res, 200, "application/json", v.limits, this.#rate());
      case "/api/v1/hooks/ping":
        if (req.method !== "POST") return void this.#json(res, { message: "Not Found" }, {}, 404);
        return void this.#send(res, v.pingStatus, null, "", {});
      case "/downloads/devhub-cli-2.4.1.tar.gz": {
        if (req.method === "HEAD" && !v.headAllowed) {
          res.writeHead(405, { allow: "GET", "content-length": "0", date: new Date().toUTCString() });
          return void res.end();
        }
        res.writeHead(200, {
          "content-type": "application/gzip",
          "content-length": "4823112",
          "accept-ranges": "bytes",
          etag: '"5f2a9c41e07d"',
          "last-modified": "Mon, 30 Nov 2026 10:12:00 GMT",
          date: new Date().toUTCString(),
          ...this.#cdn(),
        });
        return void res.end(req.method === "HEAD" ? undefined : Buffer.alloc(0));
      }
      case "/api/v1/billing/invoices":
        if (v.invoicesDown) {
          return void this.#send(
            res,
            502,
            "text/html",
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
            { server: "nginx" },
          );
        }
        return void this.#json(
          res,
          {
            invoices: [
              { id: "in_2026_11", total: 249, currency: "EUR", status: "open" },
              { id: "in_2026_10", total: 249, currency: "EUR", status: "paid" },
            ],
          },
          { server: "nginx", ...this.#rate() },
        );
      case "/api/v1/user":
        return void this.#json(
          res,
          {
            login: "dana",
            id: 58211,
            name: "Dana Ortiz",
            email: "dana.ortiz@northwind.example",
            created_at: "2021-04-19T08:12:44Z",
            two_factor_authentication: true,
          },
          { ...this.#rate(), "x-oauth-scopes": "repo:read, user:read", etag: `W/"${hex(16)}"` },
        );
      // The second batch.
      case "/static/docs.js": {
        // The CDN sends the TTL left of its cached copy as max-age: it counts down with the clock.
        const ttl = 3600 - (Math.floor(this.#now().getTime() / 1000) % 3600);
        return void this.#send(res, 200, "text/javascript; charset=utf-8", DOCS_JS, {
          "cache-control": `${v.scriptCacheScope}, max-age=${ttl}`,
          etag: '"d0c5-7f1"',
          ...this.#cdn(),
        });
      }
      case "/api/v1/protected":
        return void this.#json(
          res,
          { message: "Requires authentication" },
          {
            "www-authenticate": v.digestChallenge
              ? `Digest realm="devhub", qop="auth", algorithm=SHA-256, nonce="${hex(16)}", opaque="5ccc069c403ebaf9"`
              : 'Bearer realm="devhub", error="invalid_token"',
          },
          401,
        );
      case "/docs/en/api-reference":
        return void this.#send(res, 200, "text/html; charset=utf-8", API_REFERENCE, {
          link: shuffled(v.preloads).join(", "),
          "cache-control": "public, max-age=300",
          ...this.#cdn(),
        });
      case "/api/v1/rate_limit": {
        const reset = Math.floor(this.#now().getTime() / 1000 / 3600) * 3600 + 3600;
        const used = this.#requests;
        return void this.#json(res, {
          resources: {
            core: { limit: 5000, used, remaining: 5000 - used, reset },
            search: { limit: v.searchRateLimit, used: 0, remaining: v.searchRateLimit, reset: reset - 3540 },
          },
        });
      }
      // The third batch.
      case "/api/v1/meta":
        return void this.#json(res, {
          verifiable_password_authentication: false,
          hooks: shuffled(v.hookRanges),
          api: shuffled(["192.30.252.0/22", "185.199.108.0/22", "140.82.112.0/20", "143.55.64.0/20"]),
          ssh_key_fingerprints: { SHA256_ED25519: "+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU" },
        });
      case "/api/v1/usage.json":
        return void this.#json(res, {
          columns: ["date", "endpoint", "requests", "errors"],
          rows: shuffled(
            USAGE_ROWS.map((r) =>
              r[0] === "2026-11-25" && r[1] === "/v1/user" ? [r[0], r[1], v.lateRequests, r[3]] : [...r],
            ),
          ),
        });
      case "/api/v1/markdown": {
        if (req.method !== "POST") return void this.#json(res, { message: "Not Found" }, {}, 404);
        const input = JSON.parse(body || "{}") as { text?: string; mode?: string };
        if (v.markdownNeedsMode && !input.mode) {
          return void this.#json(
            res,
            {
              message: "Validation Failed",
              errors: [{ resource: "Markdown", field: "mode", code: "missing_field" }],
              documentation_url: "https://devhub.example/docs/en/rest/markdown",
            },
            {},
            422,
          );
        }
        const html = `<p>${(input.text ?? "").replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>").replace(/_(.+?)_/g, "<em>$1</em>")}</p>\n`;
        return void this.#send(res, 200, "text/html; charset=utf-8", html, this.#rate());
      }
      default:
        return void this.#json(res, { message: "Not Found" }, {}, 404);
    }
  }

  #redirect(res: ServerResponse, status: number, origin: string, location: string): void {
    res.writeHead(status, {
      location: `${origin}${location}`,
      "content-length": "0",
      date: new Date().toUTCString(),
      vary: "Accept-Language",
    });
    res.end();
  }
}

/** Starts both environments on free ports. */
export function startDevhub(options: DevhubOptions = {}): Promise<RunningDevhub> {
  const staging = new Devhub("staging", options);
  const production = new Devhub("production", options);
  return startSides({
    staging: (req, res) => staging.handle(req, res),
    production: (req, res) => production.handle(req, res),
  });
}
