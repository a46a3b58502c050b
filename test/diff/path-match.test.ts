import { describe, expect, it } from "vitest";
import { diffEnvelopes } from "../../src/diff";
import { pathMatcher } from "../../src/diff/path-match";
import { jsonBody, left, right } from "../support/envelopes";

describe("wildcard paths", () => {
  it.each([
    ["/body/json/items/*/updatedAt", "/body/json/items/3/updatedAt", true],
    ["/body/json/items/*/updatedAt", "/body/json/items/3/updatedAt/nested", true],
    ["/body/json/items/*/updatedAt", "/body/json/items/3/price", false],
    ["/body/json/items/*/updatedAt", "/body/json/items/updatedAt", false],
    ["/body/json/**/requestId", "/body/json/requestId", true],
    ["/body/json/**/requestId", "/body/json/a/b/c/requestId", true],
    ["/body/json/**/requestId", "/body/json/a/b/c/requestIds", false],
    ["/body/json/**", "/body/json/anything", true],
    ["/headers/X-*", "/headers/x-a", false],
    ["/headers/*", "/headers/x-a", true],
    ["/body/json/meta", "/body/json/metadata", false],
  ])("%s matches %s: %s", (pattern, path, expected) => {
    expect(pathMatcher([pattern])(path)).toBe(expected);
  });

  it("stays fast with many ** in one pattern", () => {
    const pattern = `/body/json${"/**".repeat(40)}/x`;
    const path = `/body/json${"/a".repeat(200)}/y`;
    expect(pathMatcher([pattern])(path)).toBe(false);
  });

  it("drops ignored differences by wildcard", () => {
    const items = (t: string) => ({ items: [1, 2].map((id) => ({ id, updatedAt: t, price: id })) });
    const l = left({ body: jsonBody(items("2024")) });
    const r = right({ body: jsonBody(items("2025")) });
    expect(diffEnvelopes(l, r, { ignorePaths: ["/body/json/items/*/updatedAt"] }).identical).toBe(true);
    expect(diffEnvelopes(l, r).differences).toHaveLength(2);
  });
});
