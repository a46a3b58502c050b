/**
 * Recognises the error D1 gives when its migrations were never applied (plain
 * `wrangler dev` on a fresh checkout, or a deploy that skipped them), so the API can say which
 * command fixes it instead of answering a bare 500.
 */

/** What a reader should run, locally and for the deployed database. */
export const D1_MIGRATE_HINT =
  "The pair directory's D1 tables do not exist yet. Run `npm run db:migrate:local` " +
  "(or `wrangler d1 migrations apply DB --local`) for local development, or " +
  "`wrangler d1 migrations apply DB --remote` for the deployed Worker, then retry.";

/** True when `error` (or any error in its `cause` chain, as Drizzle wraps D1's) is "no such table". */
export function isMissingTable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (/no such table/i.test(e.message)) return true;
  }
  return false;
}
