/**
 * Plain `wrangler dev` on a fresh checkout has no pair directory tables until their migrations are
 * applied. The directory's routes then answer 503 with the command to run, never a bare 500, and
 * comparisons themselves keep working. This file hides the tables by renaming them, and gives them back
 * after: files share their worker's runtime (vitest.config.ts `isolate: false`), and the migrations are
 * recorded as applied, so tables dropped here would stay missing for every later file of the worker.
 */
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, compareAndWait, fresh, targets } from "../support/api";

const HIDDEN = ["events", "pairs"];
beforeAll(async () => {
  for (const table of HIDDEN) await env.DB.exec(`ALTER TABLE ${table} RENAME TO ${table}_hidden_by_test`);
});
afterAll(async () => {
  for (const table of HIDDEN.toReversed()) await env.DB.exec(`ALTER TABLE ${table}_hidden_by_test RENAME TO ${table}`);
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
