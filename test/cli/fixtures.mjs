// Result fixtures for the CLI's tests: a comparison as the summary view shows it, with whatever a
// test puts in its result (issue 23's names included), filled in with the rest of a valid answer.

/** A summary view as GET /api/compare/:id?view=summary answers it; `result` holds the fixture's additions. */
export function comparisonState(result, over = {}) {
  return {
    comparisonId: `${"a".repeat(64)}:00000000-0000-4000-8000-000000000001`,
    pairKey: "a".repeat(64),
    status: "completed",
    leftUrl: "https://staging.example/api",
    rightUrl: "https://www.example/api",
    options: {},
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:01.000Z",
    createdBy: null,
    error: null,
    probed: { left: null, right: null },
    result: result && {
      resolved: [],
      explanation: { source: "rules", summary: "Rules summary.", severity: "high" },
      ...result,
      diff: { identical: false, summary: { high: 0, medium: 0, low: 0, info: 0 }, ...result.diff },
    },
    ...over,
  };
}
