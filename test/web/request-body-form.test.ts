/**
 * The compare form's POST body (src/web/request-body-form.ts through validate.ts): what the page
 * sends is what the API's own schema accepts, a mistake is refused next to the field before
 * anything is sent, and a secret body is never shown back nor sent back as its placeholder. (The
 * page's address holds ids only, src/web/view.ts; the browser test checks a body never reaches it.)
 */
import { describe, expect, it } from "vitest";
import type { ComparisonState } from "../../src/shapes/comparison";
import { appliedOptionsSchema } from "../../src/shapes/options";
import { compareRequestSchema } from "../../src/shapes/routes";
import {
  buildRequest,
  EMPTY_FORM,
  type FormValues,
  fieldForIssuePath,
  formFromComparison,
} from "../../src/web/validate";

const base: FormValues = {
  ...EMPTY_FORM,
  leftUrl: "https://staging.example/graphql",
  rightUrl: "https://www.example/graphql",
  method: "POST",
};
const QUERY = '{\n  "query": "{ product(id: 1) { name price } }"\n}';

function built(patch: Partial<FormValues>) {
  return buildRequest({ ...base, ...patch });
}

/** A stored comparison's state with these options, as GET /api/compare/:id answers it. */
function stored(options: Record<string, unknown>): Pick<ComparisonState, "leftUrl" | "rightUrl" | "options"> {
  return { leftUrl: base.leftUrl, rightUrl: base.rightUrl, options: appliedOptionsSchema.parse(options) };
}

describe("a POST body in the compare form", () => {
  it("sends a GraphQL query as a JSON body the API's schema accepts", () => {
    const result = built({ body: QUERY });
    expect(result).toEqual({
      ok: true,
      request: {
        leftUrl: base.leftUrl,
        rightUrl: base.rightUrl,
        options: { method: "POST", body: { json: { query: "{ product(id: 1) { name price } }" } } },
      },
    });
    if (result.ok) expect(compareRequestSchema.safeParse(result.request).success).toBe(true);
  });

  it("sends text as written, with its content type when one is given and the secret flag when ticked", () => {
    const result = built({
      bodyKind: "text",
      body: "q=shoes&sort=price",
      bodyContentType: "application/x-www-form-urlencoded",
      bodySecret: true,
    });
    expect(result.ok && result.request.options?.body).toEqual({
      text: "q=shoes&sort=price",
      contentType: "application/x-www-form-urlencoded",
      secret: true,
    });
    if (result.ok) expect(compareRequestSchema.safeParse(result.request).success).toBe(true);
    expect(built({ bodyKind: "text", body: "plain" })).toMatchObject({
      ok: true,
      request: { options: { body: { text: "plain" } } },
    });
  });

  it("sends no body for an empty box, and none with GET even when one was typed before switching back", () => {
    expect(built({ body: "  " })).toEqual({
      ok: true,
      request: { leftUrl: base.leftUrl, rightUrl: base.rightUrl, options: { method: "POST" } },
    });
    expect(built({ method: "GET", body: QUERY })).toEqual({
      ok: true,
      request: { leftUrl: base.leftUrl, rightUrl: base.rightUrl },
    });
  });

  it("refuses JSON that does not parse, saying where, before anything is sent", () => {
    const result = built({ body: '{\n  "query": "{ a }",\n}' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors)).toEqual(["body"]);
      expect(result.errors.body).toMatch(/^This is not JSON \(at line 3, column 1\)\./);
      expect(result.errors.body).toContain("“Text”");
    }
  });

  it.each([
    ["a JSON body just under 64 KiB", { body: JSON.stringify("x".repeat(65_534)) }],
    ["a JSON body just over 64 KiB", { body: JSON.stringify("x".repeat(65_535)) }],
    ["a text body of 64 KiB in two-byte characters", { bodyKind: "text", body: "é".repeat(32_768) }],
    ["a text body one byte over", { bodyKind: "text", body: `${"é".repeat(32_768)}x` }],
    ["JSON nested 64 levels", { body: `${"[".repeat(64)}${"]".repeat(64)}` }],
    ["JSON nested 65 levels", { body: `${"[".repeat(65)}${"]".repeat(65)}` }],
    ["a media type with parameters", { bodyKind: "text", body: "a", bodyContentType: "text/csv; header=present" }],
    ["a content type that is no media type", { bodyKind: "text", body: "a", bodyContentType: "csv please" }],
  ] as const)("agrees with the API's schema on %s", (_, patch) => {
    const result = built(patch as Partial<FormValues>);
    const request = {
      leftUrl: base.leftUrl,
      rightUrl: base.rightUrl,
      options: {
        method: "POST",
        body:
          patch.body !== undefined && "bodyKind" in patch
            ? {
                text: patch.body,
                ...("bodyContentType" in patch ? { contentType: patch.bodyContentType } : {}),
              }
            : { json: JSON.parse(patch.body) },
      },
    };
    expect(result.ok).toBe(compareRequestSchema.safeParse(request).success);
    if (!result.ok) {
      const field = "bodyContentType" in patch && patch.bodyContentType === "csv please" ? "bodyContentType" : "body";
      expect(Object.keys(result.errors)).toEqual([field]);
    }
  });

  it("puts the API's refusal of a body or its content type under that field", () => {
    expect(fieldForIssuePath("options.body")).toBe("body");
    expect(fieldForIssuePath("options.body.contentType")).toBe("bodyContentType");
  });
});

describe("a stored POST comparison reopened in the form", () => {
  it("shows a JSON body as indented JSON that sends the same body again", () => {
    const values = formFromComparison(stored({ method: "POST", body: { json: { query: "{ a }" } } }));
    expect(values).toMatchObject({
      method: "POST",
      bodyKind: "json",
      body: '{\n  "query": "{ a }"\n}',
      bodySecret: false,
    });
    expect(buildRequest(values)).toMatchObject({
      ok: true,
      request: { options: { body: { json: { query: "{ a }" } } } },
    });
  });

  it("shows a text body with its content type", () => {
    const values = formFromComparison(stored({ method: "POST", body: { text: "q=1", contentType: "text/csv" } }));
    expect(values).toMatchObject({ bodyKind: "text", body: "q=1", bodyContentType: "text/csv", bodySecret: false });
  });

  it("never shows a secret body's placeholder as the body, nor sends it back: it must be typed again", () => {
    const values = formFromComparison(stored({ method: "POST", body: { json: "[redacted]", secret: true } }));
    expect(values).toMatchObject({ method: "POST", bodyKind: "json", body: "", bodySecret: true });
    expect(JSON.stringify(values)).not.toContain("[redacted]");
    const again = buildRequest(values);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.errors.body).toMatch(/never shown back/);
  });
});
