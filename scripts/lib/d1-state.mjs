// The pair directory's D1 tables in a `wrangler dev --persist-to` folder, without paying for
// `wrangler d1 migrations apply` on every server start. Applying them starts wrangler and a workerd of
// its own (about 5 s of CPU), and the test phases start a dozen servers: so the migrations are
// applied once into a template, keyed by the migrations' contents, and a new state folder gets a copy
// of its D1 files. A folder that already holds a D1 database (a restarted server, the demo's state)
// is migrated in place as before, unless it records that the current migrations are already in it.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");
const CACHE = join(ROOT, "node_modules", ".cache", "envdiff-d1");
/** Where wrangler keeps D1's SQLite files inside a persist folder. */
const D1_DIR = join("v3", "d1");
/** Written beside the state: which migrations its D1 database already holds. */
const MARKER = "d1-migrations";

/** A digest of everything that decides the migrated database: the migrations and the wrangler config. */
function migrationsDigest() {
  const hash = createHash("sha256");
  const dir = join(ROOT, "migrations");
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".sql")) continue;
    hash.update(name).update(readFileSync(join(dir, name)));
  }
  hash.update(readFileSync(join(ROOT, "wrangler.toml")));
  return hash.digest("hex").slice(0, 16);
}

function apply(persistTo, env) {
  execFileSync(WRANGLER, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], {
    cwd: ROOT,
    stdio: "pipe",
    env: { ...env, CI: "true" },
  });
}

/** The template folder for `digest`, made once; made in a scratch folder and renamed, so a concurrent maker is harmless. */
function template(digest, env) {
  const dir = join(CACHE, digest);
  if (existsSync(join(dir, D1_DIR))) return dir;
  mkdirSync(CACHE, { recursive: true });
  const scratch = mkdtempSync(join(CACHE, "making-"));
  try {
    apply(scratch, env);
    renameSync(scratch, dir);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    if (!existsSync(join(dir, D1_DIR))) throw error;
  }
  return dir;
}

/** Makes sure `persistTo` holds the D1 database with every current migration applied. */
export function migrateD1State(persistTo, env) {
  const digest = migrationsDigest();
  const marker = join(persistTo, MARKER);
  const hasD1 = existsSync(join(persistTo, D1_DIR));
  if (hasD1 && existsSync(marker) && readFileSync(marker, "utf8") === digest) return;
  if (hasD1) apply(persistTo, env);
  else cpSync(join(template(digest, env), D1_DIR), join(persistTo, D1_DIR), { recursive: true });
  writeFileSync(marker, digest);
}
