/**
 * Plain `wrangler dev` on a fresh checkout has no pair directory tables until their migrations are
 * applied. The directory's routes then answer 503 with the command to run, never a bare 500, and
 * comparisons themselves keep working. This file drops the tables; storage is isolated per file.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, compareAndWait, fresh, targets } from "../support/api";

beforeAll(async () => {
  await env.DB.exec("DROP TABLE IF EXISTS events; DROP TABLE IF EXISTS pairs;");
});

describe("the pair directory before its migrations are applied", () => {
  it.each(["/api/pairs", `/api/pairs/${"a".repeat(64)}`, `/api/pairs/${"a".repeat(64)}/events`])(
    "GET %s answers 503 naming the command that creates the tables",
    async (path) => {
      const res = await api(path);
      expect(res.status).toBe(503);
      const { error } = await res.json<{ error: { code: string; message: string } }>();
      expect(error.code).toBe("directory_unavailable");
      expect(error.message).toContain("npm run db:migrate:local");
      expect(error.message).toContain("wrangler d1 migrations apply DB --remote");
    },
  );

  it("a comparison still completes; only the directory misses it", async () => {
    const q = fresh();
    const state = await compareAndWait(`${targets()}/json${q}`, `${targets()}/json${q}&v=2`);
    expect(state.status).toBe("completed");
  });
});
