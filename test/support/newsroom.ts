/// <reference types="node" />
/**
 * The second realistic fixture (issue 23): staging and production of "The Ledger", a newsroom — a
 * JSON content API (articles with pagination, one article, search, feature flags, sections,
 * comments, a live blog, health and stats), three HTML pages, a redirect and a static asset. 15
 * endpoints, each its own pair of local HTTP servers, written without looking at how envdiff tells
 * noise apart: what a real service of this kind sends.
 *
 * Its ground truth is test/support/newsroom-truth.ts, written before envdiff was ever run on it.
 * Node only, no relative imports (a Node 22 script can import it directly), like shop.ts.
 *
 * Noise it makes on purpose, none of which may be reported:
 * - counters: `uptimeSeconds` ticks every `tickMs` (1 s in production-like use) and `served` grows
 *   with every request; a "generated HH:MM:SS" line in the pages ticks with the same clock;
 * - random values: a 50/50 `x-ab-bucket: A|B` header (and `bucket` in the flags), a 50/50
 *   `x-edge-cache: HIT|MISS`, `readersOnline`, search's `tookMs`;
 * - order: tags, sections and search results in a random order on every request, and a shuffled
 *   `<li>` trending list in two pages;
 * - per-request ids and nonces: `x-request-id`, `requestId` and `traceId` in JSON, a request-id meta
 *   tag, CSP nonces (header and script), an `x-edge-nonce` header, a `form_key` hidden input;
 * - derived headers: `content-length` and a weak `etag` of the body, as Express sends them;
 * - timestamps: `date`, `generatedAt`, `evaluatedAt` (epoch seconds);
 * - jitter: every endpoint waits a random 0–`jitterMs` ms (80 by default) before answering.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type RunningSides, startSides } from "./two-sides.ts";

export type NewsroomSide = "staging" | "production";

export interface NewsroomOptions {
  /** How often the uptime counter and the pages' "generated" clock tick; 1000 like a real one. */
  tickMs?: number;
  /** Every endpoint answers after a random 0..jitterMs ms. */
  jitterMs?: number;
}

export type RunningNewsroom = RunningSides;

/** `/api/live` takes this long on production, and LIVE_REGRESSION_MS more on staging. */
export const LIVE_BASE_MS = 200;
export const LIVE_REGRESSION_MS = 600;
export const DEFAULT_JITTER_MS = 80;

interface Variant {
  /** Seconds of uptime at the fixture's start: the two deployments were not started together. */
  uptimeBase: number;
  servedBase: number;
  /** Section of article a-1042 in the list (a keyed element's field). */
  section1042: string;
  /** Staging renamed the author field. */
  authorField: "authorName" | "byline";
  /** Search results: staging's index misses a-0998. */
  searchIds: string[];
  paywallV2: boolean;
  defaultSection: boolean;
  commentsStatus: number;
  liveDelayMs: number;
  assetCacheControl: string;
  hsts: string;
  paywallPrice: string;
  goStatsStatus: number;
}

const VARIANTS: Record<NewsroomSide, Variant> = {
  staging: {
    uptimeBase: 3 * 86_400 + 517,
    servedBase: 48_211,
    section1042: "local",
    authorField: "byline",
    searchIds: ["a-1042", "a-1031", "a-1017", "a-1003", "a-0987"],
    paywallV2: true,
    defaultSection: false,
    commentsStatus: 500,
    liveDelayMs: LIVE_BASE_MS + LIVE_REGRESSION_MS,
    assetCacheControl: "no-cache",
    hsts: "max-age=300",
    paywallPrice: "€5.99",
    goStatsStatus: 302,
  },
  production: {
    uptimeBase: 41 * 86_400 + 20_013,
    servedBase: 9_310_554,
    section1042: "politics",
    authorField: "authorName",
    searchIds: ["a-1042", "a-1031", "a-1017", "a-1003", "a-0998", "a-0987"],
    paywallV2: false,
    defaultSection: true,
    commentsStatus: 200,
    liveDelayMs: LIVE_BASE_MS,
    assetCacheControl: "public, max-age=31536000, immutable",
    hsts: "max-age=31536000; includeSubDomains",
    paywallPrice: "€4.99",
    goStatsStatus: 301,
  },
};

const ARTICLES = [
  ["a-1049", "Tram line 4 reopens after six months", "local"],
  ["a-1048", "Harbour festival draws record crowds", "culture"],
  ["a-1046", "Rates held as inflation cools", "business"],
  ["a-1042", "Council approves budget", "politics"],
  ["a-1041", "Youth team reaches national final", "sport"],
  ["a-1039", "New library wing opens", "culture"],
  ["a-1036", "Port strike ends after talks", "business"],
  ["a-1033", "Cycle lanes extended downtown", "local"],
  ["a-1031", "Budget hearing draws protest", "politics"],
  ["a-1027", "Orchestra names new conductor", "culture"],
] as const;
const PER_PAGE = 5;
const TAGS: Record<string, string[]> = {
  "a-1042": ["budget", "council", "city-hall"],
  "a-1031": ["budget", "protest"],
};
const SECTIONS = ["world", "politics", "business", "sport", "culture", "local"];
const STORIES = [
  "Council approves budget",
  "Tram line 4 reopens after six months",
  "Harbour festival draws record crowds",
  "Rates held as inflation cools",
  "Port strike ends after talks",
];
const APP_JS = 'import "./vendor.js";\nwindow.ledger = { ready: true, version: "2026.11" };\n';

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const coin = <T>(a: T, b: T): T => (Math.random() < 0.5 ? a : b);
const token = () => randomBytes(12).toString("base64url");

/** Express's default ETag: weak, length and a SHA-1 of the body. */
function etagOf(body: string): string {
  const hash = createHash("sha1").update(body).digest("base64").slice(0, 27);
  return `W/"${Buffer.byteLength(body).toString(16)}-${hash}"`;
}

class Newsroom {
  readonly #v: Variant;
  readonly #tickMs: number;
  readonly #jitterMs: number;
  readonly #startedAt = Date.now();
  #served: number;

  constructor(side: NewsroomSide, options: NewsroomOptions) {
    this.#v = VARIANTS[side];
    this.#tickMs = options.tickMs ?? 1000;
    this.#jitterMs = options.jitterMs ?? DEFAULT_JITTER_MS;
    this.#served = this.#v.servedBase;
  }

  #uptime(): number {
    return this.#v.uptimeBase + Math.floor((Date.now() - this.#startedAt) / this.#tickMs);
  }

  /** A clock with one-tick resolution, shown as HH:MM:SS. */
  #clock(): string {
    const ticks = Math.floor(Date.now() / this.#tickMs);
    return new Date(ticks * 1000).toISOString().slice(11, 19);
  }

  #send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string>): void {
    res.writeHead(status, {
      "content-type": type,
      "content-length": String(Buffer.byteLength(body)),
      etag: etagOf(body),
      date: new Date().toUTCString(),
      "x-request-id": randomUUID(),
      "x-powered-by": "Express",
      ...headers,
    });
    res.end(body);
  }

  #json(res: ServerResponse, value: unknown, headers: Record<string, string> = {}, status = 200): void {
    const body = JSON.stringify(value);
    this.#send(res, status, "application/json; charset=utf-8", body, {
      "cache-control": "private, max-age=0, must-revalidate",
      ...headers,
    });
  }

  #page(res: ServerResponse, title: string, main: string[]): void {
    const nonce = token();
    const body = [
      "<!doctype html>",
      '<html lang="en">',
      "<head>",
      `  <title>${title} · The Ledger</title>`,
      `  <meta name="request-id" content="${randomUUID()}">`,
      '  <link rel="stylesheet" href="/static/site.css">',
      "</head>",
      "<body>",
      '  <header><a href="/">The Ledger</a> <a href="/newsletter">Newsletter</a></header>',
      ...main.map((line) => `  ${line}`),
      `  <footer>Page generated ${this.#clock()} UTC</footer>`,
      `  <script nonce="${nonce}" src="/static/app.js"></script>`,
      "</body>",
      "</html>",
    ].join("\n");
    this.#send(res, 200, "text/html; charset=utf-8", body, {
      "cache-control": "public, max-age=60",
      "content-security-policy": `default-src 'self'; script-src 'self' 'nonce-${nonce}'`,
      "strict-transport-security": this.#v.hsts,
      "x-ab-bucket": coin("A", "B"),
      "x-edge-cache": coin("HIT", "MISS"),
      "x-edge-nonce": token(),
    });
  }

  #trending(heading: string): string[] {
    return [
      `<h2>${heading}</h2>`,
      '<ul class="trending">',
      ...shuffled(STORIES).map((s) => `  <li>${s}</li>`),
      "</ul>",
    ];
  }

  #articles(page: number) {
    const slice = ARTICLES.slice((page - 1) * PER_PAGE, page * PER_PAGE);
    return slice.map(([id, title, section]) => ({
      id,
      title,
      section: id === "a-1042" ? this.#v.section1042 : section,
      tags: shuffled(TAGS[id] ?? [section]),
      url: `/article/${id}`,
    }));
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.#served++;
    const url = new URL(req.url ?? "/", "http://ledger.test");
    const extra = url.pathname === "/api/live" ? this.#v.liveDelayMs : 0;
    setTimeout(() => this.#route(url, res), extra + Math.random() * this.#jitterMs);
  }

  #route(url: URL, res: ServerResponse): void {
    const v = this.#v;
    const meta = () => ({ requestId: randomUUID(), generatedAt: new Date().toISOString() });
    switch (url.pathname) {
      case "/api/articles": {
        const page = Math.max(1, Number(url.searchParams.get("page") ?? "1") || 1);
        const pages = Math.ceil(ARTICLES.length / PER_PAGE);
        return void this.#json(
          res,
          {
            page,
            perPage: PER_PAGE,
            total: ARTICLES.length,
            articles: this.#articles(page),
            next: page < pages ? `/api/articles?page=${page + 1}` : null,
            meta: meta(),
          },
          { "x-ab-bucket": coin("A", "B") },
        );
      }
      case "/api/articles/a-1042":
        return void this.#json(res, {
          id: "a-1042",
          title: "Council approves budget",
          [v.authorField]: "Ines Duarte",
          wordCount: 812,
          views: this.#served,
          traceId: token(),
        });
      case "/api/search":
        return void this.#json(res, {
          query: url.searchParams.get("q"),
          results: shuffled(v.searchIds).map((id) => ({ id, url: `/article/${id}` })),
          tookMs: 3 + Math.floor(Math.random() * 40),
          requestId: randomUUID(),
        });
      case "/api/flags": {
        const bucket = coin("A", "B");
        return void this.#json(
          res,
          {
            flags: { liveBlog: true, paywallV2: v.paywallV2, darkMode: true },
            bucket,
            evaluatedAt: Math.floor(Date.now() / 1000),
          },
          { "x-ab-bucket": bucket },
        );
      }
      case "/api/health":
        return void this.#json(res, {
          status: "ok",
          uptimeSeconds: this.#uptime(),
          served: this.#served,
          checks: { db: "ok", search: "ok" },
        });
      case "/api/stats":
        return void this.#json(res, {
          articlesToday: 17,
          readersOnline: 900 + Math.floor(Math.random() * 400),
          servedToday: this.#served,
          uptimeSeconds: this.#uptime(),
        });
      case "/api/sections":
        return void this.#json(
          res,
          v.defaultSection
            ? { sections: shuffled(SECTIONS), defaultSection: "world" }
            : { sections: shuffled(SECTIONS) },
        );
      case "/api/comments/a-1042":
        if (v.commentsStatus !== 200) {
          return void this.#json(res, { error: "internal", requestId: randomUUID() }, {}, v.commentsStatus);
        }
        return void this.#json(res, {
          articleId: "a-1042",
          comments: [
            { id: "c-1", author: "m.silva", text: "About time." },
            { id: "c-2", author: "j.ko", text: "What about the tram budget?" },
          ],
        });
      case "/api/live":
        return void this.#json(res, {
          liveBlog: "budget-vote",
          updates: [
            { id: "u-3", text: "Vote passes 31 to 12." },
            { id: "u-2", text: "Debate closes." },
          ],
          meta: meta(),
        });
      case "/":
        return void this.#page(res, "Home", [
          "<main>",
          "  <h1>Today</h1>",
          '  <p class="lead">Council approves budget after a long night.</p>',
          ...this.#trending("Trending").map((l) => `  ${l}`),
          "</main>",
        ]);
      case "/article/a-1042":
        return void this.#page(res, "Council approves budget", [
          "<main>",
          "  <h1>Council approves budget</h1>",
          '  <p class="byline">By Ines Duarte</p>',
          "  <p>The council approved the 2027 budget by 31 votes to 12.</p>",
          `  <p class="paywall">Read on for ${v.paywallPrice} a month.</p>`,
          ...this.#trending("Most read").map((l) => `  ${l}`),
          "</main>",
        ]);
      case "/newsletter":
        return void this.#page(res, "Newsletter", [
          "<main>",
          '  <form method="post" action="/newsletter">',
          `    <input type="hidden" name="form_key" value="${token()}">`,
          '    <input type="email" name="email">',
          "    <button>Subscribe</button>",
          "  </form>",
          "</main>",
        ]);
      case "/static/app.js":
        return void this.#send(res, 200, "text/javascript; charset=utf-8", APP_JS, {
          "cache-control": v.assetCacheControl,
          "x-edge-cache": coin("HIT", "MISS"),
        });
      case "/go/stats":
        res.writeHead(v.goStatsStatus, {
          location: "/api/stats",
          "content-length": "0",
          date: new Date().toUTCString(),
        });
        return void res.end();
      default:
        return void this.#json(res, { error: "not_found" }, {}, 404);
    }
  }
}

/** Starts both environments on free ports. */
export function startNewsroom(options: NewsroomOptions = {}): Promise<RunningNewsroom> {
  const staging = new Newsroom("staging", options);
  const production = new Newsroom("production", options);
  return startSides({
    staging: (req, res) => staging.handle(req, res),
    production: (req, res) => production.handle(req, res),
  });
}
