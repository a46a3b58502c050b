/// <reference types="node" />
/**
 * Local stand-ins for Slack's and Teams' incoming webhooks: each checks a POST against the chat's
 * message schema (test/support/chat-schemas.ts) and answers as the service does, 200 `ok` when it
 * accepts the message and 400 with the reason when it does not, so a delivery the chat would refuse
 * fails like it would in production. Node only, started by test/global-setup.ts (tests read
 * `inject("chatReceiverUrl")`).
 *
 *   POST /slack/:key, POST /teams/:key   a message; `?fail=n` answers the first n attempts 500
 *   GET  /slack/:key/deliveries, /teams/:key/deliveries   what arrived, in order
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { chatRefusal } from "./chat-schemas";

export interface ChatDelivery {
  attempt: number;
  answered: number;
  /** Null when the message was accepted; otherwise why the chat refused it. */
  refusal: string | null;
  headers: Record<string, string>;
  body: string;
}

export interface RunningChatReceivers {
  baseUrl: string;
  close(): Promise<void>;
}

const ROUTE = /^\/(slack|teams)\/([\w-]+)(\/deliveries)?$/;

export async function startChatReceivers(): Promise<RunningChatReceivers> {
  const received = new Map<string, ChatDelivery[]>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = ROUTE.exec(url.pathname);
    if (!match) return void res.writeHead(404).end();
    const [, kind = "slack", key = "", list] = match;
    const id = `${kind}/${key}`;
    if (list)
      return void res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(received.get(id) ?? []));
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const seen = received.get(id) ?? [];
      const attempt = seen.length + 1;
      const failing = attempt <= Number(url.searchParams.get("fail") ?? 0);
      const refusal = failing ? null : chatRefusal(kind as "slack" | "teams", body);
      const answered = failing ? 500 : refusal === null ? 200 : 400;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]));
      seen.push({ attempt, answered, refusal, headers, body });
      received.set(id, seen);
      res.writeHead(answered, { "content-type": "text/plain" }).end(answered === 200 ? "ok" : (refusal ?? "error"));
    });
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
