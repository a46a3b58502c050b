#!/usr/bin/env node
// npm run token:create -- --name <name> --scopes <read,compare,admin> [--expires-in-days N]
//                         [--local [--persist-to DIR] | --remote]
// Creates an envdiff API token straight in the D1 database, for the first token when none exists
// yet to call POST /api/tokens with. Only the token's SHA-256 is stored; the token is printed once,
// alone on the last line of stdout (wrangler's own output goes to stderr), so `| tail -n1` captures it.
import { spawnSync } from "node:child_process";
import { userInfo } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { newToken, tokenHash } from "../src/auth/token-format.ts";

const ROOT = resolve(import.meta.dirname, "..");
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");
const SCOPES = ["read", "compare", "admin"];
const USAGE =
  "usage: npm run token:create -- --name <name> --scopes <read,compare,admin> [--expires-in-days N] [--local [--persist-to DIR] | --remote]";

function fail(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      name: { type: "string" },
      scopes: { type: "string" },
      "expires-in-days": { type: "string" },
      local: { type: "boolean" },
      remote: { type: "boolean" },
      "persist-to": { type: "string" },
    },
  }));
} catch (error) {
  fail(error.message);
}

const name = (values.name ?? "").trim();
// The same rule as POST /api/tokens (src/shapes/token-routes.ts).
if (!/^[\x20-\x7e]{1,80}$/.test(name)) fail("--name must be 1 to 80 printable ASCII characters.");
const scopes = (values.scopes ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
if (scopes.length === 0 || scopes.some((s) => !SCOPES.includes(s)))
  fail(`--scopes must list some of ${SCOPES.join(", ")}.`);
const days = values["expires-in-days"];
if (days !== undefined && !/^\d{1,4}$/.test(days)) fail("--expires-in-days must be a whole number of days.");
if (values.local && values.remote) fail("Pass --local or --remote, not both.");
if (values["persist-to"] && values.remote) fail("--persist-to only applies to --local.");

// --local is wrangler's default too; --persist-to matches the folder `wrangler dev --persist-to` uses.
const where = values.remote
  ? ["--remote"]
  : ["--local", ...(values["persist-to"] ? ["--persist-to", values["persist-to"]] : [])];
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: "true" };

function wrangler(args) {
  // Wrangler's stdout goes to our stderr: stdout carries the token and nothing else.
  const result = spawnSync(WRANGLER, args, { cwd: ROOT, stdio: ["ignore", 2, 2], env });
  if (result.status !== 0) {
    console.error(`wrangler ${args.slice(0, 3).join(" ")} failed (exit ${result.status}).`);
    process.exit(1);
  }
}

// A fresh local database has no tables yet: apply the migrations first (a no-op when current).
if (!values.remote) wrangler(["d1", "migrations", "apply", "DB", ...where]);

const token = newToken();
const now = Date.now();
const sqlText = (text) => `'${text.replaceAll("'", "''")}'`;
const row = {
  id: sqlText(crypto.randomUUID()),
  name: sqlText(name),
  token_hash: sqlText(await tokenHash(token)),
  scopes: sqlText(SCOPES.filter((s) => scopes.includes(s)).join(",")),
  created_by: sqlText(`cli:${userInfo().username}`.slice(0, 100)),
  created_at: String(now),
  expires_at: days === undefined ? "NULL" : String(now + Number(days) * 86_400_000),
};
const insert = `INSERT INTO api_tokens (${Object.keys(row).join(", ")}) VALUES (${Object.values(row).join(", ")});`;
wrangler(["d1", "execute", "DB", ...where, "--command", insert]);

console.error(`Created token "${name}" with scopes ${scopes.join(",")}. It is shown once, below; store it now.`);
console.log(token);
