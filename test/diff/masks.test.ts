import { describe, expect, it } from "vitest";
import { diffEnvelopes } from "../../src/diff";
import { MaskSet } from "../../src/diff/masks";
import { checkPattern } from "../../src/shapes/options";
import { jsonBody, left, right, textBody } from "../support/envelopes";

describe("masks", () => {
  it("masks CSP nonces in headers and pages, and CSRF meta tags and hidden inputs, by default", () => {
    const page = (token: string, nonce: string) =>
      [
        `<meta name="csrf-token" content="${token}">`,
        `<input type="hidden" name="authenticity_token" value="${token}">`,
        `<input value="${token}" type="hidden" name="_csrf">`,
        `<script nonce="${nonce}">go()</script>`,
      ].join("\n");
    const l = left({
      headers: { "content-security-policy": "script-src 'nonce-AAA111'" },
      body: textBody(page("tok1", "n1")),
    });
    const r = right({
      headers: { "content-security-policy": "script-src 'nonce-BBB222'" },
      body: textBody(page("tok2", "n2")),
    });
    expect(diffEnvelopes(l, r).differences).toEqual([]);
  });

  it("still reports the rest of a masked value when it really differs", () => {
    const l = left({ headers: { "content-security-policy": "script-src 'nonce-AAA' https://cdn.a" } });
    const r = right({ headers: { "content-security-policy": "script-src 'nonce-BBB' https://cdn.b" } });
    const [d] = diffEnvelopes(l, r).differences;
    expect(d?.path).toBe("/headers/content-security-policy");
  });

  it("applies a user's mask to JSON string values, with a group in the replacement", () => {
    const masks = [{ pattern: "(order-)[0-9]+", replacement: "$1N", in: "body" as const }];
    const l = left({ body: jsonBody({ ref: "order-123", n: 1 }) });
    const r = right({ body: jsonBody({ ref: "order-456", n: 1 }) });
    expect(diffEnvelopes(l, r, { masks }).differences).toEqual([]);
    expect(diffEnvelopes(l, r).differences.map((d) => d.path)).toEqual(["/body/json/ref"]);
  });

  it("limits a mask to headers when asked", () => {
    const masks = [{ pattern: "v[0-9]+", in: "headers" as const }];
    const set = new MaskSet(masks);
    expect(set.apply("build v12", "headers")).toBe("build [masked]");
    expect(set.apply("build v12", "body")).toBe("build v12");
  });

  it("runs a catastrophic-backtracking pattern in linear time", () => {
    const set = new MaskSet([{ pattern: "(a+)+$", in: "all" }]);
    const input = `${"a".repeat(100_000)}!`;
    // JavaScript's RegExp would not finish this in years; RE2 is linear in the input, so this
    // returns in milliseconds. (workerd's clock stands still during CPU work, so the bound is the
    // test timeout rather than a measured duration.)
    expect(set.apply(input, "body")).toBe(input);
  });

  it("tells a pattern that is not RE2 apart from a valid one", () => {
    expect(checkPattern("(?<=a)b")).toMatch(/invalid/);
    expect(checkPattern("nonce-[a-z]+")).toBeNull();
  });
});
