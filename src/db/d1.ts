/**
 * D1 (binding `DB`), the one database that spans pairs: the pair directory, watches, suites and
 * API tokens (src/db/d1-schema.ts). Each feature keeps its own queries next to it (directory/,
 * suites/, watches/, auth/) and takes this handle; "directory" means the pairs index only.
 */
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import * as schema from "./d1-schema";

export type D1Db = DrizzleD1Database<typeof schema>;

export function d1Db(d1: D1Database): D1Db {
  return drizzle(d1, { schema });
}
