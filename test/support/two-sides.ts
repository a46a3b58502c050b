/**
 * A realistic fixture's two environments on loopback, and one way to stop them. Every fixture
 * (shop.ts, newsroom.ts, acme-cloud.ts, devhub.ts) serves a staging and a production variant of one
 * service; only their request handlers differ. Imported with its `.ts` extension, so a fixture still
 * runs under Node's own type stripping (bench/node/step-cpu.bench.ts starts the shop that way).
 */
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RunningSides {
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  stagingUrl: string;
  productionUrl: string;
  close(): Promise<void>;
}

function listen(handler: RequestListener, port: number): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Starts both environments, on the given ports or on free ones. */
export async function startSides(
  handlers: { staging: RequestListener; production: RequestListener },
  ports: { staging: number; production: number } = { staging: 0, production: 0 },
): Promise<RunningSides> {
  const staging = await listen(handlers.staging, ports.staging);
  const production = await listen(handlers.production, ports.production);
  const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  return {
    stagingUrl: url(staging),
    productionUrl: url(production),
    close: async () => {
      await Promise.all([stop(staging), stop(production)]);
    },
  };
}
