import { describe, expect, it } from "vitest";
import { diffEnvelopes } from "../../src/diff";
import { difference, jsonBody, left, right, textBody } from "../support/envelopes";

describe("host normalisation", () => {
  const l = left({
    headers: { "content-type": "application/json", link: "<https://staging.example.com/api?page=2>; rel=next" },
    body: jsonBody({ self: "https://staging.example.com/x", host: "staging.example.com", id: 1 }),
  });
  const r = right({
    headers: { "content-type": "application/json", link: "<https://www.example.com/api?page=2>; rel=next" },
    body: jsonBody({ self: "https://www.example.com/x", host: "www.example.com", id: 1 }),
  });

  it("does not report the environment's own host inside JSON bodies and headers", () => {
    expect(diffEnvelopes(l, r).identical).toBe(true);
  });

  it("reports them when normalisation is switched off, most severe first", () => {
    expect(diffEnvelopes(l, r, { normaliseHosts: false }).differences).toEqual([
      difference(
        "body",
        "/body/json/self",
        "changed",
        "medium",
        "https://staging.example.com/x",
        "https://www.example.com/x",
      ),
      difference("body", "/body/json/host", "changed", "medium", "staging.example.com", "www.example.com"),
      difference(
        "header",
        "/headers/link",
        "changed",
        "low",
        "<https://staging.example.com/api?page=2>; rel=next",
        "<https://www.example.com/api?page=2>; rel=next",
      ),
    ]);
  });

  it("does not report the environment's own host inside HTML", () => {
    const page = (host: string) =>
      `<html>\n<a href="https://${host}/about">About</a>\n<p>Served by ${host}</p>\n</html>`;
    const result = diffEnvelopes(
      left({ body: textBody(page("staging.example.com")) }),
      right({ body: textBody(page("www.example.com")) }),
    );
    expect(result.identical).toBe(true);
  });

  it("maps the left origin to the right one even when scheme and port differ", () => {
    const result = diffEnvelopes(
      left({
        url: "http://localhost:8787/api",
        finalUrl: "http://localhost:8787/api",
        body: jsonBody({ u: "http://localhost:8787/a" }),
      }),
      right({ body: jsonBody({ u: "https://www.example.com/a" }) }),
    );
    expect(result.identical).toBe(true);
  });

  it("leaves hosts that merely contain the environment host alone", () => {
    const result = diffEnvelopes(
      left({ body: jsonBody({ a: "https://notstaging.example.com/", b: "staging.example.com.au", c: "x" }) }),
      right({ body: jsonBody({ a: "https://notwww.example.com/", b: "www.example.com.au", c: "x" }) }),
    );
    expect(result.differences.map((d) => d.path)).toEqual(["/body/json/a", "/body/json/b"]);
  });

  it("does not rewrite the right side: the right host appearing on the left is still a difference", () => {
    const result = diffEnvelopes(
      left({ body: jsonBody({ u: "https://www.example.com/x" }) }),
      right({ body: jsonBody({ u: "https://staging.example.com/x" }) }),
    );
    expect(result.differences).toEqual([
      difference(
        "body",
        "/body/json/u",
        "changed",
        "medium",
        "https://www.example.com/x",
        "https://staging.example.com/x",
      ),
    ]);
  });
});
