/**
 * drizzle-kit config for the pair directory in D1 (src/db/d1-schema.ts).
 * No driver: generation works offline, and wrangler applies the SQL files in
 * migrations/ (its migrations_dir) itself, locally and on deploy.
 */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  out: "./migrations",
  schema: "./src/db/d1-schema.ts",
  dialect: "sqlite",
});
