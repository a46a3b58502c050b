/**
 * `npm run bench` (through scripts/bench.mjs): the in-workerd benchmarks under bench/.
 * Each benchmark prints its figures as JSON lines with console.log.
 */
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [
    cloudflareTest({
      remoteBindings: false,
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          ALLOW_PRIVATE_TARGETS: "true",
          RATE_LIMIT_PER_MINUTE: "0",
          RING_CAPACITY: process.env.RING_CAPACITY ?? "50",
          // The pair directory's tables, for the benchmarks that use D1 (bench/comparison-cost.bench.ts).
          TEST_MIGRATIONS: await readD1Migrations("./migrations"),
        },
      },
    }),
  ],
  test: {
    include: ["bench/**/*.bench.ts"],
    // Local HTTP targets and the D1 migrations, as the tests have them.
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/apply-d1-migrations.ts"],
    testTimeout: 600_000,
    reporters: ["./bench/json-lines-reporter.ts"],
  },
});
