/// <reference types="node" />
/**
 * Local HTTP targets for the suite tests (and the suite benchmark): two "environments" of one small
 * service under `/left` and `/right`, plus discovery documents under `/left`. Node only, started by
 * test/global-setup.ts (tests read `inject("suiteTargetBaseUrl")`); no relative imports, so a plain
 * Node 22 script can import it too.
 *
 *   /{left,right}/p/:n             identical JSON on both sides
 *   /{left,right}/diff[/:key]      a body field that differs (a medium difference)
 *   /{left,right}/fail[/:key]      200 on the left, 500 on the right (a high difference)
 *   /{left,right}/switch/:key      the right side answers what PUT /control/:key?value= set (default "ok")
 *   /{left,right}/status/:key      the right side answers the status PUT /control/:key?value= set (default 200)
 *   /{left,right}/recorded/:key    records the request's headers per side (never echoes them);
 *                                  GET /recorded/:side/:key lists what arrived
 *   /left/openapi.json  /left/sitemap.xml  /left/not-openapi.json  /left/not-sitemap.xml
 *   /left/empty-openapi.json  /left/empty-sitemap.xml  /left/bad-reference-sitemap.xml   discovery documents (see below)
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RunningSuiteTargets {
  baseUrl: string;
  close(): Promise<void>;
}

/** What GET /left/openapi.json leads to: the GET operations with no required parameter. */
export const OPENAPI_PATHS = ["/p/1", "/p/2", "/diff"];
/** The <loc> entries of /left/sitemap.xml under the left base. */
export const SITEMAP_PATHS = ["/p/1", "/p/2?page=2", "/fail"];

const controls = new Map<string, string>();
/** `${side}:${key}` → the headers of each request that arrived there. */
const recorded = new Map<string, Record<string, string | string[] | undefined>[]>();

function json(res: ServerResponse, status: number, body: unknown, type = "application/json"): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

function openapi(): unknown {
  return {
    openapi: "3.0.3",
    info: { title: "suite target", version: "1" },
    components: { parameters: { Required: { name: "q", in: "query", required: true, schema: { type: "string" } } } },
    paths: {
      "/p/1": { get: { responses: { 200: { description: "ok" } } } },
      "/p/2": { get: { parameters: [{ name: "page", in: "query", schema: { type: "integer" } }], responses: {} } },
      "/diff": { get: { responses: {} }, post: { responses: {} } },
      "/items/{id}": { get: { responses: {} } },
      "/search": { get: { parameters: [{ name: "q", in: "query", required: true }], responses: {} } },
      "/by-ref": { get: { parameters: [{ $ref: "#/components/parameters/Required" }], responses: {} } },
      "/create": { post: { responses: {} } },
      "/header": { parameters: [{ name: "x-tenant", in: "header", required: true }], get: { responses: {} } },
    },
  };
}

function sitemap(base: string): string {
  const locs = [...SITEMAP_PATHS.map((p) => `${base}/left${p.replace("&", "&amp;")}`), "https://other.example.com/p/1"];
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${locs.map((loc) => `  <url><loc>${loc}</loc></url>`).join("\n")}
</urlset>`;
}

type Answer = [status: number, body: unknown, type?: string];

/** What `path` under one side answers; null for an unknown path. */
function answer(side: string, path: string, search: string, base: string): Answer | null {
  const right = side === "right";
  const page = /^\/p\/([\w-]+)$/.exec(path);
  if (page) return [200, { page: page[1], query: search }];
  // `/diff/<key>` and `/fail/<key>` answer the same: a pair of their own for one test.
  if (/^\/diff(\/[\w-]+)?$/.test(path)) return [200, { version: right ? "2.0.3" : "2.1.0", ok: true }];
  if (/^\/fail(\/[\w-]+)?$/.test(path)) return [right ? 500 : 200, { ok: !right }];
  const switched = /^\/switch\/([\w-]+)$/.exec(path);
  if (switched) return [200, { value: right ? (controls.get(switched[1] ?? "") ?? "ok") : "ok" }];
  const status = /^\/status\/([\w-]+)$/.exec(path);
  if (status) return [right ? Number(controls.get(status[1] ?? "") ?? 200) : 200, { ok: true }];
  if (right) return null;
  const documents: Record<string, Answer> = {
    "/openapi.json": [200, openapi()],
    "/sitemap.xml": [200, sitemap(base), "application/xml"],
    "/not-openapi.json": [200, { swagger: "2.0", paths: {} }],
    "/not-sitemap.xml": [200, "<html><body>hello</body></html>", "text/html"],
    "/empty-openapi.json": [200, { openapi: "3.1.0", paths: { "/x/{id}": { get: {} } } }],
    "/empty-sitemap.xml": [200, "<urlset><url><loc>https://other.example.com/</loc></url></urlset>", "text/xml"],
    // A character reference past U+10FFFF: not well-formed XML (issue 21, finding 8).
    "/bad-reference-sitemap.xml": [
      200,
      `<urlset><url><loc>${base}/left/p/a&#x110000;</loc></url></urlset>`,
      "text/xml",
    ],
  };
  return documents[path] ?? null;
}

function route(req: IncomingMessage, res: ServerResponse, base: string): void {
  const url = new URL(req.url ?? "/", "http://suite.invalid");
  const control = /^\/control\/([\w-]+)$/.exec(url.pathname);
  if (control && req.method === "PUT") {
    controls.set(control[1] ?? "", url.searchParams.get("value") ?? "");
    res.writeHead(204).end();
    return;
  }
  const listed = /^\/recorded\/(left|right)\/([\w-]+)$/.exec(url.pathname);
  if (listed) {
    json(res, 200, recorded.get(`${listed[1]}:${listed[2]}`) ?? []);
    return;
  }
  const record = /^\/(left|right)\/recorded\/([\w-]+)$/.exec(url.pathname);
  if (record) {
    const key = `${record[1]}:${record[2]}`;
    recorded.set(key, [...(recorded.get(key) ?? []), req.headers]);
    json(res, 200, { ok: true });
    return;
  }
  const match = /^\/(left|right)(\/.*)$/.exec(url.pathname);
  const found = match ? answer(match[1] ?? "", match[2] ?? "/", url.search, base) : null;
  if (found) json(res, ...found);
  else json(res, 404, { error: "not found", path: url.pathname });
}

export function startSuiteTargets(port = 0, host = "127.0.0.1"): Promise<RunningSuiteTargets> {
  return new Promise((resolve, reject) => {
    let base = "";
    const server = createServer((req, res) => route(req, res, base));
    // Longer than the runtime keeps idle connections: otherwise a request can meet a connection the
    // server just closed ("Network connection lost"), under the bursts suites make.
    server.keepAliveTimeout = 65_000;
    server.once("error", reject);
    server.listen(port, host, () => {
      base = `http://${host}:${(server.address() as AddressInfo).port}`;
      resolve({
        baseUrl: base,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
