/**
 * What a rotation, and the change to bound values and names-only views, leave to redo: SQL
 * conditions that find a column whose sealed value is not under the current key in the current
 * format, and an options column still showing a header value (a row written when a list of names
 * decided what was hidden). One definition for the tick that fixes them and the check that counts
 * them (rotation.ts), so "nothing left" means the same to both.
 */
import { and, isNotNull, notLike, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { currentPrefix, type Keyring } from "./crypto";
import { PLACEHOLDER } from "./reader-view";

/** The column holds a value not sealed under the current key as v2 (an old key, v1, or clear text). */
export function notCurrent(column: SQLiteColumn, keyring: Keyring): SQL {
  return and(isNotNull(column), notLike(column, `${currentPrefix(keyring)}%`)) as SQL;
}

/** The options (or settings) JSON in `column` shows a header value other than the placeholder. */
export function showsHeaderValues(column: SQLiteColumn): SQL {
  const clear = (path: string) =>
    sql`EXISTS (SELECT 1 FROM json_each(${column}, ${path}) WHERE json_each.value <> ${PLACEHOLDER})`;
  return or(clear("$.headers"), clear("$.left.headers"), clear("$.right.headers")) as SQL;
}
