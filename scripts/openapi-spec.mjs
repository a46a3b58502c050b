// Renders the served OpenAPI document offline into packages/cli/openapi.json and generates the CLI's
// client types from it (packages/cli/src/api.d.ts) with openapi-typescript's default flags.
// `--check` writes nothing and fails when either file differs from what the code renders now:
// a route or schema that changed without regenerating breaks CI before it breaks a client.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = resolve(import.meta.dirname, "..");
const CLI = join(ROOT, "packages", "cli");
const SPEC = join(CLI, "openapi.json");
const TYPES = join(CLI, "src", "api.d.ts");
/** The server URL written into the committed document; the served one names its own origin. */
export const SPEC_SERVER = "http://127.0.0.1:8787";

const check = process.argv.includes("--check");
const temp = mkdtempSync(join(tmpdir(), "envdiff-openapi-"));
try {
  const bundle = join(temp, "openapi.mjs");
  await build({
    entryPoints: [join(ROOT, "src", "api", "openapi.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile: bundle,
    logLevel: "warning",
  });
  const { openApiDocument } = await import(pathToFileURL(bundle).href);
  const spec = `${JSON.stringify(openApiDocument(SPEC_SERVER), null, 2)}\n`;
  const specFile = join(temp, "openapi.json");
  writeFileSync(specFile, spec);
  const typesFile = join(temp, "api.d.ts");
  execFileSync(join(CLI, "node_modules", ".bin", "openapi-typescript"), [specFile, "-o", typesFile, "--silent"], {
    stdio: "pipe",
  });
  const types = readFileSync(typesFile, "utf8");

  const stale = [
    [SPEC, spec],
    [TYPES, types],
  ].filter(([file, text]) => {
    let current = null;
    try {
      current = readFileSync(file, "utf8");
    } catch {}
    return current !== text;
  });
  if (check) {
    if (stale.length > 0) {
      console.error(`Out of date: ${stale.map(([f]) => f.slice(ROOT.length + 1)).join(", ")}. Run npm run spec.`);
      process.exit(1);
    }
    console.log("openapi.json and api.d.ts match the code.");
  } else {
    for (const [file, text] of stale) writeFileSync(file, text);
    console.log(stale.length ? `Wrote ${stale.map(([f]) => f.slice(ROOT.length + 1)).join(", ")}.` : "Up to date.");
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
