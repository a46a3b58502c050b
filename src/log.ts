/**
 * Structured logs: one JSON object per line, read by Workers Logs (observability in
 * wrangler.toml). Callers pass facts only — never headers, bodies or secrets.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export function log(level: "info" | "warn" | "error", event: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ level, event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
