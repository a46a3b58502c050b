/**
 * Suites cannot amplify a token (issue 21, finding 5). The rate limit counts calls; a suite run is
 * also charged the probes it may make against the caller's suite budget (SUITE_PROBES_PER_MINUTE),
 * and a spent budget answers 429 rate_limited with Retry-After. So one `compare` token cannot make
 * envdiff send more than requestsPerMinuteBound(calls, budget) requests a minute (src/api/suite-budget.ts,
 * its arithmetic in suite-budget-rules.test.ts), which this file checks by counting what arrives at the
 * targets while a token tries everything it may.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { bearer, makeToken } from "../auth/support";
import { targets, waitForEnd } from "../support/api";
import { bases, freshKey, suiteTargets, waitForRun } from "../support/suites";

type Vars = Pick<Env, "RATE_LIMIT_PER_MINUTE" | "SUITE_PROBES_PER_MINUTE">;
type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

async function call(token: string, vars: Vars, method: string, path: string, body?: unknown) {
  const ctx = createExecutionContext();
  const req = new Request(`http://envdiff.test${path}`, {
    method,
    headers: { ...bearer(token), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const res = await worker.fetch(req, { ...env, AUTH_MODE: "token", ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

async function suiteRequests(keys: string[]): Promise<number> {
  let n = 0;
  for (const side of ["left", "right"]) {
    for (const key of keys)
      n += ((await (await fetch(`${suiteTargets()}/recorded/${side}/${key}`)).json()) as unknown[]).length;
  }
  return n;
}

describe("the suite budget", () => {
  it("charges each run its probes and answers 429 rate_limited with Retry-After once they are spent", async () => {
    const { token } = await makeToken(["compare"]);
    const vars = { RATE_LIMIT_PER_MINUTE: "100", SUITE_PROBES_PER_MINUTE: "100" };
    const keys = Array.from({ length: 5 }, () => freshKey());
    // 5 paths × 2 sides × 1 sample × (1 + 4 confirming rounds): 50 probes a run at most.
    const body = { ...bases(), paths: keys.map((k) => `/recorded/${k}`), options: { samples: 1 } };
    const first = await call(token, vars, "POST", "/api/suites", body);
    expect(first.status).toBe(202);
    const { suiteId, runId } = await first.json<{ suiteId: string; runId: number }>();
    await waitForRun(suiteId, runId);
    const second = await call(token, vars, "POST", `/api/suites/${suiteId}/runs`, {});
    expect(second.status).toBe(202);
    await waitForRun(suiteId, (await second.json<{ runId: number }>()).runId);

    const refused = await call(token, vars, "POST", `/api/suites/${suiteId}/runs`, {});
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const { error } = await refused.json<ErrorBody>();
    expect(error.code).toBe("rate_limited");
    expect(error.message).toMatch(/suite budget.*at most 100 probes a minute/);
    expect(error.details).toMatchObject({ limit: 100, probes: 50 });
    // The targets got what the two runs sent (identical paths take no confirming round), within the
    // budget, and the refused run sent nothing.
    expect(await suiteRequests(keys)).toBeLessThanOrEqual(100);
    expect(await suiteRequests(keys)).toBe(20);

    // Another token has a budget of its own.
    const other = await makeToken(["compare"]);
    const otherKeys = [freshKey()];
    const own = await call(other.token, vars, "POST", "/api/suites", {
      ...bases(),
      paths: [`/recorded/${otherKeys[0]}`],
      options: { samples: 1 },
    });
    expect(own.status).toBe(202);
  });

  it("a run that could never fit in the budget is a 400 that says why; default samples are charged as three", async () => {
    const { token } = await makeToken(["compare"]);
    const vars = { RATE_LIMIT_PER_MINUTE: "100", SUITE_PROBES_PER_MINUTE: "20" };
    // 4 paths at the default samples: a pair's saved settings may raise them to 3, and 4 confirming
    // rounds of as many samples may follow, so 4 × 2 × 3 × (1 + 4) = 120.
    const res = await call(token, vars, "POST", "/api/suites", { ...bases(), paths: ["/p/1", "/p/2", "/p/3", "/p/4"] });
    expect(res.status).toBe(400);
    const { error } = await res.json<ErrorBody>();
    expect(error).toMatchObject({ code: "invalid_request", details: { probes: 120, limit: 20 } });
  });

  it("one compare token sends no more than the stated bound a minute, whatever it tries", async () => {
    const { token } = await makeToken(["compare"]);
    const vars = { RATE_LIMIT_PER_MINUTE: "4", SUITE_PROBES_PER_MINUTE: "60" };
    const key = crypto.randomUUID();
    const keys = Array.from({ length: 6 }, () => freshKey());
    const statuses: number[] = [];
    const compare = async (i: number) => {
      const res = await call(token, vars, "POST", "/api/compare", {
        leftUrl: `${targets()}/recorded/${key}?n=${i}`,
        rightUrl: `${targets()}/recorded/${key}-b?n=${i}`,
        options: { samples: 3 },
      });
      statuses.push(res.status);
      if (res.status === 202) await waitForEnd((await res.json<{ comparisonId: string }>()).comparisonId);
    };
    const suite = async () => {
      const body = { ...bases(), paths: keys.map((k) => `/recorded/${k}`), options: { samples: 1 } };
      const res = await call(token, vars, "POST", "/api/suites", body);
      statuses.push(res.status);
      if (res.status === 202) {
        const { suiteId, runId } = await res.json<{ suiteId: string; runId: number }>();
        await waitForRun(suiteId, runId);
      }
    };
    // Comparisons at 3 samples (up to 30 probes with confirming) and suites of 6 paths at 1 sample (up to
    // 60 probes), as fast as it can. Four calls a minute: a suite each time would be 240; the budget allows 60.
    await suite();
    await suite();
    await suite();
    await compare(1);
    expect(statuses).toEqual([202, 429, 429, 202]);
    const compared = [
      ...((await (await fetch(`${targets()}/recorded/${key}/requests`)).json()) as unknown[]),
      ...((await (await fetch(`${targets()}/recorded/${key}-b/requests`)).json()) as unknown[]),
    ].length;
    const sent = compared + (await suiteRequests(keys));
    // No redirect here, so the bound without its redirect factor applies (suite-budget-rules.test.ts):
    // calls × 2 sides × 3 samples × (1 + 4 rounds) + the budget.
    expect(sent).toBeLessThanOrEqual(4 * 2 * 3 * (1 + 4) + 60);
    // Identical sides take no confirming round: one suite run of 6 paths × 2 sides, one comparison of 2 × 3.
    expect(sent).toBe(12 + 6);
  });
});
