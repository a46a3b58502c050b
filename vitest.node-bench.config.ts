/**
 * `npm run bench` (through scripts/bench.mjs): the benchmarks that must run in Node rather than
 * workerd, because they measure CPU time. workerd's clocks stand still while code computes (a
 * Spectre mitigation), so CPU per step is measured here with process.cpuUsage() on the same code.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["bench/node/**/*.bench.ts"],
    testTimeout: 600_000,
    reporters: ["./bench/json-lines-reporter.ts"],
  },
});
