/**
 * The DevHub fixture end to end: a developer platform's public API and docs that envdiff was not
 * tuned for (its fixture and ground truth were written before envdiff ran on it), 17 endpoints,
 * four compared by POST (a form body, GraphQL, JSON) and one by HEAD, compared three times with
 * default settings. On every run, every real difference of its ground truth is reported at the top
 * level, labelled right, and nothing else is: not a random access token or an `expires_in` rounded
 * against the clock, CDN headers, facets and CSV rows in a random order, a GraphQL query budget that
 * counts down, numbers spelled `1e3` on one side and `1000` on the other, nor what follows from a
 * status or a redirect that differs.
 */
import { describe, inject, it } from "vitest";
import { compareEndpoints } from "../support/api";
import { expectCleanRun } from "../support/clean-run";
import { DEVHUB_ENDPOINTS, DEVHUB_OPTIONS, DEVHUB_TRUTH } from "../support/devhub-truth";

const RUNS = 3;
const SLOW = "/api/v1/search?q=webhooks";

const runAll = (tag: string) => compareEndpoints(inject("devhubUrls"), DEVHUB_ENDPOINTS, tag, 60_000, DEVHUB_OPTIONS);

describe("the DevHub fixture, a developer platform envdiff was not tuned for", () => {
  it("reports every real difference, labelled right, and nothing else, on every one of three runs", {
    timeout: 180_000,
  }, async () => {
    const tag = crypto.randomUUID();
    for (let run = 1; run <= RUNS; run++) {
      const states = await runAll(tag);
      expectCleanRun(DEVHUB_TRUTH, states, run, SLOW);
    }
  });
});
