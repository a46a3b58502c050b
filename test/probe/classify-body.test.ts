/** Body classification decides what of a body the envelope keeps. */
import { describe, expect, it } from "vitest";
import { classifyBody, parseContentType } from "../../src/probe/classify-body";

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("body classification", () => {
  it.each([
    ["application/json", '{"a":1}', { kind: "json", json: { a: 1 } }],
    ["application/problem+json; charset=utf-8", '{"title":"x"}', { kind: "json", json: { title: "x" } }],
    ["application/json", "42", { kind: "json", json: 42 }],
    ["application/json", "{oops", { kind: "text", text: "{oops" }],
    ["text/plain", "42", { kind: "text", text: "42" }],
    ["text/plain", " [1,2]", { kind: "json", json: [1, 2] }],
    ["text/html; charset=utf-8", "<p>hi</p>", { kind: "text", text: "<p>hi</p>" }],
    ["application/xml", "<a/>", { kind: "text", text: "<a/>" }],
    ["image/svg+xml", "<svg/>", { kind: "text", text: "<svg/>" }],
    ["image/png", "PNG", { kind: "binary" }],
    [null, '{"a":true}', { kind: "json", json: { a: true } }],
    [null, "plain words", { kind: "text", text: "plain words" }],
  ] as const)("classifies %s %j", (contentType, body, expected) => {
    expect(classifyBody(utf8(body), contentType, false)).toEqual(expected);
  });

  it("classifies unlabelled bytes that are not UTF-8 text as binary", () => {
    expect(classifyBody(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00]), null, false)).toEqual({ kind: "binary" });
  });

  it("classifies zero bytes as empty whatever the label", () => {
    expect(classifyBody(new Uint8Array(), "application/json", false)).toEqual({ kind: "empty" });
  });

  it("never parses a truncated body as JSON", () => {
    expect(classifyBody(utf8('{"a":1}'), "application/json", true)).toEqual({ kind: "text", text: '{"a":1}' });
  });

  it("decodes with a quoted charset parameter", () => {
    expect(classifyBody(new Uint8Array([0x63, 0xe9]), 'text/plain; charset="ISO-8859-1"', false)).toEqual({
      kind: "text",
      text: "cé",
    });
  });

  it("reads the media type and charset of a content type", () => {
    expect(parseContentType("Application/JSON ; Charset=UTF-8")).toEqual({
      essence: "application/json",
      charset: "UTF-8",
    });
    expect(parseContentType(null)).toBeNull();
  });
});
