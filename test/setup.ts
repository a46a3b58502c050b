/**
 * Per-file setup inside workerd. Workers AI cannot run here (it is always remote), so
 * every test starts with a model that refuses at once, as `wrangler dev --local` does;
 * tests of the AI path replace it with their own mock.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, vi } from "vitest";

beforeEach(() => {
  vi.spyOn(env.AI, "run").mockRejectedValue(new Error("Workers AI is not available in tests"));
});

afterEach(() => {
  vi.restoreAllMocks();
});
