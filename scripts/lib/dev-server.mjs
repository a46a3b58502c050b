// Starts `wrangler dev --local` for scripts (demo, load, durability, browser tests): its own
// process group, so stop() and kill() reach workerd too, and a health wait that fails with
// wrangler's own output instead of hanging.
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * @param {{ port: number, persistTo: string, vars?: Record<string, string> }} options
 * @returns {Promise<{ url: string, pgid: number, log: () => string, stop: () => Promise<void>, kill: () => Promise<void> }>}
 */
export async function startDevServer({ port, persistTo, vars = {} }) {
  const allVars = { ALLOW_PRIVATE_TARGETS: "true", RATE_LIMIT_PER_MINUTE: "0", ...vars };
  const args = ["dev", "--local", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", persistTo];
  for (const [key, value] of Object.entries(allVars)) args.push("--var", `${key}:${value}`);
  args.push("--show-interactive-dev-session=false");
  const child = spawn("wrangler", args, {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));

  const signal = async (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      return; // already gone
    }
    await Promise.race([exited, sleep(10_000)]);
  };
  const server = {
    url: `http://127.0.0.1:${port}`,
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
  throw new Error(`wrangler dev did not become healthy on port ${port}:\n${output.slice(-4000)}`);
}
