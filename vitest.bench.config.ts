/**
 * `npm run bench` (through scripts/bench.mjs): the in-workerd benchmarks under bench/.
 * Each benchmark prints its figures as JSON lines with console.log.
 */
import { cloudflareTest } from "@cloudflare/vitest-plugin";
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
        },
      },
    }),
  ],
  test: {
    include: ["bench/**/*.bench.ts"],
    globalSetup: ["bench/global-setup.ts"],
    testTimeout: 600_000,
    reporters: ["./bench/json-lines-reporter.ts"],
  },
});
