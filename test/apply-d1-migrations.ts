/**
 * Per-file setup inside workerd: applies the pair directory's D1 migrations (migrations/,
 * read in Node by vitest.config.ts) before any test runs, as `npm run dev` does with
 * `wrangler d1 migrations apply --local`. Applied migrations are recorded, so this is a no-op
 * on a database that already has them.
 */
import { applyD1Migrations, type D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";

// A test-only binding: declared here rather than on Env, so the Worker's own code never sees it.
const { TEST_MIGRATIONS } = env as Env & { TEST_MIGRATIONS: D1Migration[] };
await applyD1Migrations(env.DB, TEST_MIGRATIONS);
