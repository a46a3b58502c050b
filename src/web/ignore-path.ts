/**
 * What "Ignore this" saves: the pair's settings with one more ignore path. Every later comparison
 * of the pair (manual, watch or suite) adds its own ignore paths to these (src/shapes/settings.ts),
 * so a path ignored here stays ignored for a suite that ignores paths of its own. The settings go
 * back whole, saved header values as the "[redacted]" a read shows them: the PUT keeps each one's
 * saved value (src/directory/pair-settings.ts), so saved credentials survive the round trip.
 */
import type { PairSettingsResponse } from "./client";

/** Most ignore paths a pair may save (the API's limit). */
export const MAX_IGNORE_PATHS = 50;

type Settings = PairSettingsResponse["settings"];

/** The settings with `path` ignored; null when it already is; "full" when no room is left. */
export function withIgnoredPath(settings: Settings, path: string): Settings | null | "full" {
  const current = (settings.ignorePaths as string[] | undefined) ?? [];
  if (current.includes(path)) return null;
  if (current.length >= MAX_IGNORE_PATHS) return "full";
  return { ...settings, ignorePaths: [...current, path] };
}
