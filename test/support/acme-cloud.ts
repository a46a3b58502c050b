/// <reference types="node" />
/**
 * The third realistic fixture: staging and production of "Acme Cloud", a SaaS control plane — a JSON
 * API behind a gateway (projects, metrics, billing, the signed-in user, a deployment, feature flags,
 * health, an event feed with cursor pagination, a GraphQL-style GET endpoint, an archived invoice,
 * usage with computed costs), a login page and a dashboard, a redirect chain to the docs and two
 * static assets. 16 endpoints, each side its own local HTTP server, written without looking at how
 * envdiff tells noise apart: what a real service of this kind sends.
 *
 * A second batch of 8 endpoints (the current invoice, regions, exports, a session, settings, server
 * time, robots.txt and a status page) was added after envdiff had passed the first, with its own
 * truth written before envdiff ran on it, to look for what the first batch did not find; then a
 * third of 4 (an RSS feed, notifications, plans, an audit log) the same way, and a fourth of 3
 * (coordinates, a members API, an activity page).
 *
 * Its ground truth is test/support/acme-cloud-truth.ts, written before envdiff was ever run on it.
 * Node only, no relative imports, like shop.ts and newsroom.ts.
 *
 * Noise it makes on purpose (kinds neither other fixture has are marked *):
 * - counters: `uptimeSeconds` ticks every `tickMs`; * `x-ratelimit-remaining` falls by one with every
 *   request, from a different budget on each side; * `x-ratelimit-reset` and `last-modified` follow
 *   the ticking clock, as does the dashboard's "Last refreshed HH:MM:SS";
 * - random values: a 50/50 `x-ab-bucket: A|B` header, health checks' `latencyMs`, * a CPU gauge,
 *   * costs summed in a random order, so a float comes back as 48.21 or 48.209999999999994,
 *   * `server-timing` durations;
 * - order: project tags in a random order; * production lists projects in hash order, a new order on
 *   every request, while staging sorts them by name;
 * - per-request ids and tokens: `x-request-id`, * a W3C `traceparent`, `requestId`, CSRF tokens (meta
 *   tag, hidden input, a `__Host-csrf` cookie), CSP nonces (header and script tag), session cookie
 *   values, * the event feed's opaque cursor, * a `requestId` inside GraphQL error extensions;
 * - derived headers: `content-length`, and * a strong ETag hashed from the event feed's volatile body;
 * - timestamps: `date`, `generatedAt`, * a bot-management cookie whose `Expires` follows the clock;
 * - jitter: every endpoint waits a random 0–`jitterMs` ms (80 by default) before answering;
 * - second batch: * an invoice total summed in a random order beside a real change of that total,
 *   * a list of objects with no id field in a random order with random latencies, * a random tip
 *   line on a status page, * a clock on the same line as a real version change, * a countdown
 *   (`nextRefreshIn`), * epoch milliseconds, * a random `x-served-by` POP, * a `link` header with a
 *   random cursor, * one side pretty-printing its JSON with its keys in another order;
 * - third batch: * a feed's lastBuildDate, * a field, a header and a cookie present on some
 *   responses only, * a 10% experiment flag, * audit timestamps that follow the clock;
 * - fourth batch: * arrays of floats summed in a random order, * `allow` and CORS method lists in a
 *   new order on every response (beside a real change of them), * "N minutes ago" that ticks.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { type RunningSides, startSides } from "./two-sides.ts";

export type AcmeSide = "staging" | "production";

export interface AcmeOptions {
  /** How long one "second" of the fixture's clocks and counters lasts; 1000 like a real one. */
  tickMs?: number;
  /** Every endpoint answers after a random 0..jitterMs ms. */
  jitterMs?: number;
}

export type RunningAcme = RunningSides;

/** The metrics endpoint takes METRICS_FAST_MS (plus up to METRICS_SPREAD_MS) in production, about 8× on staging. */
export const METRICS_FAST_MS = 200;
export const METRICS_SPREAD_MS = 150;
export const METRICS_SLOW_MS = 1600;
export const DEFAULT_JITTER_MS = 80;

interface Variant {
  uptimeBase: number;
  rateLimitBudget: number;
  /** Staging sorts projects by name; production answers in hash order, new on every request. */
  projectOrder: "name" | "hash";
  /** prj_4kq2 was moved between regions on one side. */
  region4kq2: string;
  metricsMs: () => number;
  taxId: boolean;
  /** Staging renamed the user's name field. */
  nameField: "displayName" | "fullName";
  deploymentStatus: string;
  usageBasedBilling: boolean;
  /** Staging's billing resolver fails: GraphQL answers 200 with partial data and an error. */
  billingResolverFails: boolean;
  archivedInvoiceStatus: 404 | 410;
  /** Staging dropped frame-ancestors from the login page's CSP. */
  frameAncestors: boolean;
  sessionCookieAttributes: string;
  dashboardHeading: string;
  buildHash: string;
  docsVersion: string;
  appJsCacheControl: string;
  /** Production's CDN compresses the stylesheet and says so in Vary; staging's origin does not. */
  gzipCss: boolean;
  /** Staging bills a support add-on that production does not. */
  supportAddon: boolean;
  statusBanner: string;
  statusPageVersion: string;
  /** Staging's region list lacks ap-south-1. */
  regions: readonly string[];
  robots: string;
  /** Staging's export worker is down: 503 with Retry-After. */
  exportsDown: boolean;
  rememberMaxAge: number;
  /** Staging's settings API pretty-prints its JSON, keys in another order, and allows any origin. */
  settingsStyle: "pretty" | "compact";
  /** Staging's feed leaks a draft post. */
  draftInFeed: boolean;
  pollIntervalSeconds: number;
  teamPriceEur: number;
  mapZoom: number;
  /** Staging's members API no longer allows DELETE (its Allow and CORS method lists). */
  memberMethods: readonly string[];
  /** Staging's activity page lists a rollback that production never ran. */
  rollbackInActivity: boolean;
}

const VARIANTS: Record<AcmeSide, Variant> = {
  staging: {
    uptimeBase: 5 * 3600 + 17,
    rateLimitBudget: 4870,
    projectOrder: "name",
    region4kq2: "eu-central-1",
    metricsMs: () => METRICS_SLOW_MS,
    taxId: false,
    nameField: "displayName",
    deploymentStatus: "pending_approval",
    usageBasedBilling: true,
    billingResolverFails: true,
    archivedInvoiceStatus: 404,
    frameAncestors: false,
    sessionCookieAttributes: "Path=/; Secure; SameSite=Lax",
    dashboardHeading: "Projects",
    buildHash: "4e1f9c2a",
    docsVersion: "v2",
    appJsCacheControl: "no-cache",
    gzipCss: false,
    supportAddon: true,
    statusBanner: "Degraded performance in eu-west-1",
    statusPageVersion: "3.3.0-rc.1",
    regions: ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1"],
    robots: "User-agent: *\nDisallow: /\n",
    exportsDown: true,
    rememberMaxAge: 86_400,
    settingsStyle: "pretty",
    draftInFeed: true,
    pollIntervalSeconds: 30,
    teamPriceEur: 25,
    mapZoom: 11,
    memberMethods: ["GET", "POST", "PATCH", "OPTIONS"],
    rollbackInActivity: true,
  },
  production: {
    uptimeBase: 12 * 86400 + 3,
    rateLimitBudget: 3312,
    projectOrder: "hash",
    region4kq2: "eu-west-1",
    metricsMs: () => METRICS_FAST_MS + Math.random() * METRICS_SPREAD_MS,
    taxId: true,
    nameField: "fullName",
    deploymentStatus: "pending",
    usageBasedBilling: false,
    billingResolverFails: false,
    archivedInvoiceStatus: 410,
    frameAncestors: true,
    sessionCookieAttributes: "Path=/; Secure; HttpOnly; SameSite=Lax",
    dashboardHeading: "All projects",
    buildHash: "9b07d3e1",
    docsVersion: "v3",
    appJsCacheControl: "public, max-age=31536000, immutable",
    gzipCss: true,
    supportAddon: false,
    statusBanner: "All systems operational",
    statusPageVersion: "3.2.0",
    regions: ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-south-1"],
    robots: "User-agent: *\nDisallow: /api/\nDisallow: /dashboard\nSitemap: https://acme.dev/sitemap.xml\n",
    exportsDown: false,
    rememberMaxAge: 2_592_000,
    settingsStyle: "compact",
    draftInFeed: false,
    pollIntervalSeconds: 60,
    teamPriceEur: 29,
    mapZoom: 12,
    memberMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
    rollbackInActivity: false,
  },
};

const PROJECTS = [
  { id: "prj_8x1m", name: "billing-api", region: "us-east-1", tags: ["prod", "payments", "pci"] },
  { id: "prj_2hd9", name: "analytics", region: "us-west-2", tags: ["batch", "internal"] },
  { id: "prj_4kq2", name: "customer-portal", region: "", tags: ["web", "gdpr", "eu"] },
  { id: "prj_7tz0", name: "mobile-backend", region: "ap-southeast-1", tags: ["api", "mobile"] },
  { id: "prj_0pl5", name: "data-lake", region: "us-east-1", tags: ["storage", "batch", "internal"] },
  { id: "prj_5rw3", name: "edge-router", region: "global", tags: ["network"] },
] as const;

const EVENT_TYPES = ["deploy.succeeded", "build.started", "member.invited", "alert.resolved", "deploy.started"];
/** Line items in cents-ish floats, summed in a random order: the total rounds differently. */
const LINE_ITEMS = [12.1, 0.7, 3.33, 19.99, 0.1, 0.2, 11.79];
/** Invoice lines: summed in a random order, so the total carries float rounding noise. */
const INVOICE_LINES = [
  { sku: "team-seat", description: "Team seats × 25", amount: 475.75 },
  { sku: "build-min", description: "Build minutes", amount: 38.41 },
  { sku: "egress", description: "Egress 1.2 TB", amount: 102.13 },
  { sku: "storage", description: "Storage 800 GB", amount: 17.6 },
];
const SUPPORT_LINE = { sku: "support-plus", description: "Support Plus", amount: 149.3 };
const TIPS = [
  "Tip: subscribe to updates by RSS.",
  "Tip: incidents are posted here first.",
  "Tip: follow @acmestatus for updates.",
];
const POSTS = [
  { slug: "faster-builds", title: "Builds are 40% faster", date: "Mon, 30 Nov 2026 09:00:00 GMT" },
  { slug: "eu-central", title: "Now in eu-central-1", date: "Tue, 17 Nov 2026 09:00:00 GMT" },
  { slug: "sso-for-teams", title: "SSO for every team", date: "Wed, 04 Nov 2026 09:00:00 GMT" },
];
const DRAFT = { slug: "q4-pricing", title: "Draft: Q4 pricing", date: "Thu, 03 Dec 2026 08:00:00 GMT" };
const POPS = ["cache-fra-1", "cache-fra-2", "cache-ams-4", "cache-cdg-7"];
const APP_JS = 'import { boot } from "./runtime.js";\nboot({ app: "acme-console", api: "/api" });\n';
const APP_CSS = `${":root{--acme-blue:#1f5eff;--acme-ink:#0b1020}\nbody{font:14px/1.5 system-ui;color:var(--acme-ink)}\n".repeat(20)}`;

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

type HeaderMap = Record<string, string | string[]>;

const coin = <T>(a: T, b: T): T => (Math.random() < 0.5 ? a : b);
const token = (bytes = 18) => randomBytes(bytes).toString("base64url");
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

class AcmeCloud {
  readonly #v: Variant;
  readonly #tickMs: number;
  readonly #jitterMs: number;
  readonly #startedAt = Date.now();
  #requests = 0;

  constructor(side: AcmeSide, options: AcmeOptions) {
    this.#v = VARIANTS[side];
    this.#tickMs = options.tickMs ?? 1000;
    this.#jitterMs = options.jitterMs ?? DEFAULT_JITTER_MS;
  }

  /** The fixture's wall clock, in its own seconds (one per tick). */
  #now(): Date {
    return new Date(Math.floor(Date.now() / this.#tickMs) * 1000);
  }

  #uptime(): number {
    return this.#v.uptimeBase + Math.floor((Date.now() - this.#startedAt) / this.#tickMs);
  }

  /** What the API gateway adds to every API answer. */
  #gateway(): Record<string, string> {
    const resetAt = Math.floor(this.#now().getTime() / 1000 / 3600 + 1) * 3600;
    return {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(this.#v.rateLimitBudget - this.#requests),
      "x-ratelimit-reset": String(resetAt - Math.floor(this.#now().getTime() / 1000)),
      traceparent: `00-${hex(16)}-${hex(8)}-01`,
      "server-timing": `gw;dur=${(Math.random() * 4).toFixed(1)}, app;dur=${(5 + Math.random() * 30).toFixed(1)}`,
      via: "1.1 acme-gateway",
    };
  }

  #send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: HeaderMap) {
    res.writeHead(status, {
      "content-type": type,
      "content-length": String(Buffer.byteLength(body)),
      date: new Date().toUTCString(),
      "x-request-id": randomUUID(),
      ...headers,
    });
    res.end(body);
  }

  #json(res: ServerResponse, value: unknown, headers: HeaderMap = {}, status = 200): void {
    this.#send(res, status, "application/json", JSON.stringify(value), {
      "cache-control": "no-store",
      ...this.#gateway(),
      ...headers,
    });
  }

  #page(res: ServerResponse, title: string, main: string[], headers: HeaderMap = {}): void {
    const nonce = token(16);
    const csrf = token(32);
    const frame = this.#v.frameAncestors ? "; frame-ancestors 'none'" : "";
    const body = [
      "<!DOCTYPE html>",
      '<html lang="en">',
      "<head>",
      '  <meta charset="utf-8">',
      `  <title>${title} · Acme Cloud</title>`,
      `  <meta name="csrf-token" content="${csrf}">`,
      `  <link rel="stylesheet" href="/static/app.${this.#v.buildHash}.css">`,
      `  <script nonce="${nonce}" src="/static/app.${this.#v.buildHash}.js" defer></script>`,
      "</head>",
      "<body>",
      '  <nav><a href="/dashboard">Dashboard</a> <a href="/docs">Docs</a> <a href="/login">Sign in</a></nav>',
      ...main.map((line) => `  ${line.replaceAll("{csrf}", csrf)}`),
      "  <footer>© 2026 Acme Cloud, Inc. · Status · Privacy</footer>",
      "</body>",
      "</html>",
    ].join("\n");
    this.#send(res, 200, "text/html; charset=utf-8", body, {
      "cache-control": "private, no-cache",
      "content-security-policy": `default-src 'self'; script-src 'self' 'nonce-${nonce}'; object-src 'none'; base-uri 'self'${frame}`,
      "x-content-type-options": "nosniff",
      "x-ab-bucket": coin("A", "B"),
      ...headers,
    });
  }

  #projects() {
    const projects = PROJECTS.map((p) => ({
      id: p.id,
      name: p.name,
      region: p.id === "prj_4kq2" ? this.#v.region4kq2 : p.region,
      tags: shuffled(p.tags),
      createdAt: "2025-03-14T09:26:53Z",
    }));
    return this.#v.projectOrder === "name" ? projects.sort((a, b) => a.name.localeCompare(b.name)) : shuffled(projects);
  }

  #static(req: IncomingMessage, res: ServerResponse, type: string, body: string, headers: Record<string, string>) {
    const etag = `"${createHash("md5").update(body).digest("hex").slice(0, 8)}-${body.length.toString(16)}"`;
    const common = { etag, "last-modified": "Tue, 25 Nov 2026 08:00:00 GMT", "accept-ranges": "bytes" };
    const gzip = this.#v.gzipCss && type.startsWith("text/css") && /gzip/.test(req.headers["accept-encoding"] ?? "");
    if (gzip) {
      return void this.#send(res, 200, type, gzipSync(body), {
        ...common,
        ...headers,
        "content-encoding": "gzip",
        vary: "Accept-Encoding",
      });
    }
    this.#send(res, 200, type, body, {
      ...common,
      ...headers,
      ...(this.#v.gzipCss ? { vary: "Accept-Encoding" } : {}),
    });
  }

  #redirect(res: ServerResponse, status: number, origin: string, location: string): void {
    res.writeHead(status, { location: `${origin}${location}`, "content-length": "0", date: new Date().toUTCString() });
    res.end();
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.#requests++;
    const url = new URL(req.url ?? "/", "http://acme.test");
    const extra = url.pathname.endsWith("/metrics") ? this.#v.metricsMs() : 0;
    setTimeout(() => this.#route(req, url, res), extra + Math.random() * this.#jitterMs);
  }

  #route(req: IncomingMessage, url: URL, res: ServerResponse): void {
    const v = this.#v;
    const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
    const meta = () => ({ requestId: `req_${hex(8)}`, generatedAt: new Date().toISOString() });
    switch (url.pathname) {
      case "/api/projects":
        return void this.#json(res, { projects: this.#projects(), total: PROJECTS.length, ...meta() });
      case "/api/projects/prj_4kq2/metrics":
        return void this.#json(res, {
          projectId: "prj_4kq2",
          window: "24h",
          requests: 1_204_332,
          errorRate: 0.0031,
          p95Ms: 182,
          cpuUtilisation: Number(Math.random().toFixed(4)),
        });
      case "/api/billing/account":
        return void this.#json(res, {
          accountId: "acct_51HqLm",
          company: "Northwind GmbH",
          country: "DE",
          ...(v.taxId ? { taxId: "DE813264519" } : {}),
          plan: "team",
          seats: 25,
          currency: "EUR",
        });
      case "/api/me":
        return void this.#json(res, {
          id: "usr_33f0",
          email: "dana.ortiz@northwind.example",
          [v.nameField]: "Dana Ortiz",
          role: "owner",
          mfa: true,
          ...meta(),
        });
      case "/api/deployments/dep_7731":
        return void this.#json(res, {
          id: "dep_7731",
          projectId: "prj_8x1m",
          commit: "a41c9e0",
          status: v.deploymentStatus,
          createdBy: "usr_33f0",
          createdAt: "2026-11-30T16:02:11Z",
        });
      case "/api/flags":
        return void this.#json(res, {
          flags: { newBillingPage: true, usageBasedBilling: v.usageBasedBilling, darkMode: true, sso: false },
          bucket: coin("A", "B"),
          evaluatedAt: Math.floor(this.#now().getTime() / 1000),
        });
      case "/api/health":
        return void this.#json(res, {
          status: "ok",
          uptimeSeconds: this.#uptime(),
          checks: [
            { name: "postgres", ok: true, latencyMs: Math.round(1 + Math.random() * 9) },
            { name: "redis", ok: true, latencyMs: Math.round(Math.random() * 3) },
          ],
        });
      case "/api/events": {
        const events = Array.from({ length: 20 }, (_, i) => ({
          id: `evt_${(90_000 - i).toString(36)}`,
          type: EVENT_TYPES[i % EVENT_TYPES.length],
          projectId: PROJECTS[i % PROJECTS.length]?.id,
          at: new Date(Date.UTC(2026, 10, 30, 16, 59 - i)).toISOString(),
        }));
        const body = { events, pageInfo: { hasNextPage: true, endCursor: token(24) }, ...meta() };
        const etag = `"${createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 32)}"`;
        return void this.#json(res, body, { etag, "cache-control": "private, max-age=0" });
      }
      case "/api/graphql": {
        const viewer = {
          login: "dana",
          plan: "team",
          billingEmail: v.billingResolverFails ? null : "billing@northwind.example",
        };
        const errors = v.billingResolverFails
          ? [
              {
                message: "billing service did not answer in time",
                path: ["viewer", "billingEmail"],
                extensions: { code: "UPSTREAM_TIMEOUT", requestId: `req_${hex(8)}` },
              },
            ]
          : undefined;
        return void this.#json(res, errors ? { data: { viewer }, errors } : { data: { viewer } });
      }
      case "/api/invoices/inv_2019_01":
        return void this.#json(
          res,
          v.archivedInvoiceStatus === 410
            ? { error: "gone", message: "Invoice inv_2019_01 was archived" }
            : { error: "not_found", message: "No invoice inv_2019_01" },
          {},
          v.archivedInvoiceStatus,
        );
      case "/api/usage": {
        const total = shuffled(LINE_ITEMS).reduce((a, b) => a + b, 0);
        return void this.#json(
          res,
          { period: "2026-11", currency: "EUR", costTotal: total, lineItems: LINE_ITEMS.length },
          { "last-modified": this.#now().toUTCString() },
        );
      }
      case "/login":
        return void this.#page(
          res,
          "Sign in",
          [
            "<main>",
            "  <h1>Sign in to Acme Cloud</h1>",
            '  <form method="post" action="/session">',
            '    <input type="hidden" name="_csrf" value="{csrf}">',
            '    <label>Email <input type="email" name="email" autocomplete="username"></label>',
            '    <label>Password <input type="password" name="password" autocomplete="current-password"></label>',
            "    <button>Sign in</button>",
            "  </form>",
            '  <p><a href="/sso">Use single sign-on</a></p>',
            "</main>",
          ],
          {
            "set-cookie": [
              `acme_session=${token(24)}; ${v.sessionCookieAttributes}`,
              `__Host-csrf=${token(16)}; Path=/; Secure; HttpOnly; SameSite=Strict`,
            ],
          },
        );
      case "/dashboard": {
        const expires = new Date(this.#now().getTime() + 30 * 60_000).toUTCString();
        return void this.#page(
          res,
          "Dashboard",
          [
            "<main>",
            `  <h1>${v.dashboardHeading}</h1>`,
            '  <table class="projects">',
            "    <tr><th>Name</th><th>Region</th><th>Status</th></tr>",
            ...PROJECTS.map((p) => `    <tr><td>${p.name}</td><td>${p.region || "eu"}</td><td>healthy</td></tr>`),
            "  </table>",
            `  <p class="muted">Last refreshed ${this.#now().toISOString().slice(11, 19)} UTC</p>`,
            "</main>",
          ],
          { "set-cookie": `__acme_bm=${token(32)}; Path=/; Expires=${expires}; Secure; HttpOnly; SameSite=None` },
        );
      }
      case "/docs":
        return void this.#redirect(res, 301, origin, "/docs/");
      case "/docs/":
        return void this.#redirect(res, 302, origin, `/docs/${v.docsVersion}/`);
      case "/docs/v2/":
      case "/docs/v3/":
        return void this.#send(
          res,
          200,
          "text/html; charset=utf-8",
          "<!DOCTYPE html>\n<title>Acme Cloud docs</title>\n<h1>Acme Cloud documentation</h1>\n<p>Start with the CLI: acme login</p>\n",
          { "cache-control": "public, max-age=300" },
        );
      case "/static/app.js":
        return void this.#static(req, res, "application/javascript", APP_JS, { "cache-control": v.appJsCacheControl });
      case "/static/app.css":
        return void this.#static(req, res, "text/css; charset=utf-8", APP_CSS, {
          "cache-control": "public, max-age=31536000, immutable",
        });
      case "/api/invoices/current": {
        const lines = v.supportAddon ? [...INVOICE_LINES, SUPPORT_LINE] : INVOICE_LINES;
        const total = shuffled(lines.map((line) => line.amount)).reduce((a, b) => a + b, 0);
        return void this.#json(res, { id: "inv_2026_11", currency: "EUR", lines, total, ...meta() });
      }
      case "/api/regions":
        return void this.#json(res, {
          regions: shuffled(v.regions).map((region) => ({
            region,
            status: "operational",
            latencyMs: Math.round(5 + Math.random() * 60),
          })),
        });
      case "/api/exports":
        if (v.exportsDown) {
          const error = { error: "service_unavailable", message: "The export worker is restarting", ...meta() };
          return void this.#json(res, error, { "retry-after": "30" }, 503);
        }
        return void this.#json(res, { exports: [{ id: "exp_118", format: "csv", state: "ready" }], ...meta() });
      case "/api/session":
        return void this.#json(
          res,
          { ok: true, csrfToken: token(24) },
          {
            "set-cookie": `acme_remember=${token(24)}; Path=/; Max-Age=${v.rememberMaxAge}; Secure; HttpOnly; SameSite=Lax`,
          },
        );
      case "/api/settings": {
        const settings = { theme: "system", timezone: "Europe/Berlin", weekStartsOn: 1, emailDigest: "weekly" };
        const cors: HeaderMap =
          v.settingsStyle === "pretty"
            ? { "access-control-allow-origin": "*" }
            : { "access-control-allow-origin": "https://console.acme.dev", vary: "Origin" };
        if (v.settingsStyle === "pretty") {
          const { emailDigest, weekStartsOn, timezone, theme } = settings;
          const body = JSON.stringify({ emailDigest, weekStartsOn, timezone, theme }, null, 2);
          return void this.#send(res, 200, "application/json", body, {
            "cache-control": "no-store",
            ...this.#gateway(),
            ...cors,
          });
        }
        return void this.#json(res, settings, cors);
      }
      case "/api/time":
        return void this.#json(
          res,
          { now: Date.now(), nextRefreshIn: 300 - (Math.floor(this.#now().getTime() / 1000) % 300) },
          {
            "x-served-by": POPS[Math.floor(Math.random() * POPS.length)] as string,
            link: `</api/time?cursor=${token(12)}>; rel="next"`,
          },
        );
      case "/feed.xml": {
        const posts = v.draftInFeed ? [DRAFT, ...POSTS] : POSTS;
        const body = [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<rss version="2.0">',
          "<channel>",
          "  <title>Acme Cloud blog</title>",
          "  <link>https://acme.dev/blog</link>",
          `  <lastBuildDate>${this.#now().toUTCString()}</lastBuildDate>`,
          ...posts.flatMap((p) => [
            "  <item>",
            `    <title>${p.title}</title>`,
            `    <link>https://acme.dev/blog/${p.slug}</link>`,
            `    <guid isPermaLink="false">post-${p.slug}</guid>`,
            `    <pubDate>${p.date}</pubDate>`,
            "  </item>",
          ]),
          "</channel>",
          "</rss>",
        ].join("\n");
        return void this.#send(res, 200, "application/rss+xml; charset=utf-8", body, {
          "cache-control": "public, max-age=300",
        });
      }
      case "/api/notifications": {
        // A 10% experiment, a debug header on some responses, a cookie set on half of them.
        const headers: HeaderMap = {};
        if (Math.random() < 0.3) headers["x-debug-trace"] = hex(8);
        if (Math.random() < 0.5) headers["set-cookie"] = `_exp=${token(8)}; Path=/; Secure; SameSite=Lax`;
        return void this.#json(
          res,
          {
            unread: 3,
            pollIntervalSeconds: v.pollIntervalSeconds,
            experiments: { newNav: Math.random() < 0.1, compactList: true },
            ...(Math.random() < 0.2 ? { banner: { id: "holiday-sale", dismissible: true } } : {}),
          },
          headers,
        );
      }
      case "/api/plans":
        return void this.#json(res, {
          plans: [
            { code: "free", name: "Free", priceEur: 0, seats: 3 },
            { code: "team", name: "Team", priceEur: v.teamPriceEur, seats: 25 },
            { code: "enterprise", name: "Enterprise", priceEur: null, seats: null },
          ],
          currency: "EUR",
        });
      case "/api/audit-log": {
        const now = Date.now();
        return void this.#json(res, {
          entries: ["project.created", "member.invited", "token.revoked", "deploy.approved", "plan.changed"].map(
            (action, i) => {
              const at = new Date(Math.floor(now / this.#tickMs) * 1000 - (i + 1) * 97_000);
              return { id: `aud_${9120 - i}`, action, actor: "usr_33f0", at: at.toISOString() };
            },
          ),
        });
      }
      case "/api/geo/prj_4kq2": {
        // Coordinates projected on every request, summed in a random order: float noise everywhere.
        const sum = (parts: number[]) => shuffled(parts).reduce((a, b) => a + b, 0);
        return void this.#json(res, {
          projectId: "prj_4kq2",
          center: [sum([52.5, 0.02, 0.0001]), sum([13.4, 0.005, 0.0003])],
          bbox: [
            sum([13.0, 0.088, 0.0003]),
            sum([52.3, 0.038, 0.0002]),
            sum([13.7, 0.061, 0.0001]),
            sum([52.6, 0.075, 0.0004]),
          ],
          zoom: v.mapZoom,
        });
      }
      case "/api/projects/prj_8x1m/members": {
        // The method lists come from a set: a new order on every response.
        const methods = shuffled(v.memberMethods).join(", ");
        return void this.#json(
          res,
          {
            members: [
              { id: "usr_33f0", role: "owner" },
              { id: "usr_71aa", role: "developer" },
            ],
          },
          { allow: methods, "access-control-allow-methods": methods },
        );
      }
      case "/activity": {
        const minutesAgo = (at: number) => Math.floor((this.#now().getTime() - at) / 60_000);
        const base = Math.floor(this.#startedAt / 1000) * 1000 - 17 * 60_000;
        const events = [
          ...(v.rollbackInActivity ? [{ what: "Rollback of dep_7731 started", at: base + 9 * 60_000 }] : []),
          { what: "Deploy dep_7731 succeeded", at: base + 6 * 60_000 },
          { what: "Build 1183 passed", at: base + 3 * 60_000 },
          { what: "Dana Ortiz invited Sam Lee", at: base },
        ];
        return void this.#page(res, "Activity", [
          "<main>",
          "  <h1>Activity</h1>",
          '  <ol class="events">',
          ...events.map(
            (e) =>
              `    <li>${e.what} · <time datetime="${new Date(e.at).toISOString()}">${minutesAgo(e.at)} minutes ago</time></li>`,
          ),
          "  </ol>",
          "</main>",
        ]);
      }
      case "/robots.txt":
        return void this.#send(res, 200, "text/plain; charset=utf-8", v.robots, {
          "cache-control": "public, max-age=3600",
        });
      case "/status": {
        const updated = this.#now().toISOString().slice(11, 19);
        return void this.#page(res, "Status", [
          "<main>",
          `  <h1>${v.statusBanner}</h1>`,
          "  <ul>",
          "    <li>API — operational</li>",
          "    <li>Dashboard — operational</li>",
          "    <li>Builds — operational</li>",
          "  </ul>",
          `  <p class="tip">${TIPS[Math.floor(Math.random() * TIPS.length)]}</p>`,
          `  <p class="muted">Updated ${updated} UTC · status-page v${v.statusPageVersion}</p>`,
          "</main>",
        ]);
      }
      default:
        return void this.#json(res, { error: "not_found" }, {}, 404);
    }
  }
}

/** Starts both environments on free ports. */
export function startAcmeCloud(options: AcmeOptions = {}): Promise<RunningAcme> {
  const staging = new AcmeCloud("staging", options);
  const production = new AcmeCloud("production", options);
  return startSides({
    staging: (req, res) => staging.handle(req, res),
    production: (req, res) => production.handle(req, res),
  });
}
