/**
 * The page's form validation (src/web/validate.ts) restates the API's rules so zod stays out of
 * the browser bundle. These cases hold the two together: whatever the page accepts, the API's
 * own schema accepts, and whatever the schema refuses, the page refuses first.
 */
import { describe, expect, it } from "vitest";
import { compareRequestSchema, targetUrlSchema } from "../../src/shapes/routes";
import { ApiFailure } from "../../src/web/client";
import { buildRequest, EMPTY_FORM, fieldForIssuePath, placeFailure, urlProblem } from "../../src/web/validate";

const URL_CASES = [
  "https://staging.example.com/health",
  "http://127.0.0.1:8787/api/status?x=1#frag",
  "HTTPS://EXAMPLE.COM",
  "",
  "not a url",
  "example.com/health",
  "ftp://example.com/file",
  "javascript:alert(1)",
  "https://user:secret@example.com/",
  "https://user@example.com/",
  `https://example.com/${"a".repeat(2048)}`,
  `https://example.com/${"a".repeat(2048 - 20)}`,
];

describe("the page's URL check", () => {
  it.each(URL_CASES)("agrees with the API's schema on %s", (url) => {
    expect(urlProblem(url) === null).toBe(targetUrlSchema.safeParse(url).success);
  });

  it("explains in words what is wrong", () => {
    expect(urlProblem("example.com")).toMatch(/absolute URL/);
    expect(urlProblem("ftp://example.com")).toMatch(/http/);
    expect(urlProblem("https://a:b@example.com")).toMatch(/credentials/);
  });
});

describe("the request the form builds", () => {
  const base = { ...EMPTY_FORM, leftUrl: "https://a.example/x", rightUrl: "https://b.example/x" };

  it("is a plain request when no option is set", () => {
    expect(buildRequest(base)).toEqual({ ok: true, request: { leftUrl: base.leftUrl, rightUrl: base.rightUrl } });
  });

  it("carries every option in the API's shape, and the API's schema accepts it", () => {
    const built = buildRequest({
      ...base,
      method: "HEAD",
      timeoutMs: "2500",
      headers: "Accept-Language: en\n\nX-Api-Key: k:1",
      ignoreHeaders: "x-deploy-id, x-build-*\netag",
      ignorePaths: "/body/json/meta\n/timing",
    });
    expect(built).toEqual({
      ok: true,
      request: {
        leftUrl: base.leftUrl,
        rightUrl: base.rightUrl,
        options: {
          method: "HEAD",
          timeoutMs: 2500,
          headers: { "Accept-Language": "en", "X-Api-Key": "k:1" },
          ignoreHeaders: ["x-deploy-id", "x-build-*", "etag"],
          ignorePaths: ["/body/json/meta", "/timing"],
        },
      },
    });
    if (built.ok) expect(compareRequestSchema.safeParse(built.request).success).toBe(true);
  });

  it.each([
    ["timeoutMs", { timeoutMs: "100" }],
    ["timeoutMs", { timeoutMs: "1.5" }],
    ["headers", { headers: "no colon here" }],
    ["headers", { headers: "Bad Name: x" }],
    ["headers", { headers: Array.from({ length: 21 }, (_, i) => `X-H${i}: v`).join("\n") }],
    ["ignoreHeaders", { ignoreHeaders: "good, b@d" }],
    ["ignorePaths", { ignorePaths: "body/json" }],
    ["ignorePaths", { ignorePaths: "/body/~2" }],
    ["leftUrl", { leftUrl: "nope" }],
  ] as const)("refuses a bad %s before the API would", (field, patch) => {
    const built = buildRequest({ ...base, ...patch });
    expect(built.ok).toBe(false);
    if (!built.ok) expect(Object.keys(built.errors)).toEqual([field]);
  });
});

describe("API refusals shown next to their field", () => {
  it("puts blocked_target under the URL it concerns, as the guard's reason", () => {
    const failure = new ApiFailure(
      "blocked_target",
      "rightUrl is not allowed: This target is not allowed: 10.0.0.1 is private. Only public addresses can be probed.",
      400,
      { field: "rightUrl" },
    );
    expect(placeFailure(failure)).toEqual({
      errors: { rightUrl: "This target is not allowed: 10.0.0.1 is private. Only public addresses can be probed." },
      formError: null,
    });
  });

  it("maps invalid_request issue paths to fields, as sentences", () => {
    const failure = new ApiFailure("invalid_request", "Invalid json leftUrl: must be an absolute URL.", 400, {
      issues: [
        { path: "leftUrl", message: "must be an absolute URL" },
        { path: "options.headers.X-A", message: "must not contain CR, LF or NUL" },
      ],
    });
    expect(placeFailure(failure).errors).toEqual({
      leftUrl: "This must be an absolute URL.",
      headers: "This must not contain CR, LF or NUL.",
    });
    expect(fieldForIssuePath("options.ignorePaths.3")).toBe("ignorePaths");
    expect(fieldForIssuePath("options.unknown")).toBeNull();
  });

  it("keeps what belongs to no field for the form as a whole", () => {
    expect(placeFailure(new ApiFailure("rate_limited", "Slow down.", 429)).formError).toMatch(/Too many/);
    expect(placeFailure(new ApiFailure("internal", "Something went wrong.", 500))).toEqual({
      errors: {},
      formError: "Something went wrong.",
    });
  });
});
