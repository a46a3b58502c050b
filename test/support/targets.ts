/// <reference types="node" />
/**
 * Local HTTP targets for probe tests, end-to-end tests and demos. Node only: Vitest's globalSetup
 * starts it outside workerd (tests read its URL with `inject("targetBaseUrl")`), and a plain Node
 * 22 script can import this file directly (type stripping; it has no relative imports on purpose):
 *
 *   const { startTargets, startVariant } = await import("./test/support/targets.ts");
 *   const { baseUrl, close } = await startTargets(8700);
 *
 * Routes (GET and HEAD; HEAD gets the same status and headers and no body):
 *   /json[?body=&type=&status=]   /text[?body=&type=]   /empty   /binary   /status/:code
 *   /hang (never answers)   /slow-body[?interval=ms] (a byte per interval, forever)   /delay[?ms=]
 *   /huge[?mb=] (40 MB streamed)   /endless   /reset   /reset-mid-body   /garbage (not HTTP)
 *   /slow-headers[?interval=ms] (a header byte per interval, forever)   /raw/:name (see RAW_RESPONSES)
 *   /gzip-bomb[?mb=&type=] (~1 MB of gzip that inflates to 1 GiB)   /gzip-invalid
 *   /many-headers?n=&size= (n response headers with values of `size` characters)
 *   /redirect/:n[?absolute=1]   /redirect-loop   /redirect-to?url=&status=
 *   /charset/latin1   /charset/bogus   /charset/invalid-utf8   /bad-json
 *   /headers?name=value&set-cookie=a%3D1&set-cookie=b%3D2   /echo-headers   /echo-header?name= (as x-debug-echo)
 *   POST /webhook/:key[?fail=n&status=&retryAfter=] (records deliveries; GET /webhook/:key/deliveries lists them)
 *   /status-sequence?key=&codes=503,200 (n-th call: n-th status)
 *   /recorded/:key[?codes=200,503] (records the request headers, never echoes them, answers the n-th of
 *     `codes`, default 200; GET /recorded/:key/requests lists what arrived)
 *   /posted/:key (any method; records its method, content type and body, answers only its method,
 *     never the body, so a secret sent there does not come back; GET /posted/:key/requests lists them)
 *   /volatile (a new requestId in the JSON every time)   /sequence?key=&values=a,b,c (n-th call: n-th value)
 *   /variant/staging/...  /variant/production/...  (the demo service below)
 *   /variant-authorizations (every request to the demo service that carried an authorization header)
 *
 * The demo service, "staging" and "production" (also served alone at a root by startVariant()):
 * apart from volatile headers that change on every response (date, x-request-id, server-timing),
 * the two differ in exactly three places:
 *
 * | path        | staging                           | production                         |
 * |-------------|-----------------------------------|------------------------------------|
 * | /api/status | header `x-app-version: 2.1.0`     | header `x-app-version: 2.0.3`      |
 * | /api/status | body `/features/newCheckout` true | body `/features/newCheckout` false |
 * | /api/health | status 503                        | status 200                         |
 *
 * `/api/same` (and any unknown path: 404 on both) is identical apart from the volatile headers.
 *
 * `/graphql` (POST only, `{ query }` as JSON) is a small GraphQL endpoint: staging's schema has
 * `Shop.currency`, production's does not yet. A query that does not ask for `currency` is answered
 * the same by both; one that does is answered by production, as GraphQL servers do, with 200, a
 * `null` in `data` and an `errors` array.
 */

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";

export interface RunningTargets {
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  baseUrl: string;
  close(): Promise<void>;
}

/** The default body of `/json`. */
export const DEFAULT_JSON = { name: "envdiff-target", items: [1, 2, 3], nested: { ok: true } };
/** Bytes sent by `/huge` unless `?mb=` says otherwise. */
export const HUGE_BYTES = 40 * 1024 * 1024;

// ---- Variants: two versions of a small demo service (see VARIANTS) ----
export const VARIANT_NAMES = ["staging", "production"] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

export const VARIANTS = {
  staging: { version: "2.1.0", newCheckout: true, healthStatus: 503 },
  production: { version: "2.0.3", newCheckout: false, healthStatus: 200 },
} as const satisfies Record<VariantName, { version: string; newCheckout: boolean; healthStatus: number }>;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "strict-transport-security": "max-age=31536000",
    "x-request-id": randomUUID(),
    "server-timing": `app;dur=${Math.floor(Math.random() * 50)}`,
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** Each request to a variant that carried an `authorization` header: which variant, path and value. */
const variantAuthorizations: { variant: VariantName; path: string; authorization: string }[] = [];

/** Answers `path` (already stripped of any `/variant/<name>` prefix) as variant `name`. */
export function handleVariant(name: VariantName, path: string, req: IncomingMessage, res: ServerResponse): void {
  const variant = VARIANTS[name];
  const { authorization } = req.headers;
  if (authorization) variantAuthorizations.push({ variant: name, path, authorization });
  switch (path) {
    case "/graphql":
      readBody(req, (body) => answerGraphql(name, req, body, res));
      return;
    case "/":
    case "/api/status":
      send(
        res,
        200,
        { service: "shop", features: { newCheckout: variant.newCheckout, search: true }, regions: ["eu", "us"] },
        { "x-app-version": variant.version },
      );
      return;
    case "/api/health":
      send(res, variant.healthStatus, { service: "shop", checks: ["db", "cache"] });
      return;
    case "/api/same":
      send(res, 200, { service: "shop", items: [{ id: 1, name: "mug" }] });
      return;
    default:
      send(res, 404, { error: "not found" });
  }
}

/** Reads a request's whole body as UTF-8, then calls `done`. */
function readBody(req: IncomingMessage, done: (body: string) => void): void {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
}

/** The demo service's GraphQL endpoint (see above): only staging knows `Shop.currency`. */
function answerGraphql(name: VariantName, req: IncomingMessage, body: string, res: ServerResponse): void {
  const [status, answer] = graphqlAnswer(name, req.method ?? "", body);
  send(res, status, answer);
}

function graphqlAnswer(name: VariantName, method: string, body: string): [number, unknown] {
  if (method !== "POST") return [405, { errors: [{ message: "GraphQL queries are sent with POST." }] }];
  let query: unknown;
  try {
    query = (JSON.parse(body) as { query?: unknown }).query;
  } catch {
    return [400, { errors: [{ message: "The body is not JSON." }] }];
  }
  if (typeof query !== "string" || !/\bshop\b/.test(query)) {
    return [400, { errors: [{ message: "Unknown query: ask for `shop`." }] }];
  }
  const shop: Record<string, unknown> = {};
  if (/\bname\b/.test(query)) shop.name = "shop";
  if (/\bcurrency\b/.test(query)) {
    if (name === "production") {
      const error = {
        message: 'Cannot query field "currency" on type "Shop".',
        locations: [{ line: 1, column: query.indexOf("currency") + 1 }],
        extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
      };
      return [200, { data: null, errors: [error] }];
    }
    shop.currency = "EUR";
  }
  return [200, { data: { shop } }];
}

// ---- Test routes ----

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, params: string[]) => void;

const CHUNK = Buffer.alloc(64 * 1024, "x");

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(value));
}

/** Writes `total` bytes (Infinity for endless) respecting backpressure, stopping when the client leaves. */
function stream(req: IncomingMessage, res: ServerResponse, total: number, type = "application/octet-stream"): void {
  res.writeHead(
    200,
    Number.isFinite(total) ? { "content-type": type, "content-length": total } : { "content-type": type },
  );
  if (req.method === "HEAD") return void res.end();
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !res.destroyed) {
      const chunk = total - sent >= CHUNK.length ? CHUNK : CHUNK.subarray(0, total - sent);
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    if (sent >= total) res.end();
  };
  pump();
}

const sequenceCounters = new Map<string, number>();

// ---- Misbehaving targets ----

/**
 * Responses no HTTP library would send, written raw to the socket before it is closed. Each says
 * `connection: close`, so a client that parsed it does not pool the dead socket for the next test.
 */
export const RAW_RESPONSES: Record<string, string> = {
  "status-2000": "HTTP/1.1 2000 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok",
  "status-text": "HTTP/1.1 abc OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok",
  "status-missing": "HTTP/1.1\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok",
  "version-bogus": "HTTP/9.9 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok",
  "header-no-colon": "HTTP/1.1 200 OK\r\nthis is not a header\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok",
  "conflicting-length": "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\ncontent-length: 5\r\n\r\nok",
  "bad-chunked": "HTTP/1.1 200 OK\r\nconnection: close\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n",
  "short-body": "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 100\r\n\r\nonly this",
  "only-100-continue": "HTTP/1.1 100 Continue\r\n\r\n",
  "lf-only": "HTTP/1.1 200 OK\nconnection: close\ncontent-length: 2\n\nok",
};

/**
 * A gzip bomb: `mb` gzip members of 1 MiB of zeros each, concatenated (RFC 1952 allows several
 * members). About 1 KB per MiB, so 1 GiB ships in ~1 MB and is built in milliseconds.
 */
const bombs = new Map<number, Buffer>();
function gzipBomb(mb: number): Buffer {
  let bomb = bombs.get(mb);
  if (!bomb) {
    const member = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
    bomb = Buffer.concat(Array.from({ length: mb }, () => member));
    bombs.set(mb, bomb);
  }
  return bomb;
}

const HOSTILE_ROUTES: [RegExp, Handler][] = [
  // The status line at once, then one byte of a header every `?interval=` ms (default 100), forever.
  [
    /^\/slow-headers$/,
    (req, res, url) => {
      const socket = req.socket;
      socket.write("HTTP/1.1 200 OK\r\nx-slow: ");
      const timer = setInterval(() => socket.write("z"), Number(url.searchParams.get("interval") ?? 100));
      res.on("close", () => clearInterval(timer));
      socket.on("close", () => clearInterval(timer));
    },
  ],
  [
    /^\/raw\/([a-z0-9-]+)$/,
    (req, res, _url, [name]) => {
      const raw = RAW_RESPONSES[name ?? ""];
      if (raw === undefined) return json(res, 404, { error: "no such raw response" });
      req.socket.end(raw);
    },
  ],
  [
    /^\/gzip-bomb$/,
    (_req, res, url) => {
      const bomb = gzipBomb(Number(url.searchParams.get("mb") ?? 1024));
      res.writeHead(200, {
        "content-type": url.searchParams.get("type") ?? "application/octet-stream",
        "content-encoding": "gzip",
        "content-length": bomb.length,
      });
      res.end(bomb);
    },
  ],
  // Says gzip, sends bytes that are not.
  [
    /^\/gzip-invalid$/,
    (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" });
      res.end(Buffer.from("this is not gzip at all, not even close"));
    },
  ],
  // `x-h-00001: vvv…` and so on: `?n=` headers (default 5000), values of `?size=` characters (default 16).
  [
    /^\/many-headers$/,
    (_req, res, url) => {
      const n = Number(url.searchParams.get("n") ?? 5000);
      const value = "v".repeat(Number(url.searchParams.get("size") ?? 16));
      for (let i = 0; i < n; i++) res.setHeader(`x-h-${String(i).padStart(5, "0")}`, value);
      json(res, 200, { headers: n });
    },
  ],
];

// ---- Webhook receiver (watches) and a target whose status changes ----

/** What POST /webhook/:key received, in order: every attempt, failed ones included. */
export interface WebhookDelivery {
  attempt: number;
  answered: number;
  headers: Record<string, string>;
  body: string;
}
const webhookDeliveries = new Map<string, WebhookDelivery[]>();
const recordedRequests = new Map<string, Record<string, string>[]>();
/** What /posted/:key received: each request's method, content type and body, in order. */
export interface PostedRequest {
  method: string;
  contentType: string | null;
  body: string;
}
const postedRequests = new Map<string, PostedRequest[]>();

const WEBHOOK_ROUTES: [RegExp, Handler][] = [
  // POST: records the delivery; the first `?fail=` attempts (default 0) are answered `?status=` (default 500,
  // with `Retry-After: ?retryAfter=` when given), later ones 204.
  // GET /webhook/:key/deliveries: what was received, as JSON.
  [
    /^\/webhook\/([\w-]+)(\/deliveries)?$/,
    (req, res, url, [key = "", list]) => {
      if (list) return json(res, 200, webhookDeliveries.get(key) ?? []);
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const received = webhookDeliveries.get(key) ?? [];
        const attempt = received.length + 1;
        const failing = attempt <= Number(url.searchParams.get("fail") ?? 0);
        const answered = failing ? Number(url.searchParams.get("status") ?? 500) : 204;
        const retryAfter = url.searchParams.get("retryAfter");
        const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]));
        received.push({ attempt, answered, headers, body: Buffer.concat(chunks).toString("utf8") });
        webhookDeliveries.set(key, received);
        res.writeHead(answered, failing && retryAfter !== null ? { "retry-after": retryAfter } : {}).end();
      });
    },
  ],
  // Records each request's headers under :key and answers a fixed body that never repeats them, so a
  // credential sent here reaches the target without coming back in the envelope.
  [
    /^\/recorded\/([\w-]+)(\/requests)?$/,
    (req, res, url, [key = "", list]) => {
      if (list) return json(res, 200, recordedRequests.get(key) ?? []);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]));
      const seen = [...(recordedRequests.get(key) ?? []), headers];
      recordedRequests.set(key, seen);
      const codes = (url.searchParams.get("codes") ?? "200").split(",").map(Number);
      json(res, codes[Math.min(seen.length - 1, codes.length - 1)] ?? 200, { ok: true });
    },
  ],
  // Any method: records the method, content type and body under :key (a POST's body, and where a
  // redirect left it) and answers the method alone. GET /posted/:key/requests lists what arrived.
  [
    /^\/posted\/([\w-]+)(\/requests)?$/,
    (req, res, _url, [key = "", list]) => {
      if (list) return json(res, 200, postedRequests.get(key) ?? []);
      readBody(req, (body) => {
        const seen: PostedRequest = {
          method: req.method ?? "",
          contentType: req.headers["content-type"] ?? null,
          body,
        };
        postedRequests.set(key, [...(postedRequests.get(key) ?? []), seen]);
        json(res, 200, { method: seen.method });
      });
    },
  ],
  // The n-th request for a key answers with the n-th status of `codes` (the last one repeats):
  // an environment that breaks and is fixed again between comparisons.
  [
    /^\/status-sequence$/,
    (_req, res, url) => {
      const key = `status:${url.searchParams.get("key") ?? ""}`;
      const codes = (url.searchParams.get("codes") ?? "200").split(",").map(Number);
      const n = sequenceCounters.get(key) ?? 0;
      sequenceCounters.set(key, n + 1);
      json(res, codes[Math.min(n, codes.length - 1)] ?? 200, { ok: true });
    },
  ],
];

const ROUTES: [RegExp, Handler][] = [
  ...HOSTILE_ROUTES,
  ...WEBHOOK_ROUTES,
  // `?body=` replaces the JSON text (sent as is), `?type=` the content type, `?status=` the status.
  [
    /^\/json$/,
    (_req, res, url) => {
      res.writeHead(Number(url.searchParams.get("status") ?? 200), {
        "content-type": url.searchParams.get("type") ?? "application/json",
      });
      res.end(url.searchParams.get("body") ?? JSON.stringify(DEFAULT_JSON));
    },
  ],
  [
    /^\/text$/,
    (_req, res, url) => {
      res.writeHead(200, { "content-type": url.searchParams.get("type") ?? "text/plain; charset=utf-8" });
      res.end(url.searchParams.get("body") ?? "hello\nworld\n");
    },
  ],
  [/^\/empty$/, (_req, res) => void res.writeHead(200, { "content-length": "0" }).end()],
  [
    /^\/binary$/,
    (_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    },
  ],
  // Never answers; the socket stays open until the client gives up or the server closes.
  [/^\/hang$/, () => {}],
  // Headers at once, then one byte every `?interval=` ms (default 100) forever: a slowloris body.
  [
    /^\/slow-body$/,
    (req, res, url) => {
      res.writeHead(200, { "content-type": "text/plain" });
      if (req.method === "HEAD") return void res.end();
      const timer = setInterval(() => res.write("."), Number(url.searchParams.get("interval") ?? 100));
      res.on("close", () => clearInterval(timer));
    },
  ],
  // `?mb=` megabytes (default 40), streamed, with content-length.
  [
    /^\/huge$/,
    (req, res, url) => {
      const mb = url.searchParams.get("mb");
      stream(req, res, mb === null ? HUGE_BYTES : Number(mb) * 1024 * 1024);
    },
  ],
  [/^\/endless$/, (req, res) => stream(req, res, Number.POSITIVE_INFINITY, "text/plain")],
  // `/redirect/3` -> `/redirect/2` -> ... -> `/redirect/0` (200). Relative Location unless `?absolute=1`.
  [
    /^\/redirect\/(\d+)$/,
    (req, res, url, [n]) => {
      const left = Number(n);
      if (left === 0) return json(res, 200, { redirected: true });
      const next = `/redirect/${left - 1}${url.search}`;
      const absolute = url.searchParams.get("absolute") === "1";
      res.writeHead(302, { location: absolute ? `http://${req.headers.host}${next}` : next }).end();
    },
  ],
  [/^\/redirect-loop$/, (_req, res) => void res.writeHead(302, { location: "/redirect-loop" }).end()],
  // Location: `?url=` verbatim (e.g. http://169.254.169.254/), status `?status=` (default 302).
  [
    /^\/redirect-to$/,
    (_req, res, url) =>
      void res
        .writeHead(Number(url.searchParams.get("status") ?? 302), { location: url.searchParams.get("url") ?? "/" })
        .end(),
  ],
  // Closes the TCP connection with a reset before any response.
  [/^\/reset$/, (req) => void req.socket.resetAndDestroy()],
  // Headers and part of the body, then a reset.
  [
    /^\/reset-mid-body$/,
    (req, res) => {
      res.writeHead(200, { "content-type": "text/plain", "content-length": "1000" });
      res.write("partial", () => setTimeout(() => req.socket.resetAndDestroy(), 20));
    },
  ],
  // Bytes that are not HTTP at all, then a close.
  [/^\/garbage$/, (req) => void req.socket.end("SSH-2.0-OpenSSH_9.6\r\nnot http at all\r\n\r\n")],
  // "café\n" in ISO-8859-1: the é is the single byte 0xe9.
  [
    /^\/charset\/latin1$/,
    (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain; charset=iso-8859-1" });
      res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    },
  ],
  // A charset label no decoder knows, over a UTF-8 body.
  [
    /^\/charset\/bogus$/,
    (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain; charset=x-no-such-charset" });
      res.end("naïve\n");
    },
  ],
  // Invalid UTF-8 bytes labelled as UTF-8.
  [
    /^\/charset\/invalid-utf8$/,
    (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      res.end(Buffer.from([0x6f, 0x6b, 0xff, 0xfe, 0x0a]));
    },
  ],
  [
    /^\/bad-json$/,
    (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok": true,');
    },
  ],
  [/^\/status\/(\d{3})$/, (_req, res, _url, [code]) => json(res, Number(code), { status: Number(code) })],
  // Every query parameter becomes a response header; repeat `set-cookie` for several cookies.
  [
    /^\/headers$/,
    (_req, res, url) => {
      const headers: Record<string, string[]> = {};
      for (const [name, value] of url.searchParams) {
        const key = name.toLowerCase();
        headers[key] = [...(headers[key] ?? []), value];
      }
      for (const [name, values] of Object.entries(headers))
        res.setHeader(name, values.length === 1 ? values[0]! : values);
      json(res, 200, { headers });
    },
  ],
  [/^\/echo-headers$/, (req, res) => json(res, 200, { method: req.method, headers: req.headers })],
  // The request header `?name=` echoed back as the response header `x-debug-echo`, as a debug proxy might.
  [
    /^\/echo-header$/,
    (req, res, url) =>
      json(
        res,
        200,
        { ok: true },
        { "x-debug-echo": `seen ${String(req.headers[url.searchParams.get("name") ?? ""])}` },
      ),
  ],
  // A JSON field that changes on every response (a request id in the body): history calls it flapping.
  [/^\/volatile$/, (_req, res) => json(res, 200, { requestId: randomUUID(), service: "orders" })],
  // The n-th request for a key answers the n-th of `values` (the last one repeats): an environment
  // that changes between comparisons, e.g. a difference that is later fixed.
  [
    /^\/sequence$/,
    (_req, res, url) => {
      const key = url.searchParams.get("key") ?? "";
      const values = (url.searchParams.get("values") ?? "").split(",");
      const n = sequenceCounters.get(key) ?? 0;
      sequenceCounters.set(key, n + 1);
      json(res, 200, { value: values[Math.min(n, values.length - 1)] ?? null });
    },
  ],
  // Answers after `?ms=` milliseconds (default 300).
  [
    /^\/delay$/,
    (_req, res, url) => {
      const ms = Number(url.searchParams.get("ms") ?? 300);
      const timer = setTimeout(() => json(res, 200, { delayedMs: ms }), ms);
      res.on("close", () => clearTimeout(timer));
    },
  ],
  [/^\/variant-authorizations$/, (_req, res) => json(res, 200, variantAuthorizations)],
  // `/variant/staging/...` and `/variant/production/...`: the two versions of the demo service.
  [
    /^\/variant\/([a-z]+)(\/.*)?$/,
    (req, res, _url, [name, rest]) => {
      if (!(VARIANT_NAMES as readonly string[]).includes(name ?? ""))
        return json(res, 404, { error: "no such variant" });
      handleVariant(name as VariantName, rest ?? "/", req, res);
    },
  ],
];

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://target.invalid");
  for (const [pattern, handler] of ROUTES) {
    const match = pattern.exec(url.pathname);
    if (match) {
      handler(req, res, url, match.slice(1));
      return;
    }
  }
  json(res, 404, { error: "not found", path: url.pathname });
}

function listen(server: Server, port: number, host: string): Promise<RunningTargets> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        baseUrl: `http://${host}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            // /hang, /slow-body and /endless keep sockets open: drop them so close() returns.
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Starts every route on `host:port` (port 0 picks a free one). */
export function startTargets(port = 0, host = "127.0.0.1"): Promise<RunningTargets> {
  return listen(createServer(route), port, host);
}

/** Serves one variant of the demo service at the root, e.g. for `staging` on :8701 and `production` on :8702. */
export function startVariant(name: VariantName, port = 0, host = "127.0.0.1"): Promise<RunningTargets> {
  return listen(
    createServer((req, res) => handleVariant(name, new URL(req.url ?? "/", "http://v.invalid").pathname, req, res)),
    port,
    host,
  );
}
