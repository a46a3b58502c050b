/**
 * Keeps a comparison result small: a workflow step's result is limited to 1 MiB and
 * the result is stored and polled, so each difference's left/right value is cut to
 * a few KiB. 200 reported differences then stay far below the limit.
 */
import type { JsonValue } from "../shapes/json";
import type { DiffResult } from "../shapes/result";

export const MAX_VALUE_CHARS = 2048;

export function boundValue(value: JsonValue, maxChars = MAX_VALUE_CHARS): JsonValue {
  if (typeof value === "string") {
    return value.length <= maxChars
      ? value
      : `${value.slice(0, maxChars)}… (${value.length - maxChars} more characters)`;
  }
  if (value === null || typeof value !== "object") return value;
  const text = JSON.stringify(value);
  // Objects and arrays small enough stay structured; bigger ones become a truncated JSON string.
  return text.length <= maxChars ? value : boundValue(text, maxChars);
}

export function boundDiff(diff: DiffResult): DiffResult {
  return {
    ...diff,
    differences: diff.differences.map((d) => ({
      ...d,
      left: boundValue(d.left as JsonValue),
      right: boundValue(d.right as JsonValue),
    })),
  };
}
