/// <reference types="node" />
/**
 * Small targets for the issue 23 tests (identity, consequences, severities): responses that carry
 * the headers real services derive from their body (`content-length`, `etag`), which the other
 * targets leave to Node's chunked encoding, and a list that comes back in a new order every time.
 * Node only, started by test/global-setup.ts (tests read `inject("answerTargetsUrl")`); no relative
 * imports, so a plain Node 22 script can import it too.
 *
 *   /doc?body=&status=&type=&h-<name>=<value>
 *       `body` sent as is (default `{}`), with `content-length`, a strong `etag` over the body,
 *       `status` (default 200), `type` (default application/json) and any `h-<name>` as a header.
 *   /shuffled?missing=<id>&n=<count>
 *       `{ "results": [{ "id": "art_1", "title": … }, …] }` with articles art_1…art_n (default 12),
 *       in a new random order on every request, without `missing`.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RunningAnswerTargets {
  baseUrl: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  const bytes = Buffer.from(body, "utf8");
  res.writeHead(status, {
    "content-type": "application/json",
    ...headers,
    "content-length": String(bytes.length),
    etag: `"${createHash("sha1").update(bytes).digest("hex").slice(0, 16)}"`,
  });
  res.end(bytes);
}

function doc(res: ServerResponse, url: URL): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of url.searchParams) if (name.startsWith("h-")) headers[name.slice(2)] = value;
  const type = url.searchParams.get("type");
  if (type) headers["content-type"] = type;
  send(res, Number(url.searchParams.get("status") ?? 200), url.searchParams.get("body") ?? "{}", headers);
}

function shuffled(res: ServerResponse, url: URL): void {
  const n = Number(url.searchParams.get("n") ?? 12);
  const missing = url.searchParams.get("missing");
  const results = Array.from({ length: n }, (_, i) => ({ id: `art_${i + 1}`, title: `Article ${i + 1}` })).filter(
    (a) => a.id !== missing,
  );
  // Fisher–Yates: a set whose order means nothing, like search results ranked by a random tie-break.
  for (let i = results.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [results[i], results[j]] = [results[j] as (typeof results)[number], results[i] as (typeof results)[number]];
  }
  send(res, 200, JSON.stringify({ results }), {});
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://answers.test");
  if (url.pathname === "/doc") doc(res, url);
  else if (url.pathname === "/shuffled") shuffled(res, url);
  else {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  }
}

export async function startAnswerTargets(port = 0): Promise<RunningAnswerTargets> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
