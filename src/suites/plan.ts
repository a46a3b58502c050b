/**
 * From a validated POST /api/suites body to what a run needs: bases normalised, paths listed or
 * discovered, all checked. Reads nothing but the discovery document and writes nothing, so any
 * refusal here leaves no trace.
 */
import { ApiError } from "../api/errors";
import type { SuiteRequest } from "../api/suite-schemas";
import { type CompareOptions, resolveOptions } from "../shapes/options";
import { discoverPaths } from "./discover";
import { MAX_SUITE_PATHS, normaliseBase, resolvePaths } from "./paths";

export interface SuitePlan {
  leftBase: string;
  rightBase: string;
  paths: string[];
  options: CompareOptions;
}

export async function planSuite(env: Env, body: SuiteRequest): Promise<SuitePlan> {
  const leftBase = normaliseBase(body.leftBase);
  const rightBase = normaliseBase(body.rightBase);
  for (const [field, base] of [
    ["leftBase", leftBase],
    ["rightBase", rightBase],
  ] as const) {
    if (base === null) {
      throw new ApiError("invalid_request", `${field} must be a base URL without query or fragment.`, { field });
    }
  }
  if (leftBase === null || rightBase === null) throw new Error("unreachable");
  const options = resolveOptions(body.options);
  let entries = body.paths ?? [];
  if (body.discover) {
    entries = await discoverPaths(env, body.discover, leftBase, options);
    if (entries.length > MAX_SUITE_PATHS) {
      throw new ApiError(
        "invalid_request",
        `Discovery found ${entries.length} paths; a suite holds at most ${MAX_SUITE_PATHS}. List the ones you want in \`paths\`.`,
        { found: entries.length, field: "discover" },
      );
    }
  }
  const resolved = resolvePaths(entries, leftBase, rightBase);
  if (!resolved.ok) throw new ApiError("invalid_request", resolved.message, resolved.details);
  return { leftBase, rightBase, paths: resolved.paths, options };
}
