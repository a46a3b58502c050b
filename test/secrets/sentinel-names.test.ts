/**
 * No header value of any name in clear (issue 21, finding 1). Over 40 real credential header names
 * (X-Auth-Key, Ocp-Apim-Subscription-Key, Session, PRIVATE-TOKEN, …) and random ones, each with a
 * value of its own, go through every way envdiff keeps request headers: a comparison, a pair's
 * saved settings, a pair's watch, a suite and its re-run, and a suite's watch. Every value must
 * reach its side of the target, and none may be found in clear in the object's SQLite, D1, a
 * Workflow's params, status or output, a queue message, a log line or any read answer.
 * (Persisted files, WAL included, are searched by test/persisted/sentinel-files.test.mjs.)
 */
import { createScheduledController, introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { computePairKey } from "../../src/pair-key";
import { api, targets, waitForEnd } from "../support/api";
import { CREDENTIAL_HEADER_NAMES, randomHeaderNames } from "../support/credential-headers";
import { settle } from "../support/directory";
import { dumpD1, dumpPairObject } from "../support/dumps";
import { callWith, captureLogs, deliverQueued, type Recording, recordingEnv } from "../support/recording-env";
import { bases, readSuite, suiteTargets, waitForRun } from "../support/suites";

type HeaderMap = Record<string, string>;
type Seen = Record<string, string>;

const NAMES = [...CREDENTIAL_HEADER_NAMES, ...randomHeaderNames(10)];
// Headers go in maps of at most 20: shared, left and right.
const SHARED = NAMES.slice(0, 20);
const LEFT = NAMES.slice(20, 40);
const RIGHT = NAMES.slice(40, 60);

/** Header options whose every value holds `sentinel` and says where it was given (`tag`) and for which name. */
function headerOptions(sentinel: string, tag: string) {
  const values = (names: string[], where: string): HeaderMap =>
    Object.fromEntries(names.map((name) => [name, `${sentinel}-${tag}-${where}-${name}`]));
  return {
    headers: values(SHARED, "shared"),
    left: { headers: values(LEFT, "left") },
    right: { headers: values(RIGHT, "right") },
  };
}

/** That one request of `side` carried every shared value and its own side's, never the other side's. */
function expectSent(request: Seen | undefined, sentinel: string, tag: string, side: "left" | "right") {
  const own = side === "left" ? LEFT : RIGHT;
  const other = side === "left" ? RIGHT : LEFT;
  for (const name of SHARED) expect(request?.[name.toLowerCase()]).toBe(`${sentinel}-${tag}-shared-${name}`);
  for (const name of own) expect(request?.[name.toLowerCase()]).toBe(`${sentinel}-${tag}-${side}-${name}`);
  for (const name of other) expect(request?.[name.toLowerCase()]).toBeUndefined();
}

async function recorded(key: string): Promise<Seen[]> {
  return (await fetch(`${targets()}/recorded/${key}/requests`)).json<Seen[]>();
}

async function suiteRecorded(side: "left" | "right", key: string): Promise<Seen[]> {
  return (await fetch(`${suiteTargets()}/recorded/${side}/${key}`)).json<Seen[]>();
}

async function tickAndDeliver(recording: Recording, at: number): Promise<void> {
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: "*/5 * * * *" }), recording.env);
  await deliverQueued(recording);
}

async function ok(res: Promise<Response>, status = 200): Promise<Response> {
  const answered = await res;
  if (answered.status !== status) throw new Error(`${answered.status} ${await answered.text()}`);
  return answered;
}

let logged: string[] = [];
beforeEach(async () => {
  await env.DB.prepare("UPDATE watches SET enabled = 0").run();
  logged = captureLogs();
});
afterEach(() => vi.restoreAllMocks());

describe("no request header value in clear, whatever its name", () => {
  it(`${NAMES.length} names through a comparison, pair settings, a watch, a suite and a suite watch`, async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.disableSleeps();
    });
    expect(NAMES.length).toBeGreaterThanOrEqual(50);
    const sentinel = `names-${crypto.randomUUID()}`;
    const recording = recordingEnv();
    const call = (method: string, path: string, body?: unknown) => callWith(recording.env, method, path, body);
    const key = crypto.randomUUID();
    const leftUrl = `${targets()}/recorded/${key}-left`;
    const rightUrl = `${targets()}/recorded/${key}-right`;
    const pairKey = await computePairKey(leftUrl, rightUrl);
    const webhookSecrets: string[] = [];
    const compare = async (options: unknown) => {
      const res = await ok(call("POST", "/api/compare", { leftUrl, rightUrl, options }), 202);
      const { comparisonId } = await res.json<{ comparisonId: string }>();
      await waitForEnd(comparisonId);
      await settle(introspector);
      return comparisonId;
    };

    // 1. A comparison with its own headers.
    const comparisonId = await compare({ ...headerOptions(sentinel, "run"), samples: 1 });
    expectSent((await recorded(`${key}-left`))[0], sentinel, "run", "left");
    expectSent((await recorded(`${key}-right`))[0], sentinel, "run", "right");

    // 2. The pair's saved settings, then a comparison without headers of its own: the saved ones go.
    await ok(call("PUT", `/api/pairs/${pairKey}/settings`, headerOptions(sentinel, "settings")));
    await compare({ samples: 1 });
    expectSent((await recorded(`${key}-left`))[1], sentinel, "settings", "left");
    expectSent((await recorded(`${key}-right`))[1], sentinel, "settings", "right");

    // 3. A watch of the pair with headers of its own and a webhook, run by the tick.
    const watch = await ok(
      call("PUT", `/api/pairs/${pairKey}/watch`, {
        intervalMinutes: 5,
        webhookUrl: `${targets()}/webhook/${key}`,
        options: { ...headerOptions(sentinel, "watch"), samples: 1 },
      }),
    );
    webhookSecrets.push((await watch.json<{ webhookSecret: string }>()).webhookSecret);
    await tickAndDeliver(recording, Date.now());
    await settle(introspector);
    expectSent((await recorded(`${key}-left`))[2], sentinel, "watch", "left");
    expectSent((await recorded(`${key}-right`))[2], sentinel, "watch", "right");

    // 4. A suite with headers, run, and run again.
    const suiteKey = `n${crypto.randomUUID().slice(0, 8)}`;
    const posted = await ok(
      call("POST", "/api/suites", {
        ...bases(),
        paths: [`/recorded/${suiteKey}`],
        options: { ...headerOptions(sentinel, "suite"), samples: 1, ignorePaths: ["/timing/totalMs"] },
      }),
      202,
    );
    const { suiteId, runId } = await posted.json<{ suiteId: string; runId: number }>();
    await deliverQueued(recording);
    await waitForRun(suiteId, runId);
    const rerun = await ok(call("POST", `/api/suites/${suiteId}/runs`, {}), 202);
    await deliverQueued(recording);
    await waitForRun(suiteId, (await rerun.json<{ runId: number }>()).runId);

    // 5. The suite's watch, with a webhook, run by the tick.
    const suiteWatch = await ok(
      call("PUT", `/api/suites/${suiteId}/watch`, {
        intervalMinutes: 5,
        webhookUrl: `${targets()}/webhook/${suiteKey}`,
      }),
    );
    webhookSecrets.push((await suiteWatch.json<{ webhookSecret: string }>()).webhookSecret);
    await tickAndDeliver(recording, Date.now() + 5 * 60_000);
    await settle(introspector);
    const { run } = await readSuite(suiteId);
    if (run) await waitForRun(suiteId, run.runId);
    for (const side of ["left", "right"] as const) {
      const requests = await suiteRecorded(side, suiteKey);
      expect(requests).toHaveLength(3);
      for (const request of requests) expectSent(request, sentinel, "suite", side);
    }

    // Nowhere in clear. Every read answer a client could ask for, every store, every param and message.
    const suitePairKey = await computePairKey(
      `${bases().leftBase}/recorded/${suiteKey}`,
      `${bases().rightBase}/recorded/${suiteKey}`,
    );
    const reads = [
      `/api/compare/${comparisonId}`,
      `/api/compare/${comparisonId}?view=summary`,
      "/api/pairs",
      `/api/pairs/${pairKey}`,
      `/api/pairs/${pairKey}/comparisons`,
      `/api/pairs/${pairKey}/settings`,
      `/api/pairs/${suitePairKey}/comparisons`,
      "/api/suites",
      `/api/suites/${suiteId}`,
      ...(await readSuite(suiteId)).run!.items.map((item) => `/api/compare/${item.comparisonId}`),
    ];
    const answers = await Promise.all(reads.map(async (path) => `${path}: ${await (await api(path)).text()}`));
    const instances = await introspector.get();
    const workflows = await Promise.all(
      instances.map(async (instance) => JSON.stringify(await instance.waitForStatus("complete"))),
    );
    const statuses = await Promise.all(
      recording.params.map(async (p) => {
        const id = (p as { comparisonId: string }).comparisonId.split(":")[1] ?? "";
        return JSON.stringify(await (await env.COMPARE_WORKFLOW.get(id)).status());
      }),
    );
    expect(recording.params.length).toBeGreaterThanOrEqual(7);
    const places = {
      "read answers": answers.join("\n"),
      object: await dumpPairObject(pairKey),
      "suite pair's object": await dumpPairObject(suitePairKey),
      d1: await dumpD1(),
      "workflow params": JSON.stringify(recording.params),
      "workflow outputs and statuses": JSON.stringify([workflows, statuses]),
      "queue messages": JSON.stringify(recording.sent),
      logs: logged.join("\n"),
    };
    expect(places.logs).toContain("comparison.completed"); // the capture works
    expect(places.d1).toContain("enc:v"); // what must be kept is kept, sealed
    expect(places["read answers"]).toContain('"X-Auth-Key":"[redacted]"'); // names are shown
    for (const [place, text] of Object.entries(places)) {
      for (const secret of [sentinel, ...webhookSecrets.map((s) => s.slice("whsec_".length))]) {
        expect({ place, leaked: text.includes(secret) }).toEqual({ place, leaked: false });
      }
    }
  });
});
