/// <reference types="node" />
/**
 * The realistic fixture: staging and production of a small shop (a JSON API and a website,
 * 11 endpoints), each its own local HTTP server, with the differences real environments have.
 * Node only (started by test/global-setup.ts; bench/global-setup.ts for `npm run bench`); no
 * relative imports, so a Node 22 script can import it directly too.
 *
 * The ground truth lives next to it in test/support/realistic.ts: the REAL differences (a price in
 * the HTML, a tax rate in an order, a feature flag, a lost cookie attribute, a missing security
 * header, a stock level, a sort order, a slow search) and the NOISE (CSRF tokens, CSP nonces, request
 * ids, timestamps, upstream timing headers, arrays whose order changes on every request).
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type RunningSides, startSides } from "./two-sides.ts";

export type ShopSide = "staging" | "production";

export type RunningShop = RunningSides;

/** Production's search is slow on every request (a missing index): a real latency difference. */
export const SLOW_SEARCH_MS = 900;

interface Variant {
  version: string;
  newCheckout: boolean;
  taxRate: number;
  proPrice: number;
  /** Stock of product 3. */
  stock3: number;
  /** The set-cookie attributes of the cart cookie. */
  cartCookie: string;
  frameOptions: boolean;
  /** How the catalogue is sorted: a real, stable difference in order. */
  sortBy: "id" | "name";
  searchDelayMs: number;
}

const VARIANTS: Record<ShopSide, Variant> = {
  staging: {
    version: "3.5.0-rc.2",
    newCheckout: true,
    taxRate: 0.19,
    proPrice: 12,
    stock3: 0,
    cartCookie: "Path=/",
    frameOptions: false,
    sortBy: "name",
    searchDelayMs: 0,
  },
  production: {
    version: "3.4.1",
    newCheckout: false,
    taxRate: 0.16,
    proPrice: 14,
    stock3: 12,
    cartCookie: "Path=/; Secure; HttpOnly; SameSite=Lax",
    frameOptions: true,
    sortBy: "id",
    searchDelayMs: SLOW_SEARCH_MS,
  },
};

const PRODUCTS = [
  { id: 1, name: "Walnut desk", price: 420 },
  { id: 2, name: "Oak shelf", price: 180 },
  { id: 3, name: "Linen lamp", price: 65 },
  { id: 4, name: "Birch stool", price: 90 },
  { id: 5, name: "Cedar bench", price: 240 },
];

const token = () => randomBytes(16).toString("base64url");
let rotation = 0;

/** Headers every response carries, all of them noise: they change on every response. */
function volatileHeaders(): Record<string, string> {
  return {
    date: new Date().toUTCString(),
    "x-request-id": randomUUID(),
    "x-envoy-upstream-service-time": String(3 + Math.floor(Math.random() * 40)),
    "x-nonce": token(),
    "server-timing": `db;dur=${Math.floor(Math.random() * 30)}`,
  };
}

function sendJson(res: ServerResponse, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(200, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...volatileHeaders(),
    ...headers,
  });
  res.end(JSON.stringify(value, null, 2));
}

function sendHtml(res: ServerResponse, v: Variant, title: string, main: string[], csrf: string): void {
  const nonce = token();
  const headers: Record<string, string> = {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-cache",
    "content-security-policy": `default-src 'self'; script-src 'self' 'nonce-${nonce}'; object-src 'none'`,
    ...volatileHeaders(),
  };
  if (v.frameOptions) headers["x-frame-options"] = "DENY";
  res.writeHead(200, headers);
  res.end(
    [
      "<!doctype html>",
      '<html lang="en">',
      "<head>",
      `  <title>${title} · Shop</title>`,
      `  <meta name="csrf-token" content="${csrf}">`,
      '  <link rel="stylesheet" href="/static/site.css">',
      "</head>",
      "<body>",
      '  <nav><a href="/">Home</a> <a href="/pricing">Pricing</a> <a href="/login">Sign in</a></nav>',
      "  <main>",
      ...main.map((line) => `    ${line}`),
      "  </main>",
      `  <footer>Rendered at ${new Date().toISOString()}</footer>`,
      `  <script nonce="${nonce}">window.shop = { ready: true };</script>`,
      "</body>",
      "</html>",
    ].join("\n"),
  );
}

function hiddenCsrf(csrf: string): string {
  return `<input type="hidden" name="csrf_token" value="${csrf}">`;
}

function handle(v: Variant, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://shop.test");
  const csrf = token();
  const meta = () => ({ generatedAt: new Date().toISOString(), requestId: randomUUID() });
  switch (url.pathname) {
    case "/api/products": {
      const products = PRODUCTS.map((p) => ({ ...p, stock: p.id === 3 ? v.stock3 : 10 + p.id }));
      products.sort((a, b) => (v.sortBy === "id" ? a.id - b.id : a.name.localeCompare(b.name)));
      return void sendJson(res, { meta: meta(), products });
    }
    case "/api/orders/1001": {
      const subtotal = 485;
      const tax = Math.round(subtotal * v.taxRate * 100) / 100;
      return void sendJson(res, {
        id: 1001,
        status: "paid",
        currency: "EUR",
        lines: [
          { sku: "DESK-1", qty: 1, price: 420 },
          { sku: "LAMP-3", qty: 1, price: 65 },
        ],
        subtotal,
        taxRate: v.taxRate,
        tax,
        total: subtotal + tax,
        nonce: token(),
        requestId: randomUUID(),
      });
    }
    case "/api/config":
      return void sendJson(
        res,
        { features: { newCheckout: v.newCheckout, wishlist: true }, currency: "EUR", meta: meta() },
        { "x-app-version": v.version },
      );
    case "/api/health":
      return void sendJson(res, { ok: true, checks: { db: "ok", cache: "ok" }, time: new Date().toISOString() });
    case "/api/search": {
      const answer = () => sendJson(res, { query: url.searchParams.get("q"), hits: [{ id: 3, name: "Linen lamp" }] });
      if (v.searchDelayMs > 0) setTimeout(answer, v.searchDelayMs);
      else answer();
      return;
    }
    case "/api/cart":
      return void sendJson(res, { items: [], count: 0 }, { "set-cookie": `cart=${token()}; ${v.cartCookie}` });
    case "/api/tags": {
      // The same tags in an order that changes on every request (a hash map's iteration order).
      const tags = ["desk", "lamp", "oak", "sale"];
      rotation = (rotation + 1) % tags.length;
      return void sendJson(res, { tags: [...tags.slice(rotation), ...tags.slice(0, rotation)] });
    }
    case "/":
      return void sendHtml(
        res,
        v,
        "Home",
        ["<h1>Furniture that lasts</h1>", "<p>Free delivery over €100.</p>", '<a href="/pricing">See plans</a>'],
        csrf,
      );
    case "/pricing":
      return void sendHtml(
        res,
        v,
        "Pricing",
        [
          "<h1>Plans</h1>",
          '<ul class="plans">',
          "  <li>Basic: €0 / month</li>",
          `  <li>Pro: €${v.proPrice} / month</li>`,
          "  <li>Team: €49 / month</li>",
          "</ul>",
          '<form method="post" action="/subscribe">',
          `  ${hiddenCsrf(csrf)}`,
          '  <button type="submit">Subscribe</button>',
          "</form>",
        ],
        csrf,
      );
    case "/login":
      return void sendHtml(
        res,
        v,
        "Sign in",
        [
          '<form method="post" action="/session">',
          `  ${hiddenCsrf(csrf)}`,
          '  <input type="email" name="email">',
          '  <input type="password" name="password">',
          "</form>",
        ],
        csrf,
      );
    case "/about":
      return void sendHtml(res, v, "About", ["<h1>About us</h1>", "<p>Made in Lisbon since 2011.</p>"], csrf);
    default:
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
  }
}

/** Starts both environments, on the given ports or on free ones. */
export function startShop(stagingPort = 0, productionPort = 0): Promise<RunningShop> {
  return startSides(
    {
      staging: (req, res) => handle(VARIANTS.staging, req, res),
      production: (req, res) => handle(VARIANTS.production, req, res),
    },
    { staging: stagingPort, production: productionPort },
  );
}
