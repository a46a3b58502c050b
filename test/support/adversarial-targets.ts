/// <reference types="node" />
/**
 * Serves the adversarial corpus (adversarial-corpus.ts) for end-to-end comparisons:
 * GET /<shape name>/left and /<shape name>/right, any query string ignored. Started by the test
 * global setup beside the other targets; Node only.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ADVERSARIAL_CORPUS, type AdversarialShape } from "./adversarial-corpus";

export async function startAdversarialTargets(): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const byName = new Map<string, AdversarialShape>(ADVERSARIAL_CORPUS.map((shape) => [shape.name, shape]));
  // Left and right of one shape are asked for together: keep the last few built.
  const built = new Map<string, ReturnType<AdversarialShape["build"]>>();
  const server = createServer((req, res) => {
    const [, name = "", side = ""] = new URL(req.url ?? "/", "http://a.invalid").pathname.split("/");
    const shape = byName.get(name);
    if (!shape || (side !== "left" && side !== "right")) {
      res.writeHead(404).end();
      return;
    }
    let bodies = built.get(name);
    if (!bodies) {
      bodies = shape.build();
      built.set(name, bodies);
      if (built.size > 8) built.delete(built.keys().next().value as string);
    }
    const body = bodies[side];
    res.writeHead(200, { "content-type": shape.contentType });
    res.end(typeof body === "string" ? body : Buffer.from(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
