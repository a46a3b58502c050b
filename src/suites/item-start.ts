/**
 * The start of a suite item (the start queue's `suite-item` message, src/queue/consumer.ts): its
 * path is compared as an ordinary comparison of its pair. An item that cannot start, or that
 * ended without its workflow reporting, is ended here through src/suites/item-end.ts, so the run
 * still finishes.
 *
 * An item starts once however often its message is delivered: the comparison gets the id derived
 * from its run and position (src/suites/item-ids.ts), and the pair's object replays an id it
 * already holds (re-creating the workflow if the first delivery died before creating it). An item
 * whose row exists has ended and is not looked at again.
 */
import { startQueuedComparison } from "../compare/start";
import type { D1Db } from "../db/d1";
import { messageOf } from "../errors";
import type { MessageOutcome } from "../fanout/messages";
import { log } from "../log";
import { SecretsConfigError, SecretsOpenError } from "../secrets/crypto";
import { pairHeadersPlace, rebindRequestHeaders, suiteHeadersPlace } from "../secrets/request-headers";
import { endFailedItem, endReportedItem, positionOf } from "./item-end";
import { type PlannedItem, plannedItem } from "./item-ids";
import { type ItemToStart, itemToStart } from "./item-store";
import { storedOptions } from "./suite-shape";

/** Starts the item's comparison. Throws only for faults worth a retry; what it decided is returned. */
export async function startSuiteItem(env: Env, db: D1Db, itemId: number): Promise<MessageOutcome> {
  const found = await itemToStart(db, itemId);
  // Its run was dropped (SUITE_RUNS_KEPT), or the item already ended (reported, or failed): nothing to start.
  if (!found || found.ended) return "stale";
  const options = storedOptions(found.suite);
  const item = await plannedItem(found.suite, found.run, positionOf(itemId), found.path, options);
  const headers = await itemHeaders(env, found, item);
  if (!headers.ok) return refuse(env, db, itemId, item, headers.message);
  const started = await startQueuedComparison(env, {
    leftUrl: item.leftUrl,
    rightUrl: item.rightUrl,
    options,
    sealedHeaders: headers.sealed,
    comparisonId: item.comparisonId,
    suite: { itemId },
  });
  switch (started.outcome) {
    case "created":
      return "started";
    case "replayed":
      // Replayed and already ended, yet the item has no row: its workflow could not report (or never
      // ran and the deadline watchdog failed it). Report it here, or the run would never finish.
      if (started.state.status !== "running") await endReportedItem(env, db, itemId, item);
      return "replayed";
    case "refused":
      // A target the guard now refuses will be refused again: the item fails, the run goes on.
      return refuse(env, db, itemId, item, started.refusal.message);
    // A comparison named in advance has no key to conflict with; were it ever to, it is refused alike.
    case "conflict":
      return refuse(env, db, itemId, item, "idempotency conflict");
  }
}

async function refuse(env: Env, db: D1Db, itemId: number, item: PlannedItem, message: string): Promise<"refused"> {
  log("warn", "suite.item_refused", { itemId, message });
  await endFailedItem(env, db, itemId, item, `refused:${itemId}`);
  return "refused";
}

/**
 * The suite's sealed headers for one item: opened from the suite's row and sealed again for the
 * item's own pair, each side moved from its base to the item's URL on that base. Bound to the
 * suite, they would not open in the pair's comparison, and that is the point: a value only opens
 * in the row it was sealed for (src/secrets/crypto.ts). Headers no key opens (a key rotated out
 * too early, a value altered) will not open on a retry either: the item is refused.
 */
async function itemHeaders(
  env: Env,
  found: ItemToStart,
  item: PlannedItem,
): Promise<{ ok: true; sealed: string | null } | { ok: false; message: string }> {
  if (found.suite.sealedHeaders === null) return { ok: true, sealed: null };
  try {
    const sealed = await rebindRequestHeaders(
      env,
      found.suite.sealedHeaders,
      suiteHeadersPlace(found.run.suiteId, found.suite),
      pairHeadersPlace(item.pairKey, { left: item.leftUrl, right: item.rightUrl }),
    );
    return { ok: true, sealed };
  } catch (error) {
    if (error instanceof SecretsOpenError || error instanceof SecretsConfigError) {
      return { ok: false, message: `the suite's headers cannot be opened: ${messageOf(error)}` };
    }
    throw error;
  }
}
