/**
 * Editing a suite (PATCH /api/suites/:suiteId) and its per-suite run numbers, inside workerd: the
 * next run compares the new definition, older runs keep theirs, the watch stays, saved header values
 * survive a "[redacted]" sent back, and bad edits are refused with the contract's JSON errors.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { SuiteDetail } from "../../src/shapes/suite";
import { bearer, call, makeToken } from "../auth/support";
import { api, getState, targets } from "../support/api";
import { tick } from "../support/directory";
import {
  bases,
  createSuite,
  freshKey,
  patchSuite,
  readSuite,
  rerunSuite,
  STEADY,
  suiteTargets,
  waitForRunNumber,
} from "../support/suites";

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };
const MINUTE = 60_000;

async function errorOf(res: Response): Promise<ErrorBody["error"]> {
  return (await res.json<ErrorBody>()).error;
}

beforeEach(async () => {
  await env.DB.prepare("UPDATE watches SET enabled = 0").run();
});

describe("PATCH /api/suites/:suiteId", () => {
  it("changes the name, paths and options; the next run compares them and the first run keeps its own", async () => {
    const key = freshKey();
    const created = await createSuite({ name: "before", ...bases(), paths: [`/p/${key}a`], options: STEADY });
    expect(created.number).toBe(1);
    const first = await waitForRunNumber(created.suiteId, 1);
    expect(first.items.map((item) => item.path)).toEqual([`/p/${key}a`]);

    const ignorePaths = [...STEADY.ignorePaths, "/body/json/version"];
    const res = await patchSuite(created.suiteId, {
      name: "after",
      paths: [`/p/${key}b`, `/diff/${key}`],
      options: { ignorePaths },
    });
    expect(res.status).toBe(200);
    const edited = await res.json<SuiteDetail>();
    expect(edited).toMatchObject({
      suiteId: created.suiteId,
      name: "after",
      paths: 2,
      pathList: [`/p/${key}b`, `/diff/${key}`],
      discover: null,
      lastRunNumber: 1,
      ...bases(),
    });
    expect(edited.options.ignorePaths).toEqual(ignorePaths);
    // History kept: the newest run is still the first, with the paths it ran.
    expect(edited.run?.number).toBe(1);
    expect(edited.run?.items.map((item) => item.path)).toEqual([`/p/${key}a`]);

    const second = await rerunSuite(created.suiteId);
    expect(second.number).toBe(2);
    const run = await waitForRunNumber(created.suiteId, 2);
    expect(run.items.map((item) => item.path).sort()).toEqual([`/diff/${key}`, `/p/${key}b`]);
    // The new ignore reached the path whose version differs: identical now.
    expect(run.verdict).toBe("identical");
    const diffItem = run.items.find((item) => item.path === `/diff/${key}`);
    if (!diffItem) throw new Error("no /diff item");
    expect((await getState(diffItem.comparisonId)).options.ignorePaths).toEqual(ignorePaths);

    // Run 1 is still there, as it ran.
    const again = await waitForRunNumber(created.suiteId, 1);
    expect(again.items.map((item) => item.path)).toEqual([`/p/${key}a`]);
  });

  it("a run in flight finishes with the definition it started with", async () => {
    const key = freshKey();
    const paths = Array.from({ length: 6 }, (_, i) => `/p/${key}-${i}`);
    const { suiteId } = await createSuite({ ...bases(), paths, options: STEADY });
    // Edited at once, while run 1's paths are still starting.
    expect((await patchSuite(suiteId, { paths: [`/p/${key}-new`] })).status).toBe(200);
    const first = await waitForRunNumber(suiteId, 1);
    expect(first.items.map((item) => item.path).sort()).toEqual([...paths].sort());
    expect(first.totals).toMatchObject({ paths: 6, identical: 6 });
    const { number } = await rerunSuite(suiteId);
    expect((await waitForRunNumber(suiteId, number)).items.map((item) => item.path)).toEqual([`/p/${key}-new`]);
  });

  it("keeps the watch, and the watch's next run uses the new definition", async () => {
    const key = freshKey();
    const { suiteId } = await createSuite({ ...bases(), paths: [`/p/${key}a`], options: STEADY });
    await waitForRunNumber(suiteId, 1);
    const webhookUrl = `${targets()}/webhook/${freshKey()}`;
    const put = await api(`/api/suites/${suiteId}/watch`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ intervalMinutes: 10, enabled: true, webhookUrl }),
    });
    expect(put.status).toBe(200);

    const res = await patchSuite(suiteId, { paths: [`/p/${key}b`] });
    expect(res.status).toBe(200);
    expect((await res.json<SuiteDetail>()).watch).toMatchObject({ intervalMinutes: 10, enabled: true, webhookUrl });

    await tick(Date.now() + 11 * MINUTE);
    const run = await waitForRunNumber(suiteId, 2);
    expect(run.trigger).toBe("watch");
    expect(run.items.map((item) => item.path)).toEqual([`/p/${key}b`]);
  });

  it('keeps a saved header value sent back as "[redacted]" and seals a new one for its side', async () => {
    const key = freshKey();
    const secret = `edit-sentinel-${crypto.randomUUID()}`;
    const { suiteId } = await createSuite({
      ...bases(),
      paths: [`/recorded/${key}`],
      options: {
        ...STEADY,
        samples: 1,
        left: { headers: { "X-Env-Token": `${secret}-left` } },
        right: { headers: { "X-Env-Token": `${secret}-right` } },
      },
    });
    await waitForRunNumber(suiteId, 1);
    // What a reader sees, sent back with one side changed.
    const { options } = await readSuite(suiteId);
    expect(options.left?.headers).toEqual({ "X-Env-Token": "[redacted]" });
    const res = await patchSuite(suiteId, {
      options: { ...options, right: { headers: { "X-Env-Token": `${secret}-rotated` } } },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain(secret);
    const { number } = await rerunSuite(suiteId);
    await waitForRunNumber(suiteId, number);

    const seen = async (side: string) =>
      (await (await fetch(`${suiteTargets()}/recorded/${side}/${key}`)).json<Record<string, string>[]>()).map(
        (headers) => headers["x-env-token"],
      );
    expect(new Set(await seen("left"))).toEqual(new Set([`${secret}-left`]));
    expect((await seen("right")).at(-1)).toBe(`${secret}-rotated`);
    // Stored sealed: no definition row holds a value in clear.
    const rows = await env.DB.prepare("SELECT options_json, sealed_headers FROM suite_definitions WHERE suite_id = ?")
      .bind(suiteId)
      .all();
    expect(JSON.stringify(rows.results)).not.toContain(secret);

    // A placeholder for a header the suite never had is refused: it would be sent as that text.
    const unknown = await patchSuite(suiteId, { options: { headers: { "X-Other": "[redacted]" } } });
    expect(unknown.status).toBe(400);
    expect(await errorOf(unknown)).toMatchObject({ code: "invalid_request", details: { field: "headers" } });
  });

  it("re-runs discovery when given `discover`, and can clear the name", async () => {
    const { suiteId } = await createSuite({ name: "listed", ...bases(), paths: [`/p/${freshKey()}`], options: STEADY });
    const res = await patchSuite(suiteId, { name: null, discover: { openapi: `${bases().leftBase}/openapi.json` } });
    expect(res.status).toBe(200);
    expect(await res.json<SuiteDetail>()).toMatchObject({
      name: null,
      pathList: ["/p/1", "/p/2", "/diff"],
      discover: { openapi: `${bases().leftBase}/openapi.json` },
    });
  });

  it("refuses bad edits with the contract's JSON errors and changes nothing", async () => {
    const { suiteId } = await createSuite({ name: "kept", ...bases(), paths: [`/p/${freshKey()}`], options: STEADY });
    const before = await readSuite(suiteId);
    const refusals: [unknown, number, string, string?][] = [
      [{}, 400, "invalid_request"],
      [{ paths: ["/p/1"], discover: { sitemap: `${bases().leftBase}/sitemap.xml` } }, 400, "invalid_request"],
      [{ paths: ["https://elsewhere.example.com/x"] }, 400, "invalid_request"],
      [{ paths: [] }, 400, "invalid_request"],
      [{ leftBase: "http://other.test" }, 400, "invalid_request"],
      [{ discover: { openapi: `${bases().leftBase}/not-openapi.json` } }, 400, "invalid_request", "discover.openapi"],
      [{ options: { samples: 99 } }, 400, "invalid_request"],
      [{ paths: ["/p/1"], options: { method: "PUT" } }, 400, "invalid_request"],
    ];
    for (const [body, status, code, field] of refusals) {
      const res = await patchSuite(suiteId, body);
      expect({ body, status: res.status }).toEqual({ body, status });
      const error = await errorOf(res);
      expect({ body, code: error.code }).toEqual({ body, code });
      if (field) expect(error.details?.field).toBe(field);
    }
    const unknown = await patchSuite(crypto.randomUUID(), { name: "x" });
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toMatchObject({ code: "not_found" });
    const notJson = await api(`/api/suites/${suiteId}`, { method: "PATCH", body: '{"name":"x"}' });
    expect(notJson.status).toBe(415);

    const after = await readSuite(suiteId);
    expect({ name: after.name, pathList: after.pathList, options: after.options }).toEqual({
      name: before.name,
      pathList: before.pathList,
      options: before.options,
    });
  });

  it("needs the admin scope: a compare token gets 403 forbidden, an admin token edits", async () => {
    const { suiteId } = await createSuite({ ...bases(), paths: [`/p/${freshKey()}`], options: STEADY });
    const patch = (token: string) =>
      call(`/api/suites/${suiteId}`, {
        method: "PATCH",
        headers: { ...bearer(token), "content-type": "application/json" },
        body: JSON.stringify({ name: "renamed" }),
      });
    const compare = await makeToken(["compare"]);
    const refused = await patch(compare.token);
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toMatchObject({ code: "forbidden", details: { scope: "admin" } });
    const admin = await makeToken(["admin"]);
    const done = await patch(admin.token);
    expect(done.status).toBe(200);
    expect((await done.json<SuiteDetail>()).name).toBe("renamed");
  });

  it("refuses an edit whose every run would cost more than the whole suite budget", async () => {
    const { suiteId } = await createSuite({ ...bases(), paths: [`/p/${freshKey()}`], options: STEADY });
    const admin = await makeToken(["admin"]);
    const paths = Array.from({ length: 20 }, (_, i) => `/p/${i}`);
    const res = await call(
      `/api/suites/${suiteId}`,
      {
        method: "PATCH",
        headers: { ...bearer(admin.token), "content-type": "application/json" },
        body: JSON.stringify({ paths }),
      },
      { AUTH_MODE: "token", SUITE_PROBES_PER_MINUTE: "100" },
    );
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: "invalid_request", details: { limit: 100 } });
    expect((await readSuite(suiteId)).paths).toBe(1);
  });
});

describe("run numbers", () => {
  it("count 1, 2, 3 within each suite, whatever other suites run in between", async () => {
    const one = await createSuite({ ...bases(), paths: [`/p/${freshKey()}`], options: STEADY });
    const other = await createSuite({ ...bases(), paths: [`/p/${freshKey()}`], options: STEADY });
    expect([one.number, other.number]).toEqual([1, 1]);
    expect(other.runId).toBeGreaterThan(one.runId);
    const two = await rerunSuite(one.suiteId);
    const otherTwo = await rerunSuite(other.suiteId);
    const three = await rerunSuite(one.suiteId);
    expect([two.number, three.number, otherTwo.number]).toEqual([2, 3, 2]);

    for (const number of [1, 2, 3]) expect((await waitForRunNumber(one.suiteId, number)).number).toBe(number);
    const detail = await readSuite(one.suiteId);
    expect(detail).toMatchObject({ lastRunNumber: 3, lastRunId: three.runId, run: { number: 3 } });
    const list = await (await api("/api/suites?limit=100")).json<{ suites: SuiteDetail[] }>();
    expect(list.suites.find((s) => s.suiteId === other.suiteId)?.lastRunNumber).toBe(2);

    const missing = await api(`/api/suites/${one.suiteId}/runs/4`);
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({ code: "not_found" });
    expect((await api(`/api/suites/${one.suiteId}/runs/0`)).status).toBe(400);
  });
});
