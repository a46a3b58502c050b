/**
 * One value of a difference or an envelope. Long values (a text excerpt, a large JSON object)
 * are cut to a readable length with a button that shows them whole, spread over lines.
 */
import { useState } from "react";
import type { JsonValue } from "../../shapes/json";
import { formatValue } from "../format";

export const TRUNCATE_AT = 140;

interface ValueViewProps {
  value: JsonValue;
  /** True when this side has no such value at all (the difference was `added` or `removed`). */
  absent?: boolean;
}

export function ValueView({ value, absent }: ValueViewProps) {
  const [expanded, setExpanded] = useState(false);
  if (absent) return <span className="value value-absent">absent</span>;

  const compact = formatValue(value);
  const long = compact.length > TRUNCATE_AT || compact.includes("\\n");
  if (!long) return <code className="value">{compact}</code>;

  return (
    <span className="value-long">
      {expanded ? (
        <pre className="value value-full">{formatValue(value, true)}</pre>
      ) : (
        <code className="value">{`${compact.slice(0, TRUNCATE_AT).replace(/\\n/g, "⏎")}…`}</code>
      )}
      <button type="button" className="link" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
        {expanded ? "Show less" : `Show all (${compact.length.toLocaleString()} characters)`}
      </button>
    </span>
  );
}
