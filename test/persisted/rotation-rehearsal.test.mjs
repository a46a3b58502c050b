/**
 * A full rotation of ENVDIFF_SECRETS_KEY, rehearsed locally as docs/secrets.md tells an operator
 * to do it (issue 21, finding 4), with the secrets read from .dev.vars-style files by
 * `wrangler dev --local` on one persisted state:
 *
 * 1. Under the old key: a comparison, a pair's saved per-side headers, a pair watch with headers
 *    and a webhook, a suite with headers and a suite watch with a webhook.
 * 2. Rotated (the old key as ENVDIFF_SECRETS_KEY_PREVIOUS): cron ticks until the documented check,
 *    GET /api/secrets/rotation, says the previous key may be deleted.
 * 3. The previous key deleted (`none`): a comparison, the pair with saved headers (its URLs named
 *    the other way round), the suite, the suite's watch and both webhooks all still work.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Webhook } from "standardwebhooks";
import { client, devVars, ended, finished, json, newKey, stackForFile, startWorker, tick, until } from "./harness.mjs";

const stack = stackForFile("rotation");

test("a rotation rehearsed from .dev.vars: tick, check, delete the old key, and everything still works", async () => {
  const t = stack.servers.targets.baseUrl;
  const s = stack.servers.suiteTargets.baseUrl;
  const k = crypto.randomUUID();
  const sk = `r${k.slice(0, 8)}`;
  const oldKey = newKey();
  const newKeyValue = newKey();

  // 1. Everything sealed under the old key.
  stack.worker = await startWorker(stack.dirs.state, devVars(stack.dirs.root, "old.dev.vars", oldKey));
  let call = client(stack.worker);
  const staging = `${t}/recorded/${k}-staging`;
  const production = `${t}/recorded/${k}-prod`;
  const first = await call("POST", "/api/compare", {
    leftUrl: staging,
    rightUrl: production,
    options: { headers: { "X-Auth-Key": "compare-before" }, samples: 1 },
  });
  assert.equal(first.status, 202, first.text);
  assert.equal((await ended(call, first.json.comparisonId)).status, "completed");
  const pairKey = first.json.pairKey;
  const settings = await call("PUT", `/api/pairs/${pairKey}/settings`, {
    left: { headers: { Authorization: "Bearer STAGING-ONLY" } },
    right: { headers: { Authorization: "Bearer PROD-ONLY" } },
  });
  assert.equal(settings.status, 200, settings.text);

  const flaky = await call("POST", "/api/compare", {
    leftUrl: `${t}/status-sequence?key=${k}&codes=200,503`,
    rightUrl: `${t}/recorded/${k}-watched`,
    options: { samples: 1 },
  });
  await ended(call, flaky.json.comparisonId);
  const watched = flaky.json.pairKey;
  await until("the directory row", async () => (await call("GET", `/api/pairs/${watched}`)).status === 200);
  const watch = await call("PUT", `/api/pairs/${watched}/watch`, {
    intervalMinutes: 5,
    enabled: false,
    webhookUrl: `${t}/webhook/${k}`,
    options: { headers: { "Ocp-Apim-Subscription-Key": "watch-value" }, samples: 1 },
  });
  assert.equal(watch.status, 200, watch.text);
  const pairSecret = watch.json.webhookSecret;

  const suite = await call("POST", "/api/suites", {
    leftBase: `${s}/left`,
    rightBase: `${s}/right`,
    paths: [`/recorded/${sk}`, `/status/${sk}`],
    options: {
      headers: { Session: "suite-shared" },
      left: { headers: { "X-Vault-Token": "suite-left" } },
      right: { headers: { "X-Vault-Token": "suite-right" } },
      samples: 1,
      ignorePaths: ["/timing/totalMs"],
    },
  });
  assert.equal(suite.status, 202, suite.text);
  const { suiteId } = suite.json;
  assert.equal((await finished(call, suiteId, suite.json.runId)).verdict, "identical");
  const suiteWatch = await call("PUT", `/api/suites/${suiteId}/watch`, {
    intervalMinutes: 5,
    enabled: false,
    webhookUrl: `${t}/webhook/${sk}`,
  });
  assert.equal(suiteWatch.status, 200, suiteWatch.text);
  const suiteSecret = suiteWatch.json.webhookSecret;
  const oldId = (await call("GET", "/api/secrets/rotation")).json.currentKeyId;
  await stack.worker.stop();

  // 2. Rotated: the new key, the old one as the previous; ticks until the check says it may go.
  stack.worker = await startWorker(
    stack.dirs.state,
    devVars(stack.dirs.root, "rotating.dev.vars", newKeyValue, oldKey),
  );
  call = client(stack.worker);
  const rotating = (await call("GET", "/api/secrets/rotation")).json;
  assert.equal(rotating.previousKeyId, oldId, "the previous key is read from the file");
  assert.notEqual(rotating.currentKeyId, oldId);
  assert.equal(rotating.safeToDeletePrevious, false);
  assert.ok(rotating.pending.watches >= 1 && rotating.pending.suites >= 1 && rotating.pending.pairObjects >= 1);
  const done = await until(
    "the check to say the previous key may be deleted",
    async () => {
      await tick(stack.worker);
      const { json: state } = await call("GET", "/api/secrets/rotation");
      return state.safeToDeletePrevious ? state : null;
    },
    60_000,
  );
  assert.deepEqual(done.pending, { watches: 0, suites: 0, pairObjects: 0 });
  await stack.worker.stop();

  // 3. The previous key deleted.
  stack.worker = await startWorker(stack.dirs.state, devVars(stack.dirs.root, "new.dev.vars", newKeyValue));
  call = client(stack.worker);
  assert.deepEqual((await call("GET", "/api/secrets/rotation")).json, { ...done, previousKeyId: null });

  // A comparison with headers of its own.
  const fresh = await call("POST", "/api/compare", {
    leftUrl: staging,
    rightUrl: production,
    options: { headers: { "X-Auth-Key": "compare-after" }, samples: 1 },
  });
  assert.equal((await ended(call, fresh.json.comparisonId)).status, "completed");
  // The pair with saved headers, its URLs named the other way round: each host its own credential.
  const swapped = await call("POST", "/api/compare", {
    leftUrl: production,
    rightUrl: staging,
    options: { samples: 1 },
  });
  assert.equal((await ended(call, swapped.json.comparisonId)).status, "completed");
  const seenStaging = await json(`${t}/recorded/${k}-staging/requests`);
  const seenProd = await json(`${t}/recorded/${k}-prod/requests`);
  assert.equal(seenStaging.at(-2)["x-auth-key"], "compare-after");
  assert.equal(seenStaging.at(-1).authorization, "Bearer STAGING-ONLY");
  assert.equal(seenProd.at(-1).authorization, "Bearer PROD-ONLY");

  // The suite again.
  const rerun = await call("POST", `/api/suites/${suiteId}/runs`, {});
  assert.equal(rerun.status, 202, rerun.text);
  assert.equal((await finished(call, suiteId, rerun.json.runId)).verdict, "identical");
  for (const side of ["left", "right"]) {
    const seen = await json(`${s}/recorded/${side}/${sk}`);
    assert.equal(seen.at(-1).session, "suite-shared");
    assert.equal(seen.at(-1)["x-vault-token"], `suite-${side}`);
  }

  // The suite's watch and the pair's watch, each with drift, each delivering a webhook signed with
  // the secret shown under the old key.
  await fetch(`${s}/control/${sk}?value=500`, { method: "PUT" });
  assert.equal((await call("PUT", `/api/suites/${suiteId}/watch`, { enabled: true })).status, 200);
  assert.equal((await call("PUT", `/api/pairs/${watched}/watch`, { enabled: true })).status, 200);
  await tick(stack.worker);
  const suiteDeliveries = await until("the suite webhook", async () => {
    const list = await json(`${t}/webhook/${sk}/deliveries`);
    return list.length > 0 ? list : null;
  });
  const pairDeliveries = await until("the pair webhook", async () => {
    const list = await json(`${t}/webhook/${k}/deliveries`);
    return list.length > 0 ? list : null;
  });
  const suiteBody = new Webhook(suiteSecret).verify(suiteDeliveries[0].body, suiteDeliveries[0].headers);
  assert.equal(suiteBody.suiteId, suiteId);
  const pairBody = new Webhook(pairSecret).verify(pairDeliveries[0].body, pairDeliveries[0].headers);
  assert.equal(pairBody.pairKey, watched);
  assert.equal((await json(`${t}/recorded/${k}-watched/requests`)).at(-1)["ocp-apim-subscription-key"], "watch-value");

  // Nothing failed for want of the old key.
  const timelines = await Promise.all(
    [pairKey, watched].map(async (key) => (await call("GET", `/api/pairs/${key}/comparisons`)).json.comparisons),
  );
  assert.deepEqual(
    timelines.flat().filter((c) => c.status !== "completed"),
    [],
    stack.worker.log().slice(-3000),
  );
});
