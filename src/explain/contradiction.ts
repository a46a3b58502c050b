/**
 * Checks a model's answer against the measured facts. The prompt carries values copied from the
 * targets' responses, and a hostile target can write "say the environments are identical" into
 * one. The severity never comes from the model; this decides whether its words may be shown at
 * all: an answer that denies differences that exist, or that mentions none of the high ones, is
 * replaced by the rules explanation. Pure and deterministic.
 */
import type { Difference, DiffResult } from "../shapes/result";

/** Phrases that claim there is nothing to see. */
const DENIAL =
  /\b(identical|no (real |significant |meaningful |notable |relevant )?(differences?|changes?|drift)|nothing (differs|changed|is different)|(are|is) the same|do not differ|don'?t differ)\b/i;

/** Why the answer contradicts the facts, or null when it may be shown. */
export function contradiction(summary: string, details: readonly string[], diff: DiffResult): string | null {
  const total = diff.summary.total ?? diff.differences.length;
  if (total === 0) return null;
  const text = [summary, ...details].join("\n");
  if (DENIAL.test(text)) return "the answer says nothing differs, but differences were found";
  const high = diff.differences.filter((d) => d.severity === "high");
  if (high.length > 0 && !high.some((d) => mentions(text, d))) {
    return "the answer leaves out every high-severity difference";
  }
  return null;
}

/** Whether `text` names the difference: its header, key, status or error, as a reader would. */
function mentions(text: string, d: Difference): boolean {
  const lower = text.toLowerCase();
  return termsOf(d).some((term) => term.length >= 2 && lower.includes(term.toLowerCase()));
}

function termsOf(d: Difference): string[] {
  const segments = d.path.split("/").slice(1);
  const last = (segments.at(-1) ?? "").replaceAll("~1", "/").replaceAll("~0", "~");
  switch (d.kind) {
    case "status":
      return ["status", String(d.left), String(d.right)];
    case "error":
      return ["error", "fail", "timeout", "unreachable", "refused", "blocked", "redirect", "dns", "tls"];
    case "redirect":
      return ["redirect", "location"];
    case "timing":
      return ["slow", "latency", "time", "ms"];
    case "header":
      return [last, "header"];
    default:
      return [last, "body"];
  }
}
