// Bundles the GitHub Action's entry (packages/cli/src/action.ts, with the CLI and openapi-fetch) into
// one committed file, action/index.mjs, which action.yml runs on the runner's own Node: a workflow
// that uses the action installs nothing. `--check` writes nothing and fails when the committed
// bundle differs from what the code bundles now, so the action cannot drift from the CLI.
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { writeOrCheck } from "./lib/generated-file.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const OUT = join(ROOT, "action", "index.mjs");
const BANNER = [
  "// envdiff's GitHub Action (action.yml): packages/cli/src/action.ts and what it imports, bundled by",
  "// scripts/action-bundle.mjs. Generated: do not edit; `npm run action:bundle` rewrites it.",
].join("\n");

const result = await build({
  stdin: {
    contents: 'import { main } from "./src/action.ts";\nmain();\n',
    resolveDir: join(ROOT, "packages", "cli"),
    sourcefile: "action-entry.ts",
    loader: "ts",
  },
  bundle: true,
  platform: "node",
  format: "esm",
  // The CLI's floor: what the bundle may use runs on every Node an Actions runner offers.
  target: "node20",
  banner: { js: BANNER },
  legalComments: "eof",
  write: false,
  logLevel: "warning",
});
writeOrCheck(OUT, result.outputFiles[0].text, {
  check: process.argv.includes("--check"),
  command: "npm run action:bundle",
});
