/**
 * The adversarial corpus end to end: every shape is served by a local target
 * (test/support/adversarial-targets.ts) and compared through POST /api/compare, the real probe,
 * Durable Object, Workflow and diff. Each must complete within the byte budgets and say what it cut.
 */
import { describe, expect, inject, it } from "vitest";
import {
  MAX_ENVELOPE_BYTES,
  MAX_JSON_DEPTH,
  MAX_RESULT_BYTES,
  MAX_STEP_RESULT_BYTES,
  VALUES_CUT_NOTE,
} from "../../src/budgets";
import type { ComparisonState } from "../../src/shapes/comparison";
import { ADVERSARIAL_CORPUS } from "../support/adversarial-corpus";
import { compareAndWait, fresh } from "../support/api";

const utf8 = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).byteLength;
const nestingNote = `kept as text: nesting deeper than ${MAX_JSON_DEPTH}`;

/** What each shape that cannot be kept whole must show a reader, beyond the checks every shape gets. */
const CUT_REPORTED: Record<string, (state: ComparisonState) => void> = {
  "nested-1500-around-480k-differing-leaves": (s) => expect(s.probes.left?.body?.note).toBe(nestingNote),
  "arrays-nested-5000-in-10kb": (s) => expect(s.probes.right?.body?.note).toBe(nestingNote),
  "objects-nested-10k": (s) => expect(s.probes.left?.body?.note).toBe(nestingNote),
  "arrays-nested-10k": (s) => expect(s.probes.left?.body?.note).toBe(nestingNote),
  "nested-257-past-the-bound": (s) => expect(s.probes.left?.body?.kind).toBe("text"),
  "nested-256-at-the-bound": (s) => expect(s.probes.left?.body?.kind).toBe("json"),
  "array-1020001-bytes-one-letter-strings": (s) => {
    expect(s.probes.left?.body?.kind).toBe("json");
    expect(s.result?.diff.differences.map((d) => d.path)).toEqual(["/body/json/127000"]);
  },
  "array-1m-elements": (s) => expect(s.probes.left?.body?.truncated).toBe(true),
  "text-control-characters": (s) => {
    expect(s.probes.left?.body?.truncated).toBe(true);
    expect(s.result?.diff.differences.map((d) => d.path)).toContain("/body/sha256");
  },
  "emoji-long-strings-cut-mid-pair": (s) => {
    expect(s.result?.diff.notes?.some((n) => n.startsWith(VALUES_CUT_NOTE))).toBe(true);
  },
  "object-100k-keys-all-differ": (s) => {
    // Every one of the 100,000 changed keys is counted (medium), past the report cap. A sample that
    // lost its connection on a loaded machine may add a high /status row of its own: not under test.
    expect(s.result?.diff.summary.medium).toBe(100_000);
    expect(s.result?.diff.differences).toHaveLength(200);
  },
  "one-900kb-key-above-50k-differing-leaves": (s) => {
    expect(s.result?.diff.differences[0]?.path.endsWith("…(cut)")).toBe(true);
  },
};

describe("adversarial responses", () => {
  it("the corpus holds at least 30 shapes, each named once", () => {
    expect(ADVERSARIAL_CORPUS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ADVERSARIAL_CORPUS.map((s) => s.name)).size).toBe(ADVERSARIAL_CORPUS.length);
  });

  for (const shape of ADVERSARIAL_CORPUS) {
    it.concurrent(`${shape.name}: the comparison completes within the budgets`, { timeout: 120_000 }, async () => {
      const base = `${inject("adversarialBaseUrl")}/${shape.name}`;
      const q = fresh();
      // The corpus is about bodies: how long a loaded machine takes to serve them is not under test.
      const options = { ignorePaths: ["/timing/totalMs"] };
      const state = await compareAndWait(`${base}/left${q}`, `${base}/right${q}`, options, 110_000);
      expect(state.status, JSON.stringify(state.error)).toBe("completed");
      const result = state.result;
      if (!result) throw new Error("no result");
      // Every shape's two bodies differ, so something must be reported.
      expect(result.diff.identical).toBe(false);
      expect(utf8(result)).toBeLessThanOrEqual(MAX_RESULT_BYTES);
      expect(utf8({ diff: result.diff, resolved: result.resolved, reuse: result.explanation })).toBeLessThanOrEqual(
        MAX_STEP_RESULT_BYTES,
      );
      expect(utf8(state.probes.left)).toBeLessThan(MAX_ENVELOPE_BYTES);
      expect(utf8(state.probes.right)).toBeLessThan(MAX_ENVELOPE_BYTES);
      CUT_REPORTED[shape.name]?.(state);
    });
  }
});
