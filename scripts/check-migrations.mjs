#!/usr/bin/env node
// npm run db:check — two guards on the generated migrations in drizzle/ (the Durable Object)
// and migrations/ (the pair directory in D1):
// 1. In sync: `drizzle-kit generate` run on a copy of the project writes nothing new,
//    so src/db/schema.ts and the committed migrations agree.
// 2. Cascade-safe: no migration drops (or rebuilds) a table that another table references
//    with ON DELETE CASCADE, unless a reviewer marked it `-- cascade-safe: <why>`.
//    In a Durable Object the migration runs inside a transaction, where
//    `PRAGMA foreign_keys=OFF` is a no-op, so drizzle-kit's table rebuild would silently
//    delete every child row (drizzle-orm #4938). See docs/storage.md.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const failures = [];

function listFiles(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), base) : [join(dir, entry.name).slice(base.length + 1)],
  );
}

function checkInSync(migrationsDir, configFile) {
  const scratch = mkdtempSync(join(tmpdir(), "envdiff-migrations-"));
  try {
    for (const item of ["package.json", "src", configFile, migrationsDir])
      cpSync(join(root, item), join(scratch, item), { recursive: true });
    symlinkSync(join(root, "node_modules"), join(scratch, "node_modules"));
    const generate = spawnSync(
      join(root, "node_modules", ".bin", "drizzle-kit"),
      ["generate", "--config", configFile],
      {
        cwd: scratch,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    // drizzle-kit exits 0 even when it stops at a question it cannot ask (a rename) without a TTY.
    if (generate.status !== 0 || /error/i.test(generate.stderr)) {
      failures.push(
        `drizzle-kit generate did not finish for ${migrationsDir}/: ${generate.stderr.trim().split("\n")[0]}. Run npm run db:generate in a terminal and answer its questions.`,
      );
      return;
    }
    const before = listFiles(join(root, migrationsDir)).sort();
    const after = listFiles(join(scratch, migrationsDir)).sort();
    const added = after.filter((file) => !before.includes(file));
    const changed = before.filter(
      (file) =>
        after.includes(file) &&
        !readFileSync(join(root, migrationsDir, file)).equals(readFileSync(join(scratch, migrationsDir, file))),
    );
    if (added.length || changed.length) {
      failures.push(
        `${migrationsDir}/ is out of date with the schema (new: ${added.join(", ") || "none"}; changed: ${changed.join(", ") || "none"}). Run npm run db:generate and commit the result.`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function checkCascadeSafety(migrationsDir) {
  const files = listFiles(join(root, migrationsDir))
    .filter((file) => file.endsWith(".sql"))
    .sort();
  const sqlOf = (file) => readFileSync(join(root, migrationsDir, file), "utf8");
  const all = files.map(sqlOf).join("\n");
  // Tables that some table references with ON DELETE CASCADE, across all migrations.
  const parents = new Set(
    [...all.matchAll(/REFERENCES\s+[`"]?(\w+)[`"]?\s*\([^)]*\)[^,)]*ON DELETE cascade/gi)].map((m) =>
      m[1].toLowerCase(),
    ),
  );
  for (const file of files) {
    const text = sqlOf(file);
    if (/--\s*cascade-safe:/i.test(text)) continue;
    for (const match of text.matchAll(/DROP TABLE\s+(?:IF EXISTS\s+)?[`"]?(\w+)[`"]?/gi)) {
      if (parents.has(match[1].toLowerCase())) {
        failures.push(
          `${migrationsDir}/${file} drops \`${match[1]}\`, which children reference with ON DELETE CASCADE: every child row would be deleted. Rewrite it (docs/storage.md) and mark it "-- cascade-safe: <why>".`,
        );
      }
    }
  }
}

checkInSync("drizzle", "drizzle.config.ts");
checkCascadeSafety("drizzle");
// The pair directory in D1 (src/db/d1-schema.ts): same two guards, its own folder.
checkInSync("migrations", "drizzle.d1.config.ts");
checkCascadeSafety("migrations");

if (failures.length) {
  for (const failure of failures) console.error(`✗ ${failure}`);
  process.exit(1);
}
console.log("✓ migrations match the schema and drop no table with cascading children");
