/**
 * `npm run bench` (through scripts/bench.mjs): the in-workerd benchmarks under bench/.
 * Each benchmark prints its figures as JSON lines with console.log.
 */
import { randomBytes } from "node:crypto";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// A throwaway secrets key per run (wrangler also looks for the required secret in the environment).
process.env.ENVDIFF_SECRETS_KEY ??= randomBytes(32).toString("base64");
process.env.ENVDIFF_SECRETS_KEY_PREVIOUS ??= "none";

export default defineConfig({
  plugins: [
    cloudflareTest({
      remoteBindings: false,
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          ALLOW_PRIVATE_TARGETS: "true",
          RATE_LIMIT_PER_MINUTE: "0",
          SUITE_PROBES_PER_MINUTE: "0",
          RING_CAPACITY: process.env.RING_CAPACITY ?? "50",
          // The production spacing unless measuring another (docs/noise.md § Confirming).
          CONFIRM_SPACING_MS: process.env.CONFIRM_SPACING_MS ?? "300",
          // bench/auth.bench.ts compares signed-in modes against this one by passing its own env.
          AUTH_MODE: "none",
          TEST_MIGRATIONS: await readD1Migrations("./migrations"),
          ENVDIFF_SECRETS_KEY: process.env.ENVDIFF_SECRETS_KEY,
          ENVDIFF_SECRETS_KEY_PREVIOUS: "none",
        },
      },
    }),
  ],
  test: {
    include: ["bench/**/*.bench.ts"],
    // CPU time is measured in Node (vitest.node-bench.config.ts): workerd's clocks stand still while code computes.
    exclude: ["bench/node/**"],
    // Local HTTP targets and the D1 migrations, as the tests have them.
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/apply-d1-migrations.ts"],
    testTimeout: 600_000,
    reporters: ["./bench/json-lines-reporter.ts"],
  },
});
