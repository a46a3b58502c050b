/**
 * The end-to-end test's harness (test/e2e/browser.test.mjs): the two demo services and the
 * targets server (test/support/targets.ts), the Worker under `wrangler dev --local` on a free port
 * with its own state folder, Debian's Chromium through playwright-core, and the steps every test
 * takes. The servers are live bindings, set by setUp().
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startDevServer } from "../../scripts/lib/dev-server.mjs";
import { startTargets, startVariant } from "../support/targets.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SHOTS = join(ROOT, "screenshots");
// Chromium's background services try to reach Google, which this machine's closed network refuses.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export let staging;
export let production;
export let targets;
export let base;
let wrangler;
let stateDir;
let browser;
/** Uncaught page errors and console errors, checked by the last test. */
export const pageErrors = [];

async function startWorker() {
  stateDir = await mkdtemp(join(tmpdir(), "envdiff-e2e-"));
  // Confirming rounds 25 ms apart, as in the workerd tests (vitest.config.ts), not 300 ms.
  wrangler = await startDevServer({ persistTo: stateDir, vars: { CONFIRM_SPACING_MS: "25" } });
  base = wrangler.url;
}

export async function setUp() {
  await mkdir(SHOTS, { recursive: true });
  [staging, production, targets] = await Promise.all([
    startVariant("staging", 0),
    startVariant("production", 0),
    startTargets(0),
  ]);
  await startWorker();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

export async function tearDown() {
  await browser?.close();
  await wrangler?.stop();
  await Promise.all([staging?.close(), production?.close(), targets?.close()]);
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
}

/** A fresh page that records uncaught errors and console errors for the final check. */
export async function openPage(colorScheme = "light") {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // A refused request is logged by Chromium itself ("Failed to load resource"); the page answers
    // it with a message, which the tests check. Anything else logged as an error is a fault.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      pageErrors.push(`console: ${message.text()}`);
    }
  });
  await page.goto(base);
  return page;
}

export async function compare(page, leftUrl, rightUrl) {
  await page.getByLabel("Left URL", { exact: true }).fill(leftUrl);
  await page.getByLabel("Right URL", { exact: true }).fill(rightUrl);
  await page.getByRole("button", { name: "Compare" }).click();
}

/** Reloads until `locator` appears: the pair directory is written just after a comparison ends. */
export async function waitAfterReloads(page, locator, tries = 10) {
  for (let i = 0; i < tries; i++) {
    try {
      return await locator.first().waitFor({ timeout: 1_500 });
    } catch {
      await page.reload();
    }
  }
  return locator.first().waitFor({ timeout: 5_000 });
}
