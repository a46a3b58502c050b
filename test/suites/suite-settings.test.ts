/**
 * Settings add up for suites (issue 23): a suite sets ignore paths of its own (most do, e.g. to
 * leave timing out), and "Ignore this" on the page saves a path in the pair's settings. Both hold
 * on the suite's next run: the suite's list adds to the pair's, it does not replace it.
 */
import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LIST_LIMITS } from "../../src/shapes/options";
import { MAX_IGNORE_PATHS, withIgnoredPath } from "../../src/web/ignore-path";
import { api, getState } from "../support/api";
import { settle } from "../support/directory";
import { bases, createSuite, freshKey, STEADY, waitForRun } from "../support/suites";

describe("Ignore this, for a suite with ignore paths of its own", () => {
  it("leaves the ignored path out of the suite's next run, alongside the suite's own ignores", async () => {
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    const path = `/diff/${freshKey()}`;
    const { suiteId, runId } = await createSuite({ ...bases(), paths: [path], options: STEADY });
    const first = await waitForRun(suiteId, runId);
    const item = first.items[0];
    expect(item?.highest).toBe("medium");
    const before = await getState(item?.comparisonId as string);
    const difference = before.result?.diff.differences[0];
    expect(difference?.path).toBe("/body/json/version");

    // What the button does: read the pair's settings, add the row's path, save them.
    const settingsUrl = `/api/pairs/${item?.pairKey}/settings`;
    const { settings } = await (await api(settingsUrl)).json<{ settings: Record<string, unknown> }>();
    const next = withIgnoredPath(settings, difference?.path as string);
    expect(next).toEqual({ ignorePaths: ["/body/json/version"] });
    const saved = await api(settingsUrl, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(next),
    });
    expect(saved.status).toBe(200);

    // Every write takes JSON, a re-run's empty body included (docs/contract.md).
    const rerun = await api(`/api/suites/${suiteId}/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(rerun.status).toBe(202);
    const second = await waitForRun(suiteId, (await rerun.json<{ runId: number }>()).runId);
    expect(second.items[0]).toMatchObject({ highest: null, history: "clean" });
    const after = await getState(second.items[0]?.comparisonId as string);
    expect(after.result?.diff.differences).toEqual([]);
    // The pair's saved path and the suite's own both applied; the version was not compared, not resolved.
    expect(after.options.ignorePaths).toEqual(["/body/json/version", ...STEADY.ignorePaths]);
    expect(after.result?.notCompared).toEqual([{ kind: "body", path: "/body/json/version", reason: "now_ignored" }]);
    await settle(introspector);
  });
});

describe("the page's ignore list", () => {
  it("adds a path once, keeps the other settings, and stops at the API's limit", () => {
    expect(MAX_IGNORE_PATHS).toBe(LIST_LIMITS.ignorePaths);
    expect(withIgnoredPath({ leftLabel: "staging" }, "/body/json/a")).toEqual({
      leftLabel: "staging",
      ignorePaths: ["/body/json/a"],
    });
    expect(withIgnoredPath({ ignorePaths: ["/body/json/a"] }, "/body/json/a")).toBeNull();
    const full = Array.from({ length: MAX_IGNORE_PATHS }, (_, i) => `/p/${i}`);
    expect(withIgnoredPath({ ignorePaths: full }, "/body/json/a")).toBe("full");
  });
});
