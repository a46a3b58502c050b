/**
 * A suite item's comparison before the start queue has started it. The suite hands out every
 * path's comparisonId when the run is recorded (src/suites/item-ids.ts), and a client may read it at
 * once: GET /api/compare/:id then answers what is true, a comparison that is `running` with no probe
 * yet, instead of a 404 for an id envdiff itself gave out. A path that ended without ever starting
 * (its target refused, its start dead-lettered) reads as `failed` with `not_started`.
 */

import { d1Db } from "../db/d1";
import { SUITE_ITEM_STRIDE } from "../db/d1-schema";
import { messageOf } from "../errors";
import { log } from "../log";
import { readerOptions } from "../secrets/reader-view";
import type { ComparisonState } from "../shapes/comparison";
import { plannedItem, suiteItemOfComparison } from "./item-ids";
import { itemToStart } from "./item-store";
import { storedOptions } from "./suite-shape";

/** The state of a suite item not (yet) in its pair's object, or null when `comparisonId` names none. */
export async function pendingSuiteComparison(env: Env, comparisonId: string): Promise<ComparisonState | null> {
  const named = suiteItemOfComparison(comparisonId);
  if (!named) return null;
  let found: Awaited<ReturnType<typeof itemToStart>>;
  try {
    found = await itemToStart(d1Db(env.DB), named.runId * SUITE_ITEM_STRIDE + named.position);
  } catch (error) {
    // The directory is not reachable (or not migrated): the id is simply not known here.
    log("warn", "suite.pending_lookup_failed", {
      message: messageOf(error),
    });
    return null;
  }
  // Ended and completed: its comparison existed and has left its pair's ring since.
  if (!found || (found.ended && !found.failed)) return null;
  const options = storedOptions(found.suite);
  const item = await plannedItem(found.suite, found.run, named.position, found.path, options);
  // Any UUID decodes to some run and position: only the same id derived again proves it.
  if (item.comparisonId !== comparisonId) return null;
  const at = new Date(found.run.createdAt).toISOString();
  return {
    comparisonId,
    pairKey: item.pairKey,
    status: found.failed ? "failed" : "running",
    leftUrl: item.leftUrl,
    rightUrl: item.rightUrl,
    options: readerOptions(options),
    createdAt: at,
    updatedAt: at,
    probes: { left: null, right: null },
    result: null,
    error: found.failed
      ? {
          code: "not_started",
          message: "This suite item could not be started: its target was refused, or every try to start it failed.",
        }
      : null,
    createdBy: null,
  };
}
