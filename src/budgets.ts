/**
 * Byte budgets, in UTF-8 bytes of the JSON that is stored or handed between steps. Every limit a
 * hostile response could push against is named here once; docs/hostile-responses.md § Byte budgets
 * explains each and which test sits at its edge.
 *
 * Platform limits they keep under: a Workflow step result ≤ 1 MiB, a Durable Object SQLite row
 * ≤ 2 MB, structuredClone (RPC) failing near 2,000 levels of nesting.
 */

/** JSON nested deeper than this is kept as text: recursion (stringify, RPC, the diff walk, the page) stays shallow. */
export const MAX_JSON_DEPTH = 256;

/** The largest step result any CompareWorkflow step returns (the diff step is the big one). */
export const MAX_STEP_RESULT_BYTES = 256 * 1024;

/** A stored `result_json`: diff, resolved, noise and explanation together. */
export const MAX_RESULT_BYTES = 512 * 1024;

/** A stored envelope (`probes.envelope_json`): strictly below the 2 MB row limit, with margin. */
export const MAX_ENVELOPE_BYTES = 1_900_000;

/**
 * What the reported differences may take together (paths and values). With resolved paths (at
 * most MAX_REPORTED of MAX_PATH_BYTES each) and the explanation, the diff step stays within
 * MAX_STEP_RESULT_BYTES.
 */
export const DIFFERENCES_BUDGET_BYTES = 128 * 1024;

/** One difference's path; a longer pointer (long keys, deep nesting) is cut and marked. */
export const MAX_PATH_BYTES = 512;

/** One reported string value, and one reported structure (compact JSON), before the total budget. */
export const MAX_VALUE_STRING_BYTES = 1024;
export const MAX_VALUE_CONTAINER_BYTES = 2048;

/** The marker a reader sees where the total budget cut a value. */
export const VALUES_CUT_NOTE = "values cut: result budget reached";
