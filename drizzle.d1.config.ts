/**
 * drizzle-kit config for the pair directory in D1 (src/db/directory-schema.ts).
 * No driver: generation works offline, and wrangler applies the SQL files in
 * migrations/ (its migrations_dir) itself, locally and on deploy.
 */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  out: "./migrations",
  schema: "./src/db/directory-schema.ts",
  dialect: "sqlite",
});
