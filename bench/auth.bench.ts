/**
 * What signing in writes: D1 rows written per 100 authenticated requests, with an API token and
 * with an Access JWT (GET /api/pairs, the writes counted from D1's own meta.rows_written). A token's
 * last use is recorded at most once a minute, so a burst after its first use writes nothing.
 * Latency is measured by scripts/bench-auth.mjs: inside workerd the clock stops during CPU work.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { it } from "vitest";
import worker from "../src/index";
import { bearer, makeTeam, makeToken, serveJwks } from "../test/auth/support";

const REQUESTS = 200;
const TEAM = "envdiff-bench.cloudflareaccess.com";

/** env.DB that adds up meta.rows_written of every statement run through it. */
function countingDb(db: D1Database) {
  let written = 0;
  const add = (result: unknown) => {
    written += (result as { meta?: { rows_written?: number } }).meta?.rows_written ?? 0;
    return result;
  };
  const statement = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        if (prop === "bind") return (...args: unknown[]) => statement(target.bind(...args));
        if (prop === "run" || prop === "all") return async () => add(await target[prop]());
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => statement(target.prepare(sql));
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: proxy, written: () => written };
}

async function get(headers: Record<string, string>, vars: Partial<Env>, db: D1Database): Promise<void> {
  const ctx = createExecutionContext();
  const request = new Request("http://envdiff.test/api/pairs", { headers });
  const res = await worker.fetch(request, { ...env, ...vars, DB: db }, ctx);
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  if (res.status !== 200) throw new Error(`GET /api/pairs answered ${res.status}`);
}

it("D1 rows written by signed-in requests", async () => {
  const team = await makeTeam(TEAM);
  serveJwks(TEAM, team.jwks);
  const { token } = await makeToken(["read"]);
  const modes = {
    token: { headers: bearer(token), vars: { AUTH_MODE: "token" } },
    jwt: { headers: { "cf-access-jwt-assertion": await team.sign() }, vars: team.vars },
  };
  for (const [name, mode] of Object.entries(modes)) {
    const counted = countingDb(env.DB);
    for (let i = 0; i < REQUESTS; i++) await get(mode.headers, mode.vars, counted.db);
    console.log(
      JSON.stringify({
        name: `auth-${name}-d1-rows-written-per-100`,
        value: (counted.written() / REQUESTS) * 100,
        unit: "rows",
        requests: REQUESTS,
        note: name === "token" ? "first use included: one last-use write per token per minute" : "nothing stored",
      }),
    );
  }
});
