/**
 * A sealed value opens only in the row and column it was sealed for (issue 21, finding 9). Someone
 * who can write D1 but has not the key copies a pair watch's sealed headers into a suite, or into
 * another pair's watch, or a webhook secret from a pair into a suite: the copy must not open there,
 * and nothing of it may reach that row's targets.
 */
import { introspectWorkflow } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { api, compareAndWait, targets, waitForEnd } from "../support/api";
import { putWatch, settle, tick } from "../support/directory";
import { bases, createSuite, freshKey, setControl, suiteTargets, waitForRun } from "../support/suites";

type Seen = Record<string, string>;

beforeEach(async () => {
  await env.DB.prepare("UPDATE watches SET enabled = 0").run();
});

/** A pair with a watch whose headers carry `secret`, sealed in D1. */
async function watchedPair(secret: string) {
  await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
  const key = crypto.randomUUID();
  const state = await compareAndWait(`${targets()}/recorded/${key}`, `${targets()}/recorded/${key}-b`, { samples: 1 });
  await settle(introspector);
  const res = await putWatch(state.pairKey, {
    intervalMinutes: 60,
    enabled: false,
    webhookUrl: `${targets()}/webhook/${key}`,
    options: { headers: { "X-Auth-Key": secret }, samples: 1 },
  });
  expect(res.status).toBe(200);
  const row = await env.DB.prepare(
    "SELECT sealed_headers AS headers, webhook_secret AS webhook FROM watches WHERE target_kind = 'pair' AND target_id = ?",
  )
    .bind(state.pairKey)
    .first<{ headers: string; webhook: string }>();
  return { key, pairKey: state.pairKey, sealed: row?.headers ?? "", webhook: row?.webhook ?? "" };
}

const rerun = (suiteId: string) =>
  api(`/api/suites/${suiteId}/runs`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });

describe("a sealed value copied to another row does not open there", () => {
  it("a pair watch's headers copied into a suite: the suite's paths fail and its targets get nothing", async () => {
    const secret = `copied-${crypto.randomUUID()}`;
    const { sealed } = await watchedPair(secret);
    const key = freshKey();
    const { suiteId, runId } = await createSuite({ ...bases(), paths: [`/recorded/${key}`], options: { samples: 1 } });
    await waitForRun(suiteId, runId);
    await env.DB.prepare(
      "UPDATE suite_definitions SET sealed_headers = ? WHERE id = (SELECT definition_id FROM suites WHERE id = ?)",
    )
      .bind(sealed, suiteId)
      .run();

    const res = await rerun(suiteId);
    expect(res.status).toBe(202);
    const run = await waitForRun(suiteId, (await res.json<{ runId: number }>()).runId);
    expect(run.items.map((item) => item.status)).toEqual(["failed"]);
    for (const side of ["left", "right"] as const) {
      const seen: Seen[] = await (await fetch(`${suiteTargets()}/recorded/${side}/${key}`)).json();
      expect(seen).toHaveLength(1); // the first run only
      expect(JSON.stringify(seen)).not.toContain(secret);
    }
  });

  it("a pair watch's headers copied into another pair's watch: that watch's run fails and sends nothing", async () => {
    const secret = `copied-${crypto.randomUUID()}`;
    const from = await watchedPair(secret);
    const to = await watchedPair("its own value");
    await env.DB.prepare(
      "UPDATE watches SET sealed_headers = ?, enabled = 1 WHERE target_kind = 'pair' AND target_id = ?",
    )
      .bind(from.sealed, to.pairKey)
      .run();
    await env.DB.prepare("UPDATE watches SET next_due_at = 0 WHERE target_kind = 'pair' AND target_id = ?")
      .bind(to.pairKey)
      .run();
    await using introspector = await introspectWorkflow(env.COMPARE_WORKFLOW);
    await tick(Date.now());
    await settle(introspector);
    const [newest] = await env.ENV_PAIR.getByName(to.pairKey).listComparisons(1);
    const run = await waitForEnd(newest?.comparisonId ?? "");
    expect(run.status).toBe("failed");
    expect(run.error?.message).toMatch(/cannot be opened/);
    const seen: Seen[] = await (await fetch(`${targets()}/recorded/${to.key}/requests`)).json();
    expect(JSON.stringify(seen)).not.toContain(secret);
  });

  it("a pair's webhook secret copied into a suite's watch does not sign that suite's deliveries", async () => {
    const { webhook } = await watchedPair("x");
    const hook = freshKey();
    const { suiteId, runId } = await createSuite({ ...bases(), paths: [`/status/${hook}`], options: { samples: 1 } });
    expect((await waitForRun(suiteId, runId)).verdict).toBe("identical");
    const put = await api(`/api/suites/${suiteId}/watch`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ intervalMinutes: 60, webhookUrl: `${targets()}/webhook/${hook}` }),
    });
    expect(put.status).toBe(200);
    await env.DB.prepare("UPDATE watches SET webhook_secret = ? WHERE target_kind = 'suite' AND target_id = ?")
      .bind(webhook, suiteId)
      .run();
    // The right side starts failing: the next run has a new high difference, and its one delivery is due.
    await setControl(hook, "500");
    const res = await rerun(suiteId);
    const run = await waitForRun(suiteId, (await res.json<{ runId: number }>()).runId);
    expect(run.drift?.newHigh).toEqual([`/status/${hook}`]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const deliveries: unknown[] = await (await fetch(`${targets()}/webhook/${hook}/deliveries`)).json();
    expect(deliveries).toEqual([]);
  });
});
