// Starts `wrangler dev --local` for scripts and end-to-end tests (demo, load, durability, browser):
// the D1 migrations applied first, free ports, its own process group so stop() and kill() reach
// workerd too, and a health wait that fails with wrangler's own output instead of hanging.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { migrateD1State } from "./d1-state.mjs";
import { stateSecretsKey } from "./secrets-key.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");

/** A port nothing listens on right now. */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/**
 * `envFile`: a dotenv file (the format of .dev.vars) to read the secrets from instead, as a
 * developer's .dev.vars would be read: a rotation's rehearsal (test/persisted/) starts the server
 * three times with three of them.
 * @param {{ port?: number, persistTo: string, vars?: Record<string, string>, args?: string[], envFile?: string }} options
 * @returns {Promise<{ url: string, port: number, pgid: number, log: () => string, stop: () => Promise<void>, kill: () => Promise<void> }>}
 */
export async function startDevServer({ port, persistTo, vars = {}, args: extraArgs = [], envFile }) {
  // wrangler reads required secrets from the environment. The key lives with the state it sealed, so a
  // restarted server still opens it; no rotation is under way, so there is no previous key.
  const env = {
    ...process.env,
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_SEND_METRICS: "false",
    ...(envFile === undefined
      ? { ENVDIFF_SECRETS_KEY: stateSecretsKey(persistTo), ENVDIFF_SECRETS_KEY_PREVIOUS: "none" }
      : {}),
  };
  if (envFile !== undefined) {
    delete env.ENVDIFF_SECRETS_KEY;
    delete env.ENVDIFF_SECRETS_KEY_PREVIOUS;
  }
  // The pair directory's D1 tables, in the same state folder the server will use (copied from a
  // template migrated once: scripts/lib/d1-state.mjs).
  mkdirSync(persistTo, { recursive: true });
  migrateD1State(persistTo, env);
  const httpPort = port ?? (await freePort());
  // AUTH_MODE=none unless the caller asks for a mode (the browser test's token mode does).
  const allVars = {
    ALLOW_PRIVATE_TARGETS: "true",
    RATE_LIMIT_PER_MINUTE: "0",
    SUITE_PROBES_PER_MINUTE: "0",
    AUTH_MODE: "none",
    ...vars,
  };
  const args = ["dev", "--local", "--ip", "127.0.0.1", "--port", String(httpPort)];
  // Its own inspector port, so several servers (a demo beside `npm run dev`) can run at once.
  args.push("--inspector-port", String(await freePort()), "--persist-to", persistTo);
  for (const [key, value] of Object.entries(allVars)) args.push("--var", `${key}:${value}`);
  if (envFile !== undefined) args.push("--env-file", envFile);
  args.push("--show-interactive-dev-session=false", ...extraArgs);
  const child = spawn(WRANGLER, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true, env });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((done) => child.once("exit", done));

  const signal = async (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      return; // already gone
    }
    // An unref'd timer: a test file's process must not outlive its last server by 10 s.
    await Promise.race([exited, sleep(10_000, undefined, { ref: false })]);
  };
  const server = {
    url: `http://127.0.0.1:${httpPort}`,
    port: httpPort,
    /** The process group: wrangler and the workerd it runs. */
    pgid: child.pid,
    log: () => output,
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
  };

  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${server.url}/api/health`)).ok) return server;
    } catch {}
    await sleep(250);
  }
  await server.stop();
  throw new Error(`wrangler dev did not become healthy on port ${httpPort}:\n${output.slice(-4000)}`);
}
