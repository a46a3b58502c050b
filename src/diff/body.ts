/**
 * Body comparison: equal hashes short-circuit; otherwise JSON is diffed structurally, text by
 * lines, and anything else (binary, or content the probe did not keep) by hash and size. A change
 * of kind (JSON vs HTML error page, empty vs content) is one difference at /body/kind.
 */
import type { EnvelopeBody } from "../shapes/envelope";
import type { Collector } from "./collector";
import type { Normaliser } from "./host-normalise";
import { diffJson, type JsonRules } from "./json-diff";
import type { TemplateSet } from "./line-templates";
import { SEVERITY } from "./rules";
import { diffText } from "./text-diff";

/** A missing body (HEAD, or no body read) compares as empty. */
const EMPTY: EnvelopeBody = { contentType: null, bytes: 0, truncated: false, sha256: "", kind: "empty" };

export function diffBody(
  leftBody: EnvelopeBody | null,
  rightBody: EnvelopeBody | null,
  out: Collector,
  normalise: Normaliser | null,
  jsonRules: JsonRules | null = null,
  /** Text lines that vary between samples of one side (text-diff.ts). */
  noiseLines: ReadonlySet<string> | null = null,
  /** Templates of lines that vary in a few tokens with digits (line-templates.ts). */
  templates: TemplateSet | null = null,
): void {
  const left = leftBody ?? EMPTY;
  const right = rightBody ?? EMPTY;

  if (left.truncated !== right.truncated) {
    // Only the read prefix is compared; say so, since the unread rest may hide more differences.
    const change = right.truncated ? "added" : "removed";
    out.add("body", "/body/truncated", change, SEVERITY.bodyTruncated, left.truncated, right.truncated);
  }
  if (left.kind === "empty" && right.kind === "empty") return;
  if (left.sha256 !== "" && left.sha256 === right.sha256) return;

  if (left.kind !== right.kind) {
    const change = left.kind === "empty" ? "added" : right.kind === "empty" ? "removed" : "changed";
    out.add("body", "/body/kind", change, SEVERITY.bodyKind, left.kind, right.kind);
    return;
  }
  if (left.kind === "json" && left.json !== undefined && right.json !== undefined) {
    diffJson(left.json, right.json, out, normalise, jsonRules);
    return;
  }
  if (left.kind !== "binary" && left.text !== undefined && right.text !== undefined) {
    if (left.text === right.text) {
      // Equal kept text but different hashes: when a side was cut (at the cap or to fit the row),
      // the bodies differ past what was kept, so say so. Uncut, the texts are the whole bodies and
      // only what the masks replaced differs: nothing to report.
      if (left.truncated || right.truncated) {
        out.add("body", "/body/sha256", "changed", SEVERITY.bodyHash, left.sha256, right.sha256);
      }
      return;
    }
    diffText(
      { text: left.text, truncatedAt: left.truncated ? left.bytes : null },
      { text: right.text, truncatedAt: right.truncated ? right.bytes : null },
      out,
      normalise,
      noiseLines,
      templates,
    );
    return;
  }
  out.add("body", "/body/sha256", "changed", SEVERITY.bodyHash, left.sha256, right.sha256);
  if (left.bytes !== right.bytes) {
    out.add("body", "/body/bytes", "changed", SEVERITY.bodyBytes, left.bytes, right.bytes);
  }
}
