/**
 * A key rotation reaches every sealed value (issue 21, finding 4): D1's pairs and suites (headers
 * and webhook secrets) and every pair object's saved headers and ring, which the tick finds through
 * the sealed_pairs registry without visiting every object. After the tick, each value opens with
 * the new key alone; GET /api/secrets/rotation counts what is left. And values from before values
 * were bound to their row (v1), or views that still show a header value, are brought up to date by
 * the same pass. (The test env runs mid-rotation: ENVDIFF_SECRETS_KEY_PREVIOUS is set in
 * vitest.config.ts; the end-to-end rehearsal with the old key deleted is test/persisted/.)
 */
import { createExecutionContext, introspectWorkflow, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { computePairKey } from "../../src/pair-key";
import {
  isCurrent,
  loadKeyring,
  NO_PREVIOUS,
  open,
  pairOwner,
  type SealBinding,
  suiteOwner,
} from "../../src/secrets/crypto";
import type { RotationStatus } from "../../src/shapes/rotation";
import { api, compareAndWait, targets } from "../support/api";
import { settle, tick } from "../support/directory";
import { sealV1 } from "../support/legacy-sealed";
import { bases, freshKey, waitForRun } from "../support/suites";

/** Written before the rotation: the previous key was then the current one. */
const before: Env = {
  ...env,
  ENVDIFF_SECRETS_KEY: env.ENVDIFF_SECRETS_KEY_PREVIOUS,
  ENVDIFF_SECRETS_KEY_PREVIOUS: NO_PREVIOUS,
};
/** After the rotation, once the previous key is deleted. */
const after: Env = { ...env, ENVDIFF_SECRETS_KEY_PREVIOUS: NO_PREVIOUS };

async function call(target: Env, method: string, path: string, body?: unknown): Promise<Response> {
  const init: RequestInit =
    body === undefined
      ? { method }
      : { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  const res = await worker.fetch(new Request(`http://envdiff.test${path}`, init), target, createExecutionContext());
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

async function status(): Promise<RotationStatus> {
  return (await api("/api/secrets/rotation")).json<RotationStatus>();
}

async function objectValues(pairKey: string) {
  return runInDurableObject(env.ENV_PAIR.getByName(pairKey), async (_instance, state) => ({
    settings: state.storage.sql.exec<{ s: string | null }>("SELECT sealed_headers AS s FROM pair_settings").toArray(),
    ring: state.storage.sql
      .exec<{ s: string | null }>("SELECT sealed_headers AS s FROM comparisons WHERE sealed_headers IS NOT NULL")
      .toArray(),
  }));
}

beforeEach(async () => {
  await env.DB.prepare("UPDATE watches SET enabled = 0").run();
});

describe("a rotation reseals every sealed value", () => {
  it("a suite's headers and webhook secret, a pair's saved headers and its ring: all open with the new key alone", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const key = crypto.randomUUID();
    const leftUrl = `${targets()}/recorded/${key}-l`;
    const rightUrl = `${targets()}/recorded/${key}-r`;
    const pairKey = await computePairKey(leftUrl, rightUrl);
    // Before the rotation: a comparison with headers, the pair's saved headers, a suite with headers and a watch.
    const posted = await call(before, "POST", "/api/compare", {
      leftUrl,
      rightUrl,
      options: { headers: { "X-Auth-Key": "ring-value" }, samples: 1 },
    });
    await compareAndWait(leftUrl, rightUrl, { samples: 1 });
    await settle(introspector);
    expect(posted.status).toBe(202);
    await call(before, "PUT", `/api/pairs/${pairKey}/settings`, {
      headers: { Session: "saved-shared" },
      left: { headers: { "X-Vault-Token": "saved-left" } },
    });
    const suiteKey = freshKey();
    const suite = await call(before, "POST", "/api/suites", {
      ...bases(),
      paths: [`/recorded/${suiteKey}`],
      options: { headers: { "Ocp-Apim-Subscription-Key": "suite-value" }, samples: 1 },
    });
    const { suiteId, runId } = await suite.json<{ suiteId: string; runId: number }>();
    await waitForRun(suiteId, runId);
    await call(before, "PUT", `/api/suites/${suiteId}/watch`, {
      intervalMinutes: 60,
      enabled: false,
      webhookUrl: `${targets()}/webhook/${suiteKey}`,
    });
    await settle(introspector);

    const old = await loadKeyring(before);
    const keyring = await loadKeyring(env);
    const pending = await status();
    expect(pending.previousKeyId).toBe(old.currentId);
    expect(pending.pending.suites).toBeGreaterThanOrEqual(1);
    expect(pending.pending.pairObjects).toBeGreaterThanOrEqual(1);
    expect(pending.safeToDeletePrevious).toBe(false);

    // The tick reseals; a few ticks work off whatever other tests left too.
    for (let i = 0; i < 10; i++) await tick(Date.now());
    const row = await env.DB.prepare(
      `SELECT suite_definitions.sealed_headers AS h, watches.webhook_secret AS w FROM suites
       JOIN suite_definitions ON suite_definitions.id = suites.definition_id
       JOIN watches ON watches.target_kind = 'suite' AND watches.target_id = suites.id WHERE suites.id = ?`,
    )
      .bind(suiteId)
      .first<{ h: string; w: string }>();
    const values = await objectValues(pairKey);
    expect(values.settings).toHaveLength(1);
    expect(values.ring.length).toBeGreaterThanOrEqual(1);
    const listed = await env.DB.prepare("SELECT key_id AS k FROM sealed_pairs WHERE pair_key = ?")
      .bind(pairKey)
      .first<{ k: string }>();
    expect(listed?.k).toBe(keyring.currentId);

    // With the previous key deleted, every one of them still opens, each only where it belongs.
    const done = await loadKeyring(after);
    expect(done.previous).toBeNull();
    const opened: [SealBinding, string | null | undefined][] = [
      [{ purpose: "request-headers", owner: suiteOwner(suiteId) }, row?.h],
      [{ purpose: "webhook-secret", owner: suiteOwner(suiteId) }, row?.w],
      [{ purpose: "pair-settings", owner: pairOwner(pairKey) }, values.settings[0]?.s],
      ...values.ring.map((r): [SealBinding, string | null] => [
        { purpose: "request-headers", owner: pairOwner(pairKey) },
        r.s,
      ]),
    ];
    for (const [binding, value] of opened) {
      expect(isCurrent(done, value ?? "")).toBe(true);
      expect(await open(done, binding, value ?? "")).toBeTruthy();
    }
    const saved = JSON.parse(
      await open(done, { purpose: "pair-settings", owner: pairOwner(pairKey) }, values.settings[0]?.s ?? ""),
    );
    expect(saved).toMatchObject({ v: 2, headers: { Session: "saved-shared" } });
  });
});

describe("values from before the bound format are brought up to date by the same pass", () => {
  it("a watch whose headers and webhook secret were sealed v1 still runs, each side its own, and is resealed bound", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const key = crypto.randomUUID();
    const state = await compareAndWait(`${targets()}/recorded/${key}`, `${targets()}/recorded/${key}-b`, {
      samples: 1,
    });
    await settle(introspector);
    const pairKey = state.pairKey;
    await call(env, "PUT", `/api/pairs/${pairKey}/watch`, { intervalMinutes: 5, options: { samples: 1 } });
    const keyring = await loadKeyring(env);
    // As a watch set before values were bound: the positional layout, sealed with the purpose alone.
    const legacy = await sealV1(
      keyring,
      "request-headers",
      JSON.stringify({
        headers: { "X-Access-Key": "shared-v1" },
        left: { PRIVATE_TOKEN: "left-v1" },
        right: { PRIVATE_TOKEN: "right-v1" },
      }),
    );
    const legacySecret = await sealV1(keyring, "webhook-secret", `whsec_${"ab".repeat(32)}`);
    await env.DB.prepare(
      "UPDATE watches SET sealed_headers = ?, webhook_secret = ?, webhook_url = ?, options_json = ? WHERE target_kind = 'pair' AND target_id = ?",
    )
      .bind(
        legacy,
        legacySecret,
        `${targets()}/webhook/${key}`,
        JSON.stringify({ headers: { "X-Access-Key": "shared-v1" }, samples: 1 }),
        pairKey,
      )
      .run();
    // A read never shows a value, even in a row written before views held names only.
    const read = await (await api(`/api/pairs/${pairKey}`)).text();
    expect(read).not.toContain("shared-v1");
    expect(read).toContain('"X-Access-Key":"[redacted]"');

    await tick(Date.now() + 60 * 60_000);
    await settle(introspector);
    const seen: Record<string, string>[] = await (await fetch(`${targets()}/recorded/${key}/requests`)).json();
    const seenB: Record<string, string>[] = await (await fetch(`${targets()}/recorded/${key}-b/requests`)).json();
    expect([seen[1]?.["x-access-key"], seen[1]?.private_token, seenB[1]?.private_token]).toEqual([
      "shared-v1",
      "left-v1",
      "right-v1",
    ]);
    const row = await env.DB.prepare(
      "SELECT sealed_headers AS h, webhook_secret AS w, options_json AS o FROM watches WHERE target_kind = 'pair' AND target_id = ?",
    )
      .bind(pairKey)
      .first<{ h: string; w: string; o: string }>();
    expect(isCurrent(keyring, row?.h ?? "")).toBe(true);
    expect(isCurrent(keyring, row?.w ?? "")).toBe(true);
    expect(row?.o).not.toContain("shared-v1");
    expect(await open(keyring, { purpose: "webhook-secret", owner: pairOwner(pairKey) }, row?.w ?? "")).toMatch(
      /^whsec_/,
    );
  });

  it("a comparison row and saved settings that still show header values are reduced to names by the tick", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const key = crypto.randomUUID();
    const state = await compareAndWait(`${targets()}/recorded/${key}`, `${targets()}/recorded/${key}-b`, {
      samples: 1,
    });
    await settle(introspector);
    const legacyView = JSON.stringify({ ...state.options, headers: { "X-Functions-Key": "clear-in-a-row" } });
    await runInDurableObject(env.ENV_PAIR.getByName(state.pairKey), async (_instance, storage) => {
      storage.storage.sql.exec("UPDATE comparisons SET options_json = ? WHERE id = ?", legacyView, state.comparisonId);
      storage.storage.sql.exec(
        "INSERT INTO pair_settings (id, settings_json, updated_at) VALUES (1, ?, 0)",
        JSON.stringify({ headers: { "X-Functions-Key": "clear-in-settings" } }),
      );
    });
    await env.DB.prepare(
      "INSERT INTO sealed_pairs (pair_key, key_id, version, updated_at) VALUES (?, '', 0, 0) ON CONFLICT DO UPDATE SET key_id = ''",
    )
      .bind(state.pairKey)
      .run();
    // Reads already show names only.
    for (const path of [`/api/compare/${state.comparisonId}`, `/api/pairs/${state.pairKey}/settings`]) {
      expect(await (await api(path)).text()).not.toContain("clear-in");
    }
    await tick(Date.now());
    const dump = await runInDurableObject(env.ENV_PAIR.getByName(state.pairKey), async (_instance, storage) =>
      JSON.stringify([
        storage.storage.sql.exec("SELECT options_json FROM comparisons").toArray(),
        storage.storage.sql.exec("SELECT settings_json FROM pair_settings").toArray(),
      ]),
    );
    expect(dump).not.toContain("clear-in");
    expect(dump).toContain('\\"X-Functions-Key\\":\\"[redacted]\\"');
    // It holds no sealed value: the registry lets it go.
    const listed = await env.DB.prepare("SELECT count(*) AS n FROM sealed_pairs WHERE pair_key = ?")
      .bind(state.pairKey)
      .first<{ n: number }>();
    expect(listed?.n).toBe(0);
  });
});
