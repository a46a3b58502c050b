import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// The tests' own keys (never a deployment's). The suite runs mid-rotation: data sealed under the
// previous key must still open (test/secrets/upkeep.test.ts). wrangler looks for the required secret
// in the environment too, and warns when it is missing there.
const TEST_SECRETS_KEY = "GElGmfrt09+TMrWn66dQzmEhaTrfMIFfvpsIk76EraY=";
const TEST_SECRETS_KEY_PREVIOUS = "+99nkxrSdjNIFDadGYwz3Hz0yG4KpaYz2F2qMGAF4ps=";
process.env.ENVDIFF_SECRETS_KEY ??= TEST_SECRETS_KEY;
process.env.ENVDIFF_SECRETS_KEY_PREVIOUS ??= TEST_SECRETS_KEY_PREVIOUS;

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
    // Workers log a JSON line per request and step; show them only for failing tests.
    silent: "passed-only",
  },
});
