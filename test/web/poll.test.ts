/** The page's polling of one comparison (src/web/use-comparison.ts): when it asks again, and how soon. */
import { describe, expect, it } from "vitest";
import { ApiFailure } from "../../src/web/client";
import { pollDelay } from "../../src/web/poll";
import { afterFailure } from "../../src/web/use-comparison";

describe("polling a comparison", () => {
  it("gives a comparison that does not exist yet a few re-reads without showing an error, then shows it", () => {
    const missing = new ApiFailure("not_found", "No comparison.", 404);
    expect(afterFailure(missing, 0)).toEqual({ again: true, show: false });
    expect(afterFailure(missing, 5)).toEqual({ again: true, show: false });
    expect(afterFailure(missing, 6)).toEqual({ again: false, show: true });
    // The re-reads after a miss back off like any failing read: about 10 s in all.
    const waited = Array.from({ length: 6 }, (_, i) => pollDelay(i, true)).reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThan(8_000);
    expect(waited).toBeLessThan(20_000);
  });

  it("asks again after transient failures only, and shows every failure", () => {
    expect(afterFailure(new ApiFailure("network", "offline"), 0)).toEqual({ again: true, show: true });
    expect(afterFailure(new ApiFailure("rate_limited", "slow down", 429), 3)).toEqual({ again: true, show: true });
    expect(afterFailure(new ApiFailure("internal", "oops", 500), 3)).toEqual({ again: true, show: true });
    expect(afterFailure(new ApiFailure("invalid_request", "bad id", 400), 0)).toEqual({ again: false, show: true });
  });
});
