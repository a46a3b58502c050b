import { describe, expect, it } from "vitest";
import { diffEnvelopes } from "../../src/diff";
import { cookieSummary } from "../../src/probe/set-cookie";
import { difference, left, right } from "../support/envelopes";

const cookies = (l: string, r: string) =>
  diffEnvelopes(left({ headers: { "set-cookie": l } }), right({ headers: { "set-cookie": r } })).differences;

describe("cookies", () => {
  it("keeps a cookie's name and attributes in a canonical order, never its value", () => {
    expect(
      cookieSummary("sid=s3cr3t; path=/; httponly; SECURE; samesite=lax; Max-Age=60; Expires=Wed, 01 Jan 2031"),
    ).toBe("sid; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=60; Expires");
    expect(cookieSummary("sid=s3cr3t")).not.toContain("s3cr3t");
  });

  it("rates a cookie that lost Secure, HttpOnly and SameSite on one side as a high security regression", () => {
    expect(cookies("cart; Path=/", "cart; Path=/; Secure; HttpOnly; SameSite=Lax")).toEqual([
      difference(
        "header",
        "/headers/set-cookie/cart",
        "changed",
        "high",
        "cart; Path=/",
        "cart; Path=/; Secure; HttpOnly; SameSite=Lax",
      ),
    ]);
  });

  it("rates a weaker SameSite as high and any other attribute change as low", () => {
    expect(cookies("a; SameSite=Strict", "a; SameSite=None")[0]?.severity).toBe("high");
    expect(cookies("a; Path=/", "a; Path=/app")[0]?.severity).toBe("low");
  });

  it("sees a cookie's lifetime change (Max-Age), but not an Expires date, which the clock sets", () => {
    const oneDay = cookieSummary("remember=x; Path=/; Max-Age=86400; Secure");
    const thirtyDays = cookieSummary("remember=y; Path=/; Max-Age=2592000; Secure");
    expect(cookies(oneDay, thirtyDays).map((d) => [d.path, d.severity])).toEqual([
      ["/headers/set-cookie/remember", "low"],
    ]);
    const now = cookieSummary("bm=x; Expires=Thu, 03 Dec 2026 14:30:00 GMT");
    const later = cookieSummary("bm=y; Expires=Thu, 03 Dec 2026 14:30:01 GMT");
    expect(cookies(now, later)).toEqual([]);
  });

  it("compares per cookie name, whatever order the cookies were sent in", () => {
    expect(cookies("a; Secure, b; HttpOnly", "b; HttpOnly, a; Secure")).toEqual([]);
  });
});
