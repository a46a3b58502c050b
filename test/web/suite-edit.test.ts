/** Editing a suite from its view, pure: the form filled from the suite, and the PATCH body it makes. */
import { describe, expect, it } from "vitest";
import type { SuiteDetail } from "../../src/shapes/suite";
import { buildSuitePatch, suiteFormValues } from "../../src/web/suite-edit";

const detail = (patch: Partial<SuiteDetail> = {}): SuiteDetail => ({
  suiteId: "6f0c0000-0000-4000-8000-000000000000",
  name: "orders",
  leftBase: "https://staging.example.com",
  rightBase: "https://www.example.com",
  paths: 2,
  createdAt: "2026-12-01T00:00:00.000Z",
  lastRunNumber: 3,
  lastRunId: 41,
  lastRunAt: "2026-12-01T00:00:00.000Z",
  watch: null,
  pathList: ["/health", "/orders"],
  discover: null,
  options: {
    method: "GET",
    timeoutMs: 10000,
    samples: 2,
    headers: { Accept: "[redacted]" },
    left: { headers: { Authorization: "[redacted]" } },
    ignoreHeaders: [],
    ignorePaths: ["/body/json/meta"],
    masks: [{ pattern: "v\\d+", replacement: "v", in: "body" }],
    arrayKeys: { "/body/json/items": "sku" },
    unorderedPaths: [],
  } as SuiteDetail["options"],
  run: null,
  ...patch,
});

describe("the suite edit form", () => {
  it("is filled from the suite, header values shown as the server shows them", () => {
    expect(suiteFormValues(detail())).toEqual({
      name: "orders",
      leftBase: "https://staging.example.com",
      rightBase: "https://www.example.com",
      source: "list",
      paths: "/health\n/orders",
      discoverUrl: "",
      headers: "Accept: [redacted]",
      leftHeaders: "Authorization: [redacted]",
      rightHeaders: "",
      timeoutMs: "10000",
      ignoreHeaders: "",
      ignorePaths: "/body/json/meta",
    });
    expect(suiteFormValues(detail({ discover: { sitemap: "https://staging.example.com/sitemap.xml" } }))).toMatchObject(
      {
        source: "sitemap",
        discoverUrl: "https://staging.example.com/sitemap.xml",
      },
    );
  });

  it("sends changed paths and name, the form's options, and keeps the options it has no field for", () => {
    const values = { ...suiteFormValues(detail()), name: "", paths: "/health\n/orders\n/users", ignorePaths: "" };
    const built = buildSuitePatch(values, detail());
    expect(built).toEqual({
      ok: true,
      patch: {
        name: null,
        paths: ["/health", "/orders", "/users"],
        options: {
          method: "GET",
          samples: 2,
          masks: [{ pattern: "v\\d+", replacement: "v", in: "body" }],
          arrayKeys: { "/body/json/items": "sku" },
          unorderedPaths: [],
          timeoutMs: 10000,
          headers: { Accept: "[redacted]" },
          left: { headers: { Authorization: "[redacted]" } },
        },
      },
    });
  });

  it("leaves unchanged paths and an unchanged discovery out, so the server keeps what it found", () => {
    const listed = buildSuitePatch(suiteFormValues(detail()), detail());
    expect(listed.ok && Object.keys(listed.patch).sort()).toEqual(["options"]);
    const discovered = detail({ discover: { openapi: "https://staging.example.com/openapi.json" } });
    const same = buildSuitePatch(suiteFormValues(discovered), discovered);
    expect(same.ok && "discover" in same.patch).toBe(false);
    const moved = buildSuitePatch(
      { ...suiteFormValues(discovered), discoverUrl: "https://staging.example.com/v2/openapi.json" },
      discovered,
    );
    expect(moved.ok && moved.patch.discover).toEqual({ openapi: "https://staging.example.com/v2/openapi.json" });
  });

  it("refuses what the new-suite form refuses, field by field", () => {
    const built = buildSuitePatch({ ...suiteFormValues(detail()), paths: "", timeoutMs: "5" }, detail());
    expect(built.ok).toBe(false);
    expect(!built.ok && Object.keys(built.errors).sort()).toEqual(["paths", "timeoutMs"]);
  });
});
