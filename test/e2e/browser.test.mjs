/**
 * End-to-end test of the web page in a real browser (npm run test:e2e; Node's test runner, not
 * the workerd pool). It starts the two demo services ("staging" and "production", from
 * test/support/targets.ts) and the Worker under `wrangler dev --local` on a free port with its own
 * state folder, then drives Debian's Chromium through playwright-core as a user would: fill both
 * URLs, click Compare, read the result. Screenshots go to screenshots/ (git-ignored).
 *
 * Needs `npm run build:web` first (test:e2e does it) and Chromium at /usr/bin/chromium, or
 * wherever CHROMIUM_PATH points.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startDevServer } from "../../scripts/lib/dev-server.mjs";
import { startTargets, startVariant } from "../support/targets.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SHOTS = join(ROOT, "screenshots");
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

let staging;
let production;
let targets;
let wrangler;
let stateDir;
let base;
let browser;
const pageErrors = [];

async function startWorker() {
  stateDir = await mkdtemp(join(tmpdir(), "envdiff-e2e-"));
  wrangler = await startDevServer({ persistTo: stateDir });
  base = wrangler.url;
}

before(async () => {
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
});

after(async () => {
  await browser?.close();
  await wrangler?.stop();
  await Promise.all([staging?.close(), production?.close(), targets?.close()]);
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

/** A fresh page that records uncaught errors and console errors for the final check. */
async function openPage(colorScheme = "light") {
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

async function compare(page, leftUrl, rightUrl) {
  await page.getByLabel("Left URL", { exact: true }).fill(leftUrl);
  await page.getByLabel("Right URL", { exact: true }).fill(rightUrl);
  await page.getByRole("button", { name: "Compare" }).click();
}

test("the page and the API share one Worker: / is the page, unknown /api routes stay JSON", async () => {
  const page = await fetch(`${base}/some/deep/link?id=x`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<div id="root">/);
  const missing = await fetch(`${base}/api/nope`);
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, "not_found");
});

test("comparing staging with production shows the header difference and the explanation", async () => {
  const page = await openPage();
  await compare(page, `${staging.baseUrl}/api/status`, `${production.baseUrl}/api/status`);

  const headerRow = page.getByRole("row").filter({ hasText: "x-app-version" });
  await headerRow.waitFor({ timeout: 20_000 });
  assert.match(await headerRow.textContent(), /2\.1\.0[\s\S]*2\.0\.3[\s\S]*low[\s\S]*new/);
  const explanation = page.locator(".explanation-summary");
  assert.match(await explanation.textContent(), /x-app-version/);
  assert.match(await page.locator(".comparison-head").textContent(), /completed/);
  assert.match(page.url(), /\?id=[0-9a-f]{64}(:|%3A)[0-9a-f-]{36}$/);
  await page.screenshot({ path: join(SHOTS, "result.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: join(SHOTS, "result-dark.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SHOTS, "result-narrow.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // The envelopes open on demand, side by side, with the differing header marked.
  await page.getByRole("button", { name: "Show both responses side by side" }).click();
  const envelopeRow = page.locator(".envelope-table tr.row-differs").filter({ hasText: "x-app-version" });
  await envelopeRow.waitFor();
  await page.screenshot({ path: join(SHOTS, "envelopes.png"), fullPage: true });

  // The address alone restores the result, and a second run shows up in the pair's history.
  const firstUrl = page.url();
  await page.reload();
  await headerRow.waitFor();
  assert.equal(await page.getByLabel("Left URL", { exact: true }).inputValue(), `${staging.baseUrl}/api/status`);
  await page.getByRole("button", { name: "Compare" }).click();
  await page.waitForURL((url) => url.href !== firstUrl);
  await page.getByRole("row").filter({ hasText: "x-app-version" }).filter({ hasText: "recurring" }).waitFor();
  const entries = page.locator(".timeline-entry");
  await page.waitForFunction(() => document.querySelectorAll(".timeline-entry").length === 2);
  await entries.nth(1).click();
  await page.waitForURL(firstUrl);
  await page.getByRole("row").filter({ hasText: "x-app-version" }).filter({ hasText: "new" }).waitFor();
  await page.context().close();
});

test("while a comparison runs, the page polls and says which side has answered", async () => {
  const page = await openPage();
  // The demo services answer in milliseconds, too fast to watch; the first reads are held at
  // "running, left probed" (the real state with the rest taken out), then the real one flows.
  let held = 0;
  await page.route(/\/api\/compare\/[^/]+$/, async (route) => {
    const response = await route.fetch();
    const state = await response.json();
    if (held >= 3 || state.status === "failed") return route.fulfill({ response });
    held += 1;
    const running = { ...state, status: "running", result: null, probes: { left: state.probes.left, right: null } };
    return route.fulfill({ response, json: running });
  });
  await compare(page, `${staging.baseUrl}/api/health`, `${production.baseUrl}/api/health`);
  const progress = page.getByRole("list", { name: "Progress" });
  await progress.waitFor();
  const text = await progress.textContent();
  assert.match(text, /Left answered 503/);
  assert.match(text, /Probing the right URL/);
  await page.screenshot({ path: join(SHOTS, "progress.png"), fullPage: true });
  await page.getByRole("row").filter({ hasText: "/status" }).waitFor({ timeout: 20_000 });
  assert.equal(held, 3);
  assert.match(await page.locator(".explanation-summary").textContent(), /503/);
  await page.context().close();
});

test("long values are cut to a readable length, with a button that shows them whole", async () => {
  const page = await openPage();
  const text = (word) => `${Array.from({ length: 40 }, (_, i) => `line ${i} of a long page`).join("\n")}\n${word}\n`;
  const url = (word) => `${targets.baseUrl}/text?body=${encodeURIComponent(text(word))}`;
  await compare(page, url("staging"), url("production"));
  const show = page.getByRole("button", { name: /^Show all/ }).first();
  await show.waitFor({ timeout: 20_000 });
  await show.click();
  const full = page.locator(".value-full").first();
  assert.match(await full.textContent(), /staging/);
  await page.screenshot({ path: join(SHOTS, "long-value.png"), fullPage: true });
  await page.context().close();
});

test("an invalid URL is explained next to its field, and nothing is sent", async () => {
  const page = await openPage();
  let posted = false;
  page.on("request", (request) => {
    if (request.method() === "POST") posted = true;
  });
  await compare(page, "staging.example.com/health", `${production.baseUrl}/api/status`);
  const left = page.getByLabel("Left URL", { exact: true });
  const error = page.locator("#leftUrl-error");
  await error.waitFor();
  assert.match(await error.textContent(), /Enter an absolute URL/);
  assert.equal(await left.getAttribute("aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "leftUrl");
  assert.equal(posted, false);
  await page.screenshot({ path: join(SHOTS, "invalid-url.png"), fullPage: true });

  // Mistakes in the advanced options open the section and are explained under each field.
  await left.fill(`${staging.baseUrl}/api/status`);
  await page.getByText("Advanced options").click();
  await page.getByLabel("Timeout (ms)").fill("50");
  await page.getByLabel("Extra request headers").fill("Accept-Language en");
  await page.getByRole("button", { name: "Compare" }).click();
  assert.match(await page.locator("#timeoutMs-error").textContent(), /500 to 30000/);
  assert.match(await page.locator("#headers-error").textContent(), /Name: value/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "timeoutMs");
  assert.equal(posted, false);
  await page.screenshot({ path: join(SHOTS, "invalid-options.png"), fullPage: true });
  await page.context().close();
});

test("an API refusal (blocked_target) is shown as a sentence next to the right field", async () => {
  // Local targets are allowed in this run, so the SSRF guard's answer is stubbed at the network layer.
  const page = await openPage("dark");
  await page.route("**/api/compare", (route) =>
    route.fulfill({
      status: 400,
      contentType: "application/json",
      body: JSON.stringify({
        error: {
          code: "blocked_target",
          message: "rightUrl is not allowed: This target is not allowed: 10.0.0.8 is a private address.",
          details: { field: "rightUrl" },
        },
      }),
    }),
  );
  await compare(page, "https://staging.example.com/health", "http://10.0.0.8/health");
  const error = page.locator("#rightUrl-error");
  await error.waitFor();
  assert.equal(
    (await error.textContent()).replace(/^⚠\s*/, ""),
    "This target is not allowed: 10.0.0.8 is a private address.",
  );
  assert.doesNotMatch(await page.locator("body").textContent(), /"code"|blocked_target/);
  await page.screenshot({ path: join(SHOTS, "blocked-target-dark.png"), fullPage: true });
  await page.context().close();
});

test("no uncaught errors on any page", () => {
  assert.deepEqual(pageErrors, []);
});
