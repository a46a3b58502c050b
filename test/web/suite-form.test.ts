/** The "Compare environments" form's request building, filters and addresses, pure. */
import { describe, expect, it } from "vitest";
import { buildSuiteRequest, EMPTY_SUITE_FORM, filterRows } from "../../src/web/suite-form";
import { searchForView, viewFromSearch } from "../../src/web/view";

const base = { ...EMPTY_SUITE_FORM, leftBase: "https://staging.example.com", rightBase: "https://www.example.com" };

describe("the Compare environments form", () => {
  it("turns one path per line into a list, skipping blank lines, with shared and per-side headers", () => {
    const built = buildSuiteRequest({
      ...base,
      name: " orders ",
      paths: "/health\n\n  /status  \n",
      headers: "Accept: application/json",
      leftHeaders: "Authorization: Bearer s",
      rightHeaders: "Authorization: Bearer p",
    });
    expect(built).toEqual({
      ok: true,
      request: {
        name: "orders",
        leftBase: "https://staging.example.com",
        rightBase: "https://www.example.com",
        paths: ["/health", "/status"],
        options: {
          headers: { Accept: "application/json" },
          left: { headers: { Authorization: "Bearer s" } },
          right: { headers: { Authorization: "Bearer p" } },
        },
      },
    });
  });

  it("sends a discovery URL instead of paths", () => {
    const built = buildSuiteRequest({
      ...base,
      source: "sitemap",
      discoverUrl: "https://staging.example.com/sitemap.xml",
    });
    expect(built.ok && built.request).toMatchObject({
      discover: { sitemap: "https://staging.example.com/sitemap.xml" },
    });
    expect(built.ok && built.request.paths).toBeUndefined();
  });

  it.each([
    [{ leftBase: "" }, "leftBase"],
    [{ paths: "" }, "paths"],
    [{ paths: Array.from({ length: 501 }, (_, i) => `/${i}`).join("\n") }, "paths"],
    [{ source: "openapi" as const, discoverUrl: "ftp://x" }, "discoverUrl"],
    [{ paths: "/a", timeoutMs: "10" }, "timeoutMs"],
    [{ paths: "/a", leftHeaders: "no colon here" }, "leftHeaders"],
  ])("refuses %j at %s", (patch, field) => {
    const built = buildSuiteRequest({ ...base, ...patch });
    expect(built.ok).toBe(false);
    if (!built.ok) expect(Object.keys(built.errors)).toContain(field);
  });

  it("filters rows to changed or new ones", () => {
    const rows = [
      { path: "/a", highest: null, status: "completed", new: 0 },
      { path: "/b", highest: "low", status: "completed", new: 0 },
      { path: "/c", highest: "high", status: "completed", new: 1 },
      { path: "/d", highest: null, status: "failed", new: 0 },
    ];
    expect(filterRows(rows, "changed").map((r) => r.path)).toEqual(["/b", "/c", "/d"]);
    expect(filterRows(rows, "new").map((r) => r.path)).toEqual(["/c"]);
    expect(filterRows(rows, "all")).toHaveLength(4);
  });

  it("has addresses of its own, and older addresses keep their meaning", () => {
    expect(viewFromSearch("?suite=abc")).toEqual({ kind: "suite", suiteId: "abc" });
    expect(viewFromSearch("?environments")).toEqual({ kind: "environments" });
    expect(viewFromSearch("?id=x&suite=abc")).toEqual({ kind: "comparison", id: "x" });
    expect(searchForView({ kind: "suite", suiteId: "abc" })).toBe("?suite=abc");
    expect(viewFromSearch(searchForView({ kind: "environments" }))).toEqual({ kind: "environments" });
  });
});
