/** Small, valid values of the contract's shapes for storage tests. */
import type { SignalEnvelope } from "../../src/shapes/envelope";
import type { ComparisonResult } from "../../src/shapes/result";

export function envelopeFor(side: "left" | "right", url: string, status = 200): SignalEnvelope {
  return {
    side,
    url,
    finalUrl: url,
    method: "GET",
    startedAt: new Date(0).toISOString(),
    ok: true,
    status,
    statusText: "OK",
    headers: { "content-type": "text/plain" },
    redirects: [],
    timing: { totalMs: 12, headersMs: 10 },
    body: { contentType: "text/plain", bytes: 2, truncated: false, sha256: "ab".repeat(32), kind: "text", text: "ok" },
    error: null,
  };
}

export function resultWith(statusLeft: number, statusRight: number): ComparisonResult {
  const identical = statusLeft === statusRight;
  return {
    diff: {
      identical,
      differences: identical
        ? []
        : [
            {
              kind: "status",
              path: "/status",
              change: "changed",
              left: statusLeft,
              right: statusRight,
              severity: "high",
              history: "new",
            },
          ],
      summary: { high: identical ? 0 : 1, medium: 0, low: 0, info: 0 },
    },
    resolved: [],
    explanation: { source: "rules", summary: identical ? "Identical." : "Status differs.", severity: "high" },
  };
}
