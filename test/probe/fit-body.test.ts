import { describe, expect, it } from "vitest";
import { fitBody, MAX_STORED_BODY_BYTES } from "../../src/probe/fit-body";
import type { EnvelopeBody } from "../../src/shapes/envelope";

const body = (extra: Partial<EnvelopeBody>): EnvelopeBody => ({
  contentType: "text/plain",
  bytes: 10,
  truncated: false,
  sha256: "ab".repeat(32),
  kind: "text",
  ...extra,
});
const storedSize = (b: EnvelopeBody) => new TextEncoder().encode(JSON.stringify(b.json ?? b.text)).byteLength;

describe("fitBody keeps a stored body within one SQLite row", () => {
  it("leaves ordinary text and JSON alone", () => {
    const text = body({ text: "hello\nworld ✓" });
    const json = body({ kind: "json", json: { a: [1, 2, "x"] } });
    expect(fitBody(text)).toBe(text);
    expect(fitBody(json)).toBe(json);
  });

  it("cuts a megabyte of control characters, which JSON escapes sixfold, to the budget", () => {
    const fitted = fitBody(body({ bytes: 1 << 20, text: "\u0001".repeat(1 << 20) }));
    expect(fitted.truncated).toBe(true);
    expect(storedSize(fitted)).toBeLessThanOrEqual(MAX_STORED_BODY_BYTES);
    expect(storedSize(fitted)).toBeGreaterThan(MAX_STORED_BODY_BYTES - 6);
    expect(fitted.bytes).toBe(1 << 20);
  });

  it("turns JSON too large to store into its leading text, marked truncated", () => {
    const json = { items: Array.from({ length: 200_000 }, (_, i) => `"quoted" \\ ${i}`) };
    const fitted = fitBody(body({ kind: "json", json }), 100_000);
    expect(fitted.kind).toBe("text");
    expect(fitted.json).toBeUndefined();
    expect(fitted.truncated).toBe(true);
    expect(fitted.text?.startsWith('{"items":["\\"quoted\\"')).toBe(true);
    expect(storedSize(fitted)).toBeLessThanOrEqual(100_000);
  });

  it("never splits a surrogate pair", () => {
    const fitted = fitBody(body({ text: "😀".repeat(10) }), 2 + 4 * 3 + 2);
    expect(fitted.text).toBe("😀😀😀");
  });
});
