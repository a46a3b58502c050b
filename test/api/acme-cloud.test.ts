/**
 * The Acme Cloud fixture end to end: a SaaS control plane envdiff was not tuned for (its fixture and
 * ground truth were written before envdiff ran on it), 16 endpoints, compared three times with
 * default settings. On every run, every real difference of its ground truth is reported at the top
 * level, labelled right (kind, severity by impact, change, the element's key, `recurring` from the
 * second run on), and nothing else is: not a falling rate-limit counter, a float summed in a random
 * order, a random cursor or the ETag hashed from it, a cookie's Expires that follows the clock, nor
 * the error body under the archived invoice's 404 → 410.
 */
import { describe, inject, it } from "vitest";
import { ACME_ENDPOINTS, ACME_TRUTH } from "../support/acme-cloud-truth";
import { compareEndpoints } from "../support/api";
import { expectCleanRun } from "../support/clean-run";

const RUNS = 3;
const SLOW = "/api/projects/prj_4kq2/metrics";

const runAll = (tag: string) => compareEndpoints(inject("acmeUrls"), ACME_ENDPOINTS, tag);

describe("the Acme Cloud fixture, a service envdiff was not tuned for", () => {
  it("reports every real difference, labelled right, and nothing else, on every one of three runs", {
    timeout: 180_000,
  }, async () => {
    const tag = crypto.randomUUID();
    for (let run = 1; run <= RUNS; run++) {
      const states = await runAll(tag);
      expectCleanRun(ACME_TRUTH, states, run, SLOW);
    }
  });
});
