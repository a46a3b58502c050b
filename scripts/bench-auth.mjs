#!/usr/bin/env node
import { spawnSync } from "node:child_process";
// Auth latency figures (part of npm run bench), one JSON object per line:
// - auth-token-added-p50: a Worker under `wrangler dev --local` with AUTH_MODE=token, GET /api/health
//   with a valid API token against the same route without one (which costs what AUTH_MODE=none costs:
//   the auth middleware returns at once). Requests alternate, 200 each; p50 of the difference.
// - auth-jwt-added-p50: Access JWT verification as the Worker does it (jose, RS256, cached keys),
//   timed in Node: workerd's clock does not advance during CPU work, and Access's JWKS cannot be
//   reached from this machine, so a Worker run cannot show it. Once keys are cached it is CPU only.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from "jose";
import { startDevServer } from "./lib/dev-server.mjs";

const REQUESTS = 200;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`;
const round = (ms) => Math.round(ms * 1000) / 1000;
const p50 = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const print = (name, value, extra) =>
  console.log(JSON.stringify({ name, value: round(value), unit: "ms", machine, ...extra }));

// Token: a real Worker, a token made the way a user makes the first one.
const state = mkdtempSync(join(tmpdir(), "envdiff-bench-auth-"));
let server;
try {
  const created = spawnSync(
    "node",
    ["scripts/token-create.mjs", "--name", "bench", "--scopes", "read", "--local", "--persist-to", state],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  const token = created.stdout.trim().split("\n").at(-1);
  if (!token?.startsWith("envd_")) throw new Error("token:create printed no token");
  server = await startDevServer({ persistTo: state, vars: { AUTH_MODE: "token" } });
  const time = async (headers) => {
    const started = performance.now();
    const res = await fetch(`${server.url}/api/health`, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET /api/health answered ${res.status}`);
    return performance.now() - started;
  };
  const auth = { authorization: `Bearer ${token}` };
  // Were the token not accepted, whoami would say so: check once that it is really used.
  const who = await fetch(`${server.url}/api/whoami`, { headers: auth });
  if (who.status !== 200) throw new Error(`the bench token was refused: ${who.status}`);
  for (let i = 0; i < 20; i++) await Promise.all([time({}), time(auth)].map((p) => p.catch(() => 0)));
  const none = [];
  const withToken = [];
  for (let i = 0; i < REQUESTS; i++) {
    none.push(await time({}));
    withToken.push(await time(auth));
  }
  print("auth-token-added-p50", p50(withToken) - p50(none), {
    requests: REQUESTS,
    p50: round(p50(withToken)),
    noneP50: round(p50(none)),
    via: "wrangler dev --local",
  });
} finally {
  await server?.stop();
  rmSync(state, { recursive: true, force: true });
}

// JWT: the verification call the Worker makes, with the key set already fetched.
const { privateKey, publicKey } = await generateKeyPair("RS256");
const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: "k", alg: "RS256" }] });
const team = "bench.cloudflareaccess.com";
const jwt = await new SignJWT({ email: "dev@example.com" })
  .setProtectedHeader({ alg: "RS256", kid: "k" })
  .setIssuer(`https://${team}`)
  .setAudience("aud")
  .setIssuedAt()
  .setExpirationTime("5m")
  .sign(privateKey);
const options = { algorithms: ["RS256"], audience: "aud", issuer: `https://${team}`, clockTolerance: 30 };
for (let i = 0; i < 50; i++) await jwtVerify(jwt, jwks, options);
const verify = [];
for (let i = 0; i < REQUESTS; i++) {
  const started = performance.now();
  await jwtVerify(jwt, jwks, options);
  verify.push(performance.now() - started);
}
print("auth-jwt-added-p50", p50(verify), { requests: REQUESTS, via: "node, jose jwtVerify with cached keys" });
