/**
 * `${NAME}` references in a config file's strings, replaced by the environment's values. Secrets
 * (header values above all) live in the CI's secret store and reach envdiff as environment
 * variables, never in the file. A variable that is not set, or set to nothing (what GitHub Actions
 * gives for a secret that does not exist), is an error that names it and where it was used.
 * `$${NAME}` stands for the literal text `${NAME}`.
 */
import { UsageError } from "./errors.js";

const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Whether a string uses at least one `${NAME}` (an escaped `$${NAME}` does not count). */
export function hasReference(text: string): boolean {
  return [...text.matchAll(REFERENCE)].some((m) => m[1] === "");
}

interface Missing {
  name: string;
  at: string;
}

function expandString(text: string, at: string, env: Record<string, string | undefined>, missing: Missing[]): string {
  return text.replace(REFERENCE, (whole, escaped: string, name: string) => {
    if (escaped) return whole.slice(1);
    const value = env[name];
    if (value === undefined || value === "") {
      missing.push({ name, at });
      return "";
    }
    return value;
  });
}

function expandValue(value: unknown, at: string, env: Record<string, string | undefined>, missing: Missing[]): unknown {
  if (typeof value === "string") return expandString(value, at, env, missing);
  if (Array.isArray(value)) return value.map((v, i) => expandValue(v, `${at}[${i}]`, env, missing));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, expandValue(v, `${at}.${key}`, env, missing)]),
    );
  }
  return value;
}

/** `value` with every reference replaced; throws one error naming every variable that is missing. */
export function expandReferences<T>(value: T, at: string, env: Record<string, string | undefined>, file: string): T {
  const missing: Missing[] = [];
  const expanded = expandValue(value, at, env, missing) as T;
  if (missing.length > 0) {
    const list = missing.map((m) => `\${${m.name}} (${m.at})`).join(", ");
    throw new UsageError(
      `${file}: ${missing.length === 1 ? "this environment variable is" : "these environment variables are"} not set or empty: ${list}.`,
    );
  }
  return expanded;
}
