/**
 * What each command posts, built without talking to the server: `compare` and a config's pair
 * check post a compare request, `suite` and a config's suite check a suite request. Only the
 * options given are sent, so the server's defaults and a pair's saved settings apply to the rest.
 */
import type { Command } from "./args.js";
import type { Check } from "./config.js";
import type { RequestOptions } from "./request-flags.js";
import { readPathsFile, type SuiteRequest } from "./suite.js";

export interface CompareRequest {
  leftUrl: string;
  rightUrl: string;
  options?: RequestOptions;
}

const withOptions = (options: RequestOptions) => (Object.keys(options).length > 0 ? { options } : {});

/** What `envdiff suite` posts: the paths of its --paths file, or where to discover them. */
export function suiteRequest(command: Extract<Command, { kind: "suite" }>): SuiteRequest {
  const { source } = command;
  return {
    ...(command.name ? { name: command.name } : {}),
    leftBase: command.leftBase,
    rightBase: command.rightBase,
    ...("paths" in source ? { paths: readPathsFile(source.paths) } : { discover: source }),
    ...withOptions(command.common.options),
  };
}

/** What a config file's suite check posts: the suite is named after the check. */
export function checkSuiteRequest(check: Extract<Check, { kind: "suite" }>): SuiteRequest {
  return { name: check.name, ...check.suite, ...withOptions(check.options) };
}

/** What `envdiff compare` posts. */
export function compareRequest(command: Extract<Command, { kind: "compare" }>): CompareRequest {
  return { leftUrl: command.leftUrl, rightUrl: command.rightUrl, ...withOptions(command.common.options) };
}

/** What a config file's pair check posts. */
export function checkCompareRequest(check: Extract<Check, { kind: "pair" }>): CompareRequest {
  return { leftUrl: check.left, rightUrl: check.right, ...withOptions(check.options) };
}
