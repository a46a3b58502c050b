/**
 * Editing a suite (PATCH /api/suites/:suiteId): a new definition checked as a new suite's is
 * (src/suites/plan.ts: paths under the bases, discovery, the SSRF guard) and saved beside the old
 * one, which the suite stops pointing at. Its history, its watch and its run numbers stay; the next
 * run, by the API or the watch, compares the new definition; a run in flight keeps its own
 * (src/suites/store.ts replaceDefinition).
 *
 * Options replace the suite's whole, as a client read them: a header (or secret body) given as
 * "[redacted]" keeps the saved value (src/secrets/saved-values.ts), opened from the suite's sealed
 * value; everything is sealed again for the suite, as at creation.
 */
import { sealingOrRefuse } from "../compare/sealing";
import { sealOptions } from "../compare/start";
import { blockedTarget } from "../compare/targets";
import type { SuiteRow } from "../db/d1-schema";
import { DomainError } from "../errors";
import { SecretsOpenError } from "../secrets/crypto";
import { type OpenedValues, openHeaderMaps, suiteHeadersPlace } from "../secrets/request-headers";
import { hasPlaceholders, withSavedValues } from "../secrets/saved-values";
import { type CompareOptions, resolveOptions } from "../shapes/options";
import type { SuitePatch } from "../shapes/suite-routes";
import { planSuite, type SuitePlan } from "./plan";
import { refusedPath } from "./start-run";
import { definitionColumns, replaceDefinition } from "./store";
import { storedOptions } from "./suite-shape";

/** An edit checked and resolved, not saved yet: what the suite's next run would compare. */
export interface EditPlan extends SuitePlan {
  name: string | null | undefined;
  /** How the paths were found: the request's `discover`, null for a list, the suite's own when kept. */
  discover: unknown;
}

const NOTHING_SAVED: OpenedValues = { headers: {}, left: {}, right: {} };

/** The suite's saved header values (and secret body), opened; refused as the client's to mend when they do not open. */
async function savedValues(env: Env, suite: SuiteRow): Promise<OpenedValues> {
  if (!suite.sealedHeaders) return NOTHING_SAVED;
  const sealed = suite.sealedHeaders;
  try {
    return await sealingOrRefuse(
      () => openHeaderMaps(env, sealed, suiteHeadersPlace(suite.id, suite)),
      "Nothing was saved.",
    );
  } catch (error) {
    if (!(error instanceof SecretsOpenError)) throw error;
    throw new DomainError(
      "invalid_request",
      'The suite\'s saved header values cannot be opened: send every header value again, not "[redacted]".',
      { field: "options" },
    );
  }
}

/** The options the edit asks for, in clear: the given ones (or the suite's own), placeholders filled from what is saved. */
async function clearOptions(env: Env, suite: SuiteRow, given: CompareOptions | undefined): Promise<CompareOptions> {
  const options = given ? resolveOptions(given) : storedOptions(suite);
  if (!hasPlaceholders(options)) return options;
  return withSavedValues(options, await savedValues(env, suite), "suite");
}

/**
 * Checks an edit as POST /api/suites checks a new suite: paths listed (or found again by discovery)
 * under the suite's bases, every target allowed. Omitted paths keep the suite's list. Writes nothing.
 */
export async function planEdit(env: Env, suite: SuiteRow, patch: SuitePatch): Promise<EditPlan> {
  const options = await clearOptions(env, suite, patch.options);
  const kept = patch.paths === undefined && patch.discover === undefined;
  const plan = await planSuite(env, {
    leftBase: suite.leftBase,
    rightBase: suite.rightBase,
    ...(patch.discover
      ? { discover: patch.discover }
      : { paths: patch.paths ?? (JSON.parse(suite.pathsJson) as string[]) }),
    options,
  });
  const refused = refusedPath(env, plan);
  if (refused) throw blockedTarget(refused);
  const discover = kept
    ? suite.discoverJson === null
      ? null
      : JSON.parse(suite.discoverJson)
    : (patch.discover ?? null);
  return { ...plan, name: patch.name, discover };
}

/** Seals the plan's header values for the suite and makes it the suite's definition. False when the suite is gone. */
export async function saveEdit(env: Env, suite: SuiteRow, plan: EditPlan, by: string | null): Promise<boolean> {
  const sealed = await sealOptions(env, plan.options, suiteHeadersPlace(suite.id, suite), "Nothing was saved.");
  return replaceDefinition(env.DB, suite.id, plan.name, {
    id: crypto.randomUUID(),
    suiteId: suite.id,
    ...definitionColumns(plan.paths, plan.discover, sealed),
    createdAt: Date.now(),
    createdBy: by,
  });
}
