/**
 * The page in token mode, in a real browser (npm run test:e2e): the Worker runs with
 * AUTH_MODE=token and tokens made by `npm run token:create --local` in its state folder. Without a
 * token the page asks for one and the API refuses; a refused token is said so; a read token sees
 * the pairs but cannot compare or watch; signing out asks again; an admin token compares, and the
 * result says who started it.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { startDevServer } from "../../scripts/lib/dev-server.mjs";
import { startVariant } from "../support/targets.ts";
import { SHOTS } from "./harness.mjs";

let stateDir;
let worker;
let browser;
let staging;
let production;
const tokens = {};

function tokenCreate(name, scopes) {
  const args = ["scripts/token-create.mjs", "--name", name, "--scopes", scopes, "--local", "--persist-to", stateDir];
  const result = spawnSync("node", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  assert.equal(result.status, 0, result.stderr);
  const token = result.stdout.trim().split("\n").at(-1);
  assert.match(token, /^envd_[A-Za-z0-9_-]{43}$/);
  return token;
}

before(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "envdiff-e2e-token-"));
  [staging, production] = await Promise.all([startVariant("staging", 0), startVariant("production", 0)]);
  tokens.reader = tokenCreate("reader", "read");
  tokens.admin = tokenCreate("admin", "admin");
  worker = await startDevServer({ persistTo: stateDir, vars: { AUTH_MODE: "token" } });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
});

after(async () => {
  await browser?.close();
  await worker?.stop();
  await Promise.all([staging?.close(), production?.close()]);
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

async function signIn(page, token) {
  await page.getByLabel("API token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("the API refuses without a token, with every scope answering as the contract says", async () => {
  const anonymous = await fetch(`${worker.url}/api/pairs`);
  assert.equal(anonymous.status, 401);
  assert.match(anonymous.headers.get("www-authenticate") ?? "", /^Bearer/);
  const auth = (token) => ({ authorization: `Bearer ${token}` });
  assert.equal((await fetch(`${worker.url}/api/pairs`, { headers: auth(tokens.reader) })).status, 200);
  assert.equal((await fetch(`${worker.url}/api/tokens`, { headers: auth(tokens.reader) })).status, 403);
  assert.equal((await fetch(`${worker.url}/api/tokens`, { headers: auth(tokens.admin) })).status, 200);
  assert.equal((await fetch(`${worker.url}/api/health`)).status, 200);
});

test("the page asks for a token, says when one is refused, and hides what a read token may not do", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(worker.url);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Compare" }).count(), 0);

  await signIn(page, `envd_${"x".repeat(43)}`);
  await page.getByText("That token was refused").waitFor();
  await page.screenshot({ path: join(SHOTS, "sign-in-refused.png"), fullPage: true });

  await signIn(page, tokens.reader);
  await page.getByText("Signed in as").waitFor();
  // The token's name, and its identity: its id, which createdBy records (names are labels).
  assert.match(await page.locator(".session-bar").textContent(), /reader \(token:[0-9a-f-]{36}\)/);
  await page.getByText("No pairs yet.").waitFor();
  assert.equal(await page.getByRole("button", { name: "Compare" }).isDisabled(), true);
  await page.getByText("Starting comparisons needs the compare scope.").waitFor();
  await page.screenshot({ path: join(SHOTS, "signed-in-read.png"), fullPage: true });

  // Kept for the browser session: a reload does not ask again.
  await page.reload();
  await page.getByText("Signed in as").waitFor();

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.equal(await page.getByText("That token was refused").count(), 0);
  await context.close();
});

test("an admin token compares, and the comparison says who started it", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(worker.url);
  await signIn(page, tokens.admin);
  await page.getByText("Signed in as").waitFor();
  await page.getByLabel("Left URL", { exact: true }).fill(`${staging.baseUrl}/api/status`);
  await page.getByLabel("Right URL", { exact: true }).fill(`${production.baseUrl}/api/status`);
  await page.getByRole("button", { name: "Compare" }).click();
  const head = page.locator(".comparison-head");
  await head.filter({ hasText: "completed" }).waitFor({ timeout: 20_000 });
  assert.match(await head.textContent(), /by token:[0-9a-f-]{36}/);
  await context.close();
});
