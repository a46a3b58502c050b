/**
 * The one webhook delivery of a finished suite run with drift: the run's verdict, totals and the
 * paths that gained or lost a high difference. Same body type and signature as pair watches.
 */

import type { D1Db } from "../db/d1";
import { webhookOf } from "../watches/store";
import { getRun, getSuite } from "./store";
import { runView } from "./suite-shape";

/** The delivery for `runId`, or null when its suite has no enabled watch with a webhook now. */
export async function suiteWebhookBody(
  db: D1Db,
  runId: number,
): Promise<{ suiteId: string; url: string; secret: string; body: string } | null> {
  const run = await getRun(db, runId);
  const suite = run ? await getSuite(db, run.suiteId) : null;
  const webhook = suite ? await webhookOf(db, { kind: "suite", id: suite.id }) : null;
  if (!run || !suite || !webhook) return null;
  const view = await runView(db, suite, run);
  const events = [
    ...(view.drift?.newHigh.length ? [{ kind: "new_high", paths: view.drift.newHigh }] : []),
    ...(view.drift?.resolvedHigh.length ? [{ kind: "resolved", paths: view.drift.resolvedHigh }] : []),
  ];
  const body = JSON.stringify({
    type: "envdiff.drift",
    suiteId: suite.id,
    name: suite.name,
    // The run's number in its suite; runId is envdiff's id across all suites (the webhook-id's).
    number: run.number,
    runId: run.id,
    leftBase: suite.leftBase,
    rightBase: suite.rightBase,
    suite: `/api/suites/${suite.id}`,
    verdict: view.verdict,
    totals: view.totals,
    events,
  });
  return { suiteId: suite.id, ...webhook, body };
}
