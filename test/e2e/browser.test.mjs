/**
 * End-to-end test of the web page in a real browser (npm run test:e2e; Node's test runner, not
 * the workerd pool). It starts the two demo services ("staging" and "production", from
 * test/support/targets.ts) and the Worker under `wrangler dev --local` on a free port with its own
 * state folder, then drives Debian's Chromium through playwright-core as a user would: fill both
 * URLs, click Compare, read the result; find the pairs on the start view, watch one, see its drift.
 * Screenshots go to screenshots/ (git-ignored). The servers and browser come from ./harness.mjs.
 *
 * Needs `npm run build:web` first (test:e2e does it) and Chromium at /usr/bin/chromium, or
 * wherever CHROMIUM_PATH points.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Webhook } from "standardwebhooks";
import {
  base,
  compare,
  openPage,
  pageErrors,
  production,
  SHOTS,
  setUp,
  staging,
  targets,
  tearDown,
  waitAfterReloads,
} from "./harness.mjs";

before(setUp);
after(tearDown);

/**
 * The page moves focus to the first invalid field in a requestAnimationFrame, after React renders
 * the errors, so reading document.activeElement right after the click races it. Wait for the
 * state instead; the timeout only bounds a real failure.
 */
async function expectFocus(page, id) {
  try {
    await page.waitForFunction((expected) => document.activeElement?.id === expected, id, { timeout: 5_000 });
  } catch {
    assert.equal(await page.evaluate(() => document.activeElement?.id), id, `focus should move to #${id}`);
  }
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
  // The first page of a fresh state folder: no pairs yet, said so, with how envdiff works.
  await page.getByText("No pairs yet.").waitFor();
  await page.screenshot({ path: join(SHOTS, "start-empty.png"), fullPage: true });
  await compare(page, `${staging.baseUrl}/api/status`, `${production.baseUrl}/api/status`);

  const headerRow = page.getByRole("row").filter({ hasText: "x-app-version" });
  await headerRow.waitFor({ timeout: 20_000 });
  assert.match(await headerRow.textContent(), /2\.1\.0[\s\S]*2\.0\.3[\s\S]*low[\s\S]*new/);
  const explanation = page.locator(".explanation-summary");
  assert.match(await explanation.textContent(), /x-app-version/);
  assert.match(await page.locator(".comparison-head").textContent(), /completed/);
  // The verdict, and the latency of every sample of both sides (issue 23).
  assert.match(await page.locator(".verdict").textContent(), /Different/);
  assert.match(await page.locator(".timing-samples summary").textContent(), /Latency: the same/);
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

test("while a comparison runs, the page polls the summary view and says which side has answered", async () => {
  const page = await openPage();
  // The demo services answer in milliseconds, too fast to watch; the first summary reads are held at
  // "running, left probed" (the real summary with the rest taken out), then the real one flows.
  let held = 0;
  const fullReads = [];
  await page.route(/\/api\/compare\/[^/?]+(\?.*)?$/, async (route) => {
    const summaryView = new URL(route.request().url()).searchParams.get("view") === "summary";
    if (!summaryView) fullReads.push(held);
    const response = await route.fetch();
    if (!summaryView || response.status() !== 200) return route.fulfill({ response });
    const state = await response.json();
    if (held >= 3 || state.status === "failed") return route.fulfill({ response });
    held += 1;
    const running = { ...state, status: "running", result: null, probed: { left: state.probed.left, right: null } };
    // Without the real ETag: the page must not later take the real state for this made-up one.
    const drop = new Set(["etag", "content-length", "content-encoding"]);
    const headers = Object.fromEntries(Object.entries(response.headers()).filter(([k]) => !drop.has(k)));
    return route.fulfill({ status: 200, headers, json: running });
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
  // Envelopes are read once, after the comparison ended, never while polling.
  assert.deepEqual(fullReads, [3]);
  assert.match(await page.locator(".explanation-summary").textContent(), /503/);
  await page.context().close();
});

test("what follows from a difference is folded under it, collapsed, never listed beside it", async () => {
  const page = await openPage();
  // 503 against 200, with other bodies: the body rows follow from the status class (issue 23).
  const url = (status, body) =>
    `${targets.baseUrl}/json?status=${status}&body=${encodeURIComponent(JSON.stringify(body))}`;
  await compare(page, url(503, { error: "down", retryIn: 30 }), url(200, { ok: true }));
  const cause = page.locator(".diff-table tr.has-consequences").filter({ hasText: "/status" });
  await cause.waitFor({ timeout: 20_000 });
  const folded = page.locator("details.consequences");
  assert.equal(await folded.count(), 1);
  assert.equal(await folded.evaluate((d) => d.open), false);
  assert.match(await folded.locator("summary").textContent(), /3 consequences follow from this/);
  // The body rows are only inside the fold: the table's own rows are the cause alone.
  const rows = page.locator(".diff-table > tbody > tr:not(.consequences-row)");
  assert.equal(await rows.count(), 1);
  await folded.locator("summary").click();
  assert.match(await folded.locator(".consequence-table").textContent(), /retryIn[\s\S]*ok/);
  assert.match(
    await page.locator(".explanation-summary").textContent(),
    /1 difference \(and 3 consequences that follow from it\)/,
  );
  await page.screenshot({ path: join(SHOTS, "consequences.png"), fullPage: true });
  await page.context().close();
});

test("long values are cut to a readable length, with a button that shows them whole", async () => {
  const page = await openPage();
  // A JSON value far longer than a row shows (text bodies are shown by hunk, a line diff of their own).
  const body = (word) =>
    JSON.stringify({ notes: `${Array.from({ length: 40 }, (_, i) => `note ${i}`).join(", ")} ${word}` });
  const url = (word) => `${targets.baseUrl}/json?body=${encodeURIComponent(body(word))}`;
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
  await expectFocus(page, "leftUrl");
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
  await expectFocus(page, "timeoutMs");
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

test("the start view lists every pair; a pair shows its timeline, drift events and a watch to set and stop", async () => {
  const page = await openPage();
  // Left answers 200, then 503, then 200 again: no high difference, then a new one, then resolved.
  // Each code ten times: a comparison probes each side twice (options.samples), and one that differs
  // (these bodies always do) confirms it with 4 more rounds of two.
  const codes = [...Array(10).fill(200), ...Array(10).fill(503), 200].join(",");
  const leftUrl = `${targets.baseUrl}/status-sequence?key=e2e-drift&codes=${codes}`;
  const rightUrl = `${targets.baseUrl}/status/200`;
  await compare(page, leftUrl, rightUrl);
  await page.locator(".comparison-head").filter({ hasText: "completed" }).waitFor({ timeout: 20_000 });

  // The start view: this pair on top (most recently compared), the earlier ones below it.
  await page.getByRole("link", { name: "envdiff" }).click();
  assert.equal(new URL(page.url()).search, "");
  const environments = page.getByRole("region", { name: "Your environments" });
  const rows = environments.locator(".pair-row");
  await waitAfterReloads(page, rows.filter({ hasText: "status-sequence" }));
  assert.ok((await rows.count()) >= 3, "the pairs of the earlier tests are listed too");
  // Both sides answer 200 this time; their bodies differ, but nothing is high yet.
  assert.match(await rows.first().textContent(), /status-sequence[\s\S]*Last result: (?![\s\S]*high)/);
  const statusRow = rows.filter({ hasText: "/api/status" }).first();
  assert.match(await statusRow.textContent(), /compared with[\s\S]*Last compared[\s\S]*low/);
  assert.equal(await statusRow.locator("time").getAttribute("title").then(Boolean), true);

  // A pair opens its own view, in the address: its timeline, and the form filled with its URLs.
  await rows.first().click();
  await page.waitForURL(/\?pair=[0-9a-f]{64}$/);
  const pairUrl = page.url();
  await page.getByRole("heading", { name: "Environment pair" }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll(".timeline-entry").length === 1);
  assert.equal(await page.getByLabel("Left URL", { exact: true }).inputValue(), leftUrl);
  const watch = page.getByRole("region", { name: "Watch", exact: true });
  assert.match(await watch.textContent(), /Not watched/);

  // The interval is checked before anything is sent, as the API would.
  await page.getByLabel("Interval (minutes)").fill("3");
  await page.getByRole("button", { name: "Watch this pair" }).click();
  assert.match(await page.locator("#watchInterval-error").textContent(), /5 to 1440/);
  await expectFocus(page, "watchInterval");

  // A watch every 15 minutes with a webhook: its secret is shown once.
  await page.getByLabel("Interval (minutes)").fill("15");
  await page.getByLabel("Webhook URL (optional)").fill(`${targets.baseUrl}/webhook/e2e-drift`);
  await page.getByRole("button", { name: "Watch this pair" }).click();
  await watch.getByText("Watched, every 15 minutes").waitFor();
  const secret = await page.getByRole("textbox", { name: "Webhook secret" }).inputValue();
  assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.match(await watch.textContent(), /it will not be shown again/);
  await page.screenshot({ path: join(SHOTS, "pair-watch.png"), fullPage: true });
  await page.reload();
  await watch.getByText("Watched, every 15 minutes").waitFor();
  assert.equal(await page.getByRole("textbox", { name: "Webhook secret" }).count(), 0);
  assert.equal(await page.getByLabel("Webhook URL (optional)").inputValue(), `${targets.baseUrl}/webhook/e2e-drift`);

  // Two more runs of the watched pair: a new high difference, then resolved, each an event.
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByRole("row").filter({ hasText: "/status" }).filter({ hasText: "high" }).waitFor({ timeout: 20_000 });
  await page.getByRole("link", { name: "Watch this pair and see its drift events" }).click();
  await page.waitForURL(pairUrl);
  const events = page.locator(".event");
  await waitAfterReloads(page, events.filter({ hasText: "new high" }));
  assert.match(await events.first().textContent(), /1 new high difference[\s\S]*\/status[\s\S]*Open comparison/);
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByRole("heading", { name: /Resolved since the previous run/ }).waitFor({ timeout: 20_000 });
  const resolvedId = new URL(page.url()).searchParams.get("id");
  await page.goto(pairUrl);
  await waitAfterReloads(page, events.filter({ hasText: "resolved" }));
  assert.equal(await events.count(), 2);
  assert.match(await events.first().textContent(), /1 high difference resolved/);
  await page.screenshot({ path: join(SHOTS, "pair-events.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: join(SHOTS, "pair-events-dark.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await events.first().getByRole("link", { name: "Open comparison" }).click();
  assert.equal(new URL(page.url()).searchParams.get("id"), resolvedId);
  await page.getByRole("heading", { name: /Resolved since the previous run/ }).waitFor();

  // The start view marks the pair as watched; stopping the watch removes the mark.
  await page.getByRole("link", { name: "envdiff" }).click();
  await rows.first().waitFor();
  assert.match(await rows.first().textContent(), /status-sequence[\s\S]*Watched, every 15 min/);
  await page.screenshot({ path: join(SHOTS, "start.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: join(SHOTS, "start-dark.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SHOTS, "start-narrow.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await rows.first().click();

  // A chat webhook: its URL is the credential, so after saving only its host comes back.
  await page.getByLabel("Send drift as").selectOption("slack");
  await page.getByLabel("Webhook URL (optional)").fill(`${targets.baseUrl}/webhook/e2e-slack/T0/B0/secret-token`);
  await page.getByRole("button", { name: "Save watch" }).click();
  await watch.getByText("Drift is posted to Slack.").waitFor();
  await page.reload();
  await watch.getByText("Drift is posted to Slack.").waitFor();
  assert.equal(await page.getByLabel("Webhook URL (optional)").inputValue(), `${targets.baseUrl}/…`);
  assert.doesNotMatch(await page.content(), /secret-token/);
  // Another format cannot reuse a URL the page never saw whole.
  await page.getByLabel("Send drift as").selectOption("teams");
  await page.getByRole("button", { name: "Save watch" }).click();
  assert.match(await page.locator("#watchWebhookUrl-error").textContent(), /Paste the whole webhook URL again/);

  await page.getByRole("button", { name: "Stop watching" }).click();
  await watch.getByText("Not watched").waitFor();
  await page.getByRole("link", { name: "envdiff" }).click();
  await rows.first().waitFor();
  assert.doesNotMatch(await rows.first().textContent(), /Watched/);

  // The webhook received both runs' events, signed with the secret the page showed once.
  let deliveries = [];
  for (let i = 0; i < 40 && deliveries.length < 2; i++) {
    deliveries = await (await fetch(`${targets.baseUrl}/webhook/e2e-drift/deliveries`)).json();
    if (deliveries.length < 2) await new Promise((done) => setTimeout(done, 250));
  }
  assert.equal(deliveries.length, 2);
  // Standard Webhooks: the library verifies signature and timestamp; it throws on any mismatch.
  for (const delivery of deliveries) {
    const verified = new Webhook(secret).verify(delivery.body, delivery.headers);
    assert.equal(verified.type, "envdiff.drift");
  }
  await page.context().close();
});

test("the page and its assets carry the security headers, and the page runs under its policy", async () => {
  const html = await fetch(`${base}/`);
  const script = (await html.text()).match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
  assert.ok(script, "the page names its script");
  // The page at its root and at a deep link (the single-page fallback), its script and an API answer.
  for (const path of ["/", "/some/deep/link?id=x", script, "/api/health"]) {
    const res = await fetch(`${base}${path}`);
    assert.equal(res.status, 200, path);
    const policy = res.headers.get("content-security-policy") ?? "";
    assert.match(policy, /frame-ancestors 'none'/, path);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/, path);
    assert.equal(res.headers.get("x-frame-options"), "DENY", path);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
    assert.equal(res.headers.get("referrer-policy"), "no-referrer", path);
  }
  assert.match((await fetch(`${base}/`)).headers.get("content-security-policy"), /script-src 'self'(;|$)/);
  // The rules file itself is read by the platform, not served: asking for it gets the page.
  assert.doesNotMatch(await (await fetch(`${base}/_headers`)).text(), /Content-Security-Policy/);

  // In Chromium the policy holds: an inline script injected into the page is refused. (On a page of
  // its own, outside openPage(): the refusal is logged as a console error, which is expected here.)
  const page = await openPage();
  const probeContext = await page.context().browser().newContext();
  const probePage = await probeContext.newPage();
  await probePage.goto(base);
  const injected = await probePage.evaluate(async () => {
    const seen = [];
    document.addEventListener("securitypolicyviolation", (e) => seen.push(e.violatedDirective));
    const inline = document.createElement("script");
    inline.textContent = "window.__inlineRan = true";
    document.body.append(inline);
    await new Promise((done) => setTimeout(done, 100));
    return { seen, inlineRan: window.__inlineRan === true };
  });
  await probeContext.close();
  assert.deepEqual(injected, { seen: ["script-src-elem"], inlineRan: false });

  // And the page itself works under it: it renders, compares and trips no directive.
  await page.evaluate(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective));
  });
  await compare(page, `${staging.baseUrl}/api/same`, `${production.baseUrl}/api/same`);
  await page.locator(".comparison-head").filter({ hasText: "completed" }).waitFor({ timeout: 20_000 });
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await page.context().close();
});

test("Ignore this on a pair with saved credentials saves the path in one click and keeps them", async () => {
  // Two JSON bodies that differ in one value of the same length, so that value is the one difference.
  const url = (plan) => `${targets.baseUrl}/json?body=${encodeURIComponent(JSON.stringify({ plan, note: "e2e" }))}`;
  const page = await openPage();
  await compare(page, url("gold"), url("team"));
  const row = page.getByRole("row").filter({ hasText: "gold" });
  await row.waitFor({ timeout: 20_000 });
  const pairKey = new URL(page.url()).searchParams.get("id")?.split(":")[0];
  assert.match(pairKey ?? "", /^[0-9a-f]{64}$/);
  // An admin saved credentials for the pair; a read shows their names only.
  const saved = await fetch(`${base}/api/pairs/${pairKey}/settings`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      headers: { Authorization: "Bearer e2e-saved" },
      left: { headers: { "X-Env-Token": "e2e-left" } },
    }),
  });
  assert.equal(saved.status, 200, await saved.text());

  // The button reads the settings, adds the path and writes them back with their "[redacted]" values.
  await row.getByRole("button", { name: "Ignore this" }).click();
  await row.getByRole("button", { name: "Ignore", exact: true }).click();
  await row.getByText("Ignored from the next comparison on.").waitFor();
  const after = await (await fetch(`${base}/api/pairs/${pairKey}/settings`)).json();
  assert.deepEqual(after.settings.ignorePaths, ["/body/json/plan"]);
  assert.deepEqual(after.settings.headers, { Authorization: "[redacted]" });
  assert.deepEqual(after.settings.left, { headers: { "X-Env-Token": "[redacted]" } });
  await page.screenshot({ path: join(SHOTS, "ignore-this.png"), fullPage: true });
  await page.context().close();
});

test("a suite's view edits the suite: the next run compares the new paths, numbered 2 in the suite", async () => {
  const created = await fetch(`${base}/api/suites`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: "e2e suite",
      leftBase: staging.baseUrl,
      rightBase: production.baseUrl,
      paths: ["/api/same"],
    }),
  });
  const answer = await created.text();
  assert.equal(created.status, 202, answer);
  const { suiteId, number } = JSON.parse(answer);
  assert.equal(number, 1);
  const page = await openPage();
  await page.goto(`${base}/?suite=${suiteId}`);
  await page.getByRole("heading", { name: "e2e suite" }).waitFor();
  await page.getByText(/run 1,/).waitFor({ timeout: 20_000 });

  // The form opens filled with the suite as it is; the bases are not edited.
  await page.getByText("Edit suite", { exact: true }).click();
  const form = page.getByRole("form", { name: "Edit suite" });
  assert.equal(await form.getByLabel("Paths, one per line").inputValue(), "/api/same");
  await form.getByLabel("Name (optional)").fill("e2e suite, edited");
  await form.getByLabel("Paths, one per line").fill("/api/same\n/api/health");
  await form.getByRole("button", { name: "Save suite" }).click();
  await form.getByText("Saved: the next run uses it.").waitFor();
  await page.getByRole("heading", { name: "e2e suite, edited" }).waitFor();
  // Saved, not run: the newest run is still the first, with its one path.
  assert.equal(await page.locator(".suite-row").count(), 1);

  await page.getByRole("button", { name: "Run again" }).click();
  await page.getByText(/run 2,/).waitFor({ timeout: 20_000 });
  await page.locator(".suite-row").filter({ hasText: "/api/health" }).waitFor({ timeout: 20_000 });
  assert.equal(await page.locator(".suite-row").count(), 2);
  await page.screenshot({ path: join(SHOTS, "suite-edit.png"), fullPage: true });
  await page.context().close();
});

test("the form starts a POST comparison of a GraphQL query, checks the JSON first and never shows a secret body again", async () => {
  const page = await openPage();
  await page.getByLabel("Left URL", { exact: true }).fill(`${staging.baseUrl}/graphql`);
  await page.getByLabel("Right URL", { exact: true }).fill(`${production.baseUrl}/graphql`);
  await page.getByText("Advanced options").click();
  await page.getByLabel("Method").selectOption("POST");
  // Said before anything is sent: the same POST goes to production, many times.
  assert.match(await page.getByRole("note").textContent(), /production included, up to 15 times a side/);

  // A broken query is refused by the page, next to the box, and nothing is started.
  await page.getByLabel("Body (JSON)").fill('{ "query": "{ shop { name currency } }", }');
  await page.getByRole("button", { name: "Compare" }).click();
  await page.getByText(/This is not JSON \(at line 1, column \d+\)/).waitFor();
  await expectFocus(page, "body");
  assert.doesNotMatch(page.url(), /\?id=/);

  // The operation's name stands for the secret: nothing the services answer repeats it.
  await page.getByLabel("Body (JSON)").fill('{ "query": "query SealedMarker { shop { name currency } }" }');
  await page.getByRole("checkbox", { name: /Secret/ }).check();
  await page.screenshot({ path: join(SHOTS, "post-form.png"), fullPage: true });
  await page.getByRole("button", { name: "Compare" }).click();
  // Production's schema lacks `currency`: it answers 200 with an `errors` array staging has not.
  const errorsRow = page.getByRole("row").filter({ hasText: "/errors" });
  await errorsRow.first().waitFor({ timeout: 20_000 });
  assert.match(await page.locator(".comparison-head").textContent(), /POST/);
  await page.screenshot({ path: join(SHOTS, "post-result.png"), fullPage: true });

  // The address is the comparison's id, and the stored comparison shows the secret body redacted.
  const url = new URL(page.url());
  assert.deepEqual([...url.searchParams.keys()], ["id"]);
  assert.doesNotMatch(url.href, /SealedMarker|query/);
  const stored = await (await fetch(`${base}/api/compare/${encodeURIComponent(url.searchParams.get("id"))}`)).json();
  assert.deepEqual(stored.options.body, { json: "[redacted]", secret: true });
  assert.doesNotMatch(JSON.stringify(stored), /SealedMarker/);

  // Reopened from its address, the form says POST and secret, with the body to be typed again.
  await page.reload();
  await errorsRow.first().waitFor();
  assert.equal(await page.getByLabel("Method").inputValue(), "POST");
  assert.equal(await page.getByLabel("Body (JSON)").inputValue(), "");
  assert.equal(await page.getByRole("checkbox", { name: /Secret/ }).isChecked(), true);
  await page.context().close();
});

test("no uncaught errors on any page", () => {
  assert.deepEqual(pageErrors, []);
});
