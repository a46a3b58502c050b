import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { preferMemoryTmpDir } from "./scripts/lib/memory-tmp.mjs";
import SlowFirstSequencer from "./test/slow-first.ts";

// The tests' own keys (never a deployment's). The suite runs mid-rotation: data sealed under the
// previous key must still open (test/secrets/upkeep.test.ts). wrangler looks for the required secret
// in the environment too, and warns when it is missing there.
const TEST_SECRETS_KEY = "GElGmfrt09+TMrWn66dQzmEhaTrfMIFfvpsIk76EraY=";
const TEST_SECRETS_KEY_PREVIOUS = "+99nkxrSdjNIFDadGYwz3Hz0yG4KpaYz2F2qMGAF4ps=";
process.env.ENVDIFF_SECRETS_KEY ??= TEST_SECRETS_KEY;
// Confirming a difference takes up to 4 more rounds of samples, CONFIRM_SPACING_MS apart (300 in
// production). The tests space them 25 ms apart, and the newsroom fixture's counters and clock tick
// every 50 ms to match, so a differing comparison waits 0.1 s, not 1.2 s (docs/noise.md).
const TEST_CONFIRM_SPACING_MS = "25";
process.env.NEWSROOM_TICK_MS ??= "50";
process.env.ENVDIFF_SECRETS_KEY_PREVIOUS ??= TEST_SECRETS_KEY_PREVIOUS;
// Miniflare's SQLite files (every object, D1 and Workflows) in memory, not on a syncing disk.
preferMemoryTmpDir();

export default defineConfig({
  plugins: [
    cloudflareTest({
      remoteBindings: false,
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          ALLOW_PRIVATE_TARGETS: "true",
          RATE_LIMIT_PER_MINUTE: "0",
          CONFIRM_SPACING_MS: TEST_CONFIRM_SPACING_MS,
          SUITE_PROBES_PER_MINUTE: "0",
          // No sign-in for the tests of everything else; test/auth/ calls the Worker with other modes.
          AUTH_MODE: "none",
          ENVDIFF_SECRETS_KEY: TEST_SECRETS_KEY,
          ENVDIFF_SECRETS_KEY_PREVIOUS: TEST_SECRETS_KEY_PREVIOUS,
          // The pair directory's D1 migrations, applied by test/apply-d1-migrations.ts.
          TEST_MIGRATIONS: await readD1Migrations("./migrations"),
        },
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts", "test/apply-d1-migrations.ts"],
    testTimeout: 30_000,
    // Files share their worker's runtime instead of starting workerd and applying D1's migrations
    // anew each (that was 40% of a run): every test already names its own pairs, suites and keys,
    // and tests that need a clean slate (watches) make it themselves. Two workers even on two cores
    // (vitest's default would be one): most of a test's time is waiting on targets and workflows.
    isolate: false,
    maxWorkers: 2,
    // The files that run hundreds of comparisons start first, so neither worker is left with one at the end.
    sequence: { sequencer: SlowFirstSequencer },
    // Workers log a JSON line per request and step; show them only for failing tests.
    silent: "passed-only",
  },
});
