/**
 * The diff engine: `diffEnvelopes` compares what two probes saw and returns every difference with
 * a severity, a pointer into the envelope and `history: "new"` (history is marked later, elsewhere).
 * Pure: no I/O, no clock, so the Workflow and the tests call it directly.
 */
import type { SignalEnvelope } from "../shapes/envelope";
import type { DiffResult } from "../shapes/result";
import { diffBody } from "./body";
import { Collector } from "./collector";
import { diffHeaders, headerEquivalence } from "./headers";
import { hostNormaliser } from "./host-normalise";
import type { JsonRules } from "./json-diff";
import { TemplateSet } from "./line-templates";
import { MaskSet } from "./masks";
import { pathMatcher } from "./path-match";
import { type DiffRules, headerIgnorer, resolveRules } from "./rules";
import { diffError, diffRedirects, diffStatus, diffTiming } from "./signals";

export type { DiffRules } from "./rules";
export {
  DEFAULT_IGNORED_HEADERS,
  DEFAULT_RULES,
  headerSeverity,
  INFO_HEADERS,
  MEDIUM_HEADERS,
  resolveRules,
  rulesFromOptions,
  SEVERITY,
} from "./rules";

/**
 * Differences are ordered most severe first and, within a severity, as found: error, status,
 * redirects, headers (by name), body, timing. `summary` counts all of them, also those beyond
 * `maxReported`, and `summary.total` is their number.
 */
export function diffEnvelopes(
  leftSeen: SignalEnvelope,
  rightSeen: SignalEnvelope,
  rules: Partial<DiffRules> = {},
): DiffResult {
  const resolved = resolveRules(rules);
  const out = new Collector(resolved.maxReported, resolved.ignorePaths, new Set(resolved.noisePaths));
  const normalise = resolved.normaliseHosts ? hostNormaliser(leftSeen, rightSeen) : null;
  // Masks first (default and the user's), so a CSRF token or a CSP nonce never makes a difference.
  const masks = new MaskSet(resolved.masks);
  const left = masks.envelope(leftSeen);
  const right = masks.envelope(rightSeen);

  diffError(left, right, out);
  // A side that errored has no status, headers or body to compare, and its timing and redirect
  // chain only restate the error (a timeout is slow; too_many_redirects has a long chain).
  if (left.error || right.error) return out.result();

  diffStatus(left, right, out);
  diffRedirects(left, right, out, normalise);
  const templates = resolved.noiseTemplates.length > 0 ? new TemplateSet(resolved.noiseTemplates) : null;
  const unordered = resolved.unorderedPaths.length > 0 ? pathMatcher(resolved.unorderedPaths) : null;
  const equivalent = headerEquivalence(unordered, templates);
  diffHeaders(left.headers, right.headers, out, headerIgnorer(resolved.ignoreHeaders), normalise, equivalent);
  const noiseLines = resolved.noiseLines.length > 0 ? new Set(resolved.noiseLines) : null;
  diffBody(left.body, right.body, out, normalise, jsonRules(resolved, masks), noiseLines, templates);
  if (resolved.compareTiming) diffTiming(left, right, out, resolved.timingRatio, resolved.timingMinMs);
  return out.result();
}

function jsonRules(rules: DiffRules, masks: MaskSet): JsonRules {
  // A key names one array (wildcards allowed), not the arrays nested in its elements.
  const keyed = Object.entries(rules.arrayKeys).map(
    ([pattern, field]) => [pathMatcher([pattern], true), field] as const,
  );
  const unordered = pathMatcher(rules.unorderedPaths);
  return {
    byPointer: keyed.length > 0 || rules.unorderedPaths.length > 0,
    keyFor: (pointer) => keyed.find(([matches]) => matches(pointer))?.[1] ?? null,
    unordered: (pointer) => rules.unorderedPaths.length > 0 && unordered(pointer),
    same: (a, b) => masks.same(a, b),
  };
}
