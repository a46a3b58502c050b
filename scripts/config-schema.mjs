// Generates the config file's JSON Schema, packages/cli/envdiff.config.schema.json, from the zod
// shape in scripts/lib/config-shape.ts (itself built from the API's zod definitions) with zod's
// z.toJSONSchema. `--check` writes nothing and fails when the committed schema differs from what the
// code generates now: an option the API gains reaches editors with the next regeneration, or CI fails.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { writeOrCheck } from "./lib/generated-file.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const OUT = join(ROOT, "packages", "cli", "envdiff.config.schema.json");

const temp = mkdtempSync(join(tmpdir(), "envdiff-config-schema-"));
try {
  const bundle = join(temp, "config-shape.mjs");
  await build({
    entryPoints: [join(ROOT, "scripts", "lib", "config-shape.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile: bundle,
    logLevel: "warning",
  });
  const { configJsonSchema } = await import(pathToFileURL(bundle).href);
  writeOrCheck(OUT, `${JSON.stringify(configJsonSchema(), null, 2)}\n`, {
    check: process.argv.includes("--check"),
    command: "npm run config-schema",
  });
} finally {
  rmSync(temp, { recursive: true, force: true });
}
