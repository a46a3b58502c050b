/**
 * Each byte budget of src/budgets.ts at its edge: the report of differences, the pointer of one
 * difference, a stored body's JSON, the nesting bound, and a whole envelope against the row limit.
 */
import { describe, expect, it } from "vitest";
import {
  DIFFERENCES_BUDGET_BYTES,
  MAX_ENVELOPE_BYTES,
  MAX_JSON_DEPTH,
  MAX_PATH_BYTES,
  MAX_VALUE_STRING_BYTES,
  VALUES_CUT_NOTE,
} from "../../src/budgets";
import { diffEnvelopes } from "../../src/diff";
import { jsonBytes } from "../../src/diff/bounded-value";
import { Collector } from "../../src/diff/collector";
import { classifyBody } from "../../src/probe/classify-body";
import { fitBody, MAX_STORED_BODY_BYTES } from "../../src/probe/fit-body";
import { MAX_STORED_HEADER_CHARS } from "../../src/probe/redact";
import type { SignalEnvelope } from "../../src/shapes/envelope";
import type { JsonValue } from "../../src/shapes/json";
import { jsonBody, left, right } from "../support/envelopes";

const utf8 = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;
const encode = (text: string) => new TextEncoder().encode(text);

describe("the report of differences stays within its UTF-8 budget", () => {
  it("measures JSON in UTF-8 bytes exactly as JSON.stringify writes it", () => {
    const values: JsonValue[] = [
      "plain",
      "é漢😀",
      '"\\\n\u0001',
      "\ud800",
      [1, -0, 1e308, null, true],
      { "k/~": [{}] },
    ];
    for (const value of values) expect(jsonBytes(value)).toBe(utf8(value));
  });

  it("keeps CJK values whole while they fit, then cuts values and says so", () => {
    const cjk = "漢".repeat(300); // 900 bytes, under the per-value bound
    const l = left({ body: jsonBody(Array.from({ length: 200 }, (_, i) => `${cjk}${i}`)) });
    const r = right({ body: jsonBody(Array.from({ length: 200 }, (_, i) => `${cjk}-${i}`)) });
    const diff = diffEnvelopes(l, r);
    expect(utf8(diff.differences)).toBeLessThanOrEqual(DIFFERENCES_BUDGET_BYTES);
    expect(diff.differences).toHaveLength(200);
    expect(diff.differences[0]?.left).toBe(`${cjk}0`);
    expect(diff.differences.at(-1)?.left).toBe(`[${VALUES_CUT_NOTE}]`);
    expect(diff.notes?.[0]).toMatch(new RegExp(`^${VALUES_CUT_NOTE}: the values of \\d+ difference`));
  });

  it("fills the budget to within one difference and never past it", () => {
    const out = new Collector(10_000, [], new Set(), 4096);
    for (let i = 0; i < 100; i++) out.add("body", `/body/json/${i}`, "changed", "medium", "x".repeat(100), "y");
    const { differences, notes } = out.result();
    expect(utf8(differences)).toBeLessThanOrEqual(4096);
    expect(utf8(differences)).toBeGreaterThan(4096 - 200);
    expect(notes).toHaveLength(1);
  });

  it("cuts a string value at the per-value bound without splitting an emoji", () => {
    const out = new Collector(10, []);
    out.add("body", "/body/json/v", "changed", "medium", "😀".repeat(1000), null);
    const value = out.result().differences[0]?.left as string;
    expect(value).toMatch(/^(😀)+… \(4000 bytes\)$/);
    expect(encode(value.split("…")[0] as string).byteLength).toBeLessThanOrEqual(MAX_VALUE_STRING_BYTES);
  });

  it("cuts a pointer through a long key at MAX_PATH_BYTES and marks it", () => {
    const l = left({ body: jsonBody({ ["k".repeat(100_000)]: 1 }) });
    const r = right({ body: jsonBody({ ["k".repeat(100_000)]: 2 }) });
    const [difference] = diffEnvelopes(l, r).differences;
    expect(difference?.path.endsWith("…(cut)")).toBe(true);
    expect(encode(difference?.path ?? "").byteLength).toBeLessThanOrEqual(MAX_PATH_BYTES);
  });

  it("ignores by pointer without writing it: an ignored long-key subtree is not counted", () => {
    const key = "a/b~".repeat(50_000);
    const l = left({ body: jsonBody({ [key]: [1, 2, 3], other: 1 }) });
    const r = right({ body: jsonBody({ [key]: [4, 5, 6], other: 2 }) });
    const diff = diffEnvelopes(l, r, { ignorePaths: [`/body/json/${"a~1b~0".repeat(50_000)}`] });
    expect(diff.differences.map((d) => d.path)).toEqual(["/body/json/other"]);
    expect(diff.summary.total).toBe(1);
  });
});

describe("nesting is bounded", () => {
  const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}[1]${"}".repeat(depth - 1)}`;

  it(`keeps JSON nested exactly ${MAX_JSON_DEPTH} deep as JSON`, () => {
    expect(classifyBody(encode(nested(MAX_JSON_DEPTH)), "application/json", false).kind).toBe("json");
  });

  it(`keeps JSON nested ${MAX_JSON_DEPTH + 1} deep as text, with a note`, () => {
    const kept = classifyBody(encode(nested(MAX_JSON_DEPTH + 1)), "application/json", false);
    expect(kept).toMatchObject({ kind: "text", note: `kept as text: nesting deeper than ${MAX_JSON_DEPTH}` });
  });

  it("does not count brackets inside strings as nesting", () => {
    const text = JSON.stringify({ s: "[".repeat(10_000) });
    expect(classifyBody(encode(text), "application/json", false).kind).toBe("json");
  });

  it("diffs JSON deeper than the bound as whole values, without recursing", () => {
    let a: JsonValue = 1;
    let b: JsonValue = 2;
    for (let i = 0; i < 20_000; i++) {
      a = [a];
      b = [b];
    }
    // Straight to the engine: jsonBody would stringify 20k levels, which is what the bound avoids.
    const body = (json: JsonValue) => ({
      contentType: "application/json",
      bytes: 1,
      truncated: false,
      sha256: String(json === a),
      kind: "json" as const,
      json,
    });
    const deep = diffEnvelopes(left({ body: body(a) }), right({ body: body(b) }));
    expect(deep.summary.total).toBe(1);
    expect(deep.differences[0]?.path).toMatch(/^\/body\/json(\/0)+…\(cut\)$/);
    expect(deep.notes).toEqual([`compared as whole values below nesting depth ${MAX_JSON_DEPTH}`]);
  });
});

describe("stored bodies and envelopes fit one SQLite row", () => {
  it("keeps a 1,020,001-byte JSON array of one-letter strings as JSON", () => {
    const text = JSON.stringify(Array.from({ length: 255_000 }, () => "a"));
    expect(encode(text).byteLength).toBe(1_020_001);
    const kept = fitBody({
      contentType: "application/json",
      bytes: 1_020_001,
      truncated: false,
      sha256: "x",
      ...classifyBody(encode(text), "application/json", false),
    });
    expect(kept.kind).toBe("json");
    expect(kept.truncated).toBe(false);
  });

  it("keeps JSON of exactly the stored budget as JSON, and one byte more as cut text with a note", () => {
    const exact = ["x".repeat(MAX_STORED_BODY_BYTES - 4)];
    expect(utf8(exact)).toBe(MAX_STORED_BODY_BYTES);
    const base = { contentType: "application/json", bytes: 1, truncated: false, sha256: "x", kind: "json" as const };
    expect(fitBody({ ...base, json: exact }).kind).toBe("json");
    const over = fitBody({ ...base, json: [`${exact[0]}y`] });
    expect(over).toMatchObject({
      kind: "text",
      truncated: true,
      note: `kept as text: JSON over ${MAX_STORED_BODY_BYTES} bytes`,
    });
  });

  it("the largest envelope a probe can store stays under MAX_ENVELOPE_BYTES", () => {
    // Worst case of every part: a body fitted to its budget with sixfold escapes, headers at their
    // character bound in two-byte characters, and the longest redirect chain.
    const body = fitBody({
      contentType: "text/plain",
      bytes: 1 << 20,
      truncated: false,
      sha256: "f".repeat(64),
      kind: "text",
      text: "\u0001".repeat(1 << 20),
    });
    const headers: Record<string, string> = { "x-big": "ÿ".repeat(MAX_STORED_HEADER_CHARS) };
    const hop = { url: `https://e.example/${"a".repeat(2048)}`, status: 302, location: "ÿ".repeat(8192) };
    const envelope: SignalEnvelope = left({ body, headers, redirects: Array.from({ length: 6 }, () => hop) });
    expect(utf8(envelope)).toBeLessThan(MAX_ENVELOPE_BYTES);
    expect(MAX_ENVELOPE_BYTES).toBeLessThan(2_000_000);
  });
});
