/**
 * Scores one run of a realistic fixture against its ground truth (issue 23): which real differences
 * were reported, which were reported wrongly (mislabelled), and what was reported that is not real
 * (noise). Used by the realistic tests and by `npm run bench` (`realistic-recall`, `realistic-noise`,
 * `realistic-mislabelled`) for every fixture: the shop (realistic.ts), the newsroom
 * (newsroom-truth.ts) and Acme Cloud (acme-cloud-truth.ts).
 *
 * Only the top level of `differences` counts: a row nested under its cause (`consequences`) is
 * neither found nor noise. A top-level row that only follows from another change (a derived header
 * such as content-length, or a body row of a response whose status differs) is noise, marked
 * `consequence` so a reader can tell the two apart.
 */
import type { Difference, Severity } from "../../src/shapes/result";

export interface RealDifference {
  endpoint: string;
  what: string;
  kind: Difference["kind"];
  /** The path it is reported at: exact, or a pattern when an index may vary. */
  path: string | RegExp;
  /** The least severity an engineer would accept for it. */
  minSeverity: Severity;
  /** When given, the difference must say this change (e.g. "renamed", "added"). */
  change?: Difference["change"] | "renamed";
  /** When given, the element's key the row must name (a difference inside a keyed array element). */
  key?: string;
  /** Other paths that belong to it (the new name of a renamed field): more rows there are a split. */
  alsoAt?: readonly string[];
  /** A finer test than the path, e.g. the changed text of a hunk. */
  matches?: (d: Difference) => boolean;
}

/** A row at one of these header paths only follows from the body or from a noise path. */
const DERIVED_HEADERS = ["/headers/content-length", "/headers/etag", "/headers/content-md5"];

export interface EndpointRun {
  endpoint: string;
  differences: readonly Difference[];
}

export interface LeakedRow {
  endpoint: string;
  path: string;
  /** Follows from another change: belongs under its cause, not at the top level. */
  consequence: boolean;
}

export interface Score {
  real: number;
  /** Real differences reported at the top level (well or badly labelled). */
  reported: number;
  /** Reported and labelled right: kind, severity, change, key, history. */
  found: number;
  missed: string[];
  mislabelled: string[];
  noise: LeakedRow[];
  /** reported / real */
  recall: number;
  precision: number;
}

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3 };

function pathMatches(expected: string | RegExp, path: string): boolean {
  return typeof expected === "string" ? expected === path : expected.test(path);
}

function belongsTo(real: RealDifference, d: Difference): boolean {
  if (real.matches) return real.matches(d);
  return pathMatches(real.path, d.path) || (real.alsoAt ?? []).includes(d.path);
}

function keyOf(d: Difference): unknown {
  return (d as Difference & { key?: unknown }).key;
}

/** Why a row of a real difference is wrong, or null when it is right. `run` counts from 1. */
function mislabel(real: RealDifference, rows: readonly Difference[], run: number): string | null {
  const d = rows[0] as Difference;
  const problems: string[] = [];
  if (rows.length > 1) problems.push(`${rows.length} rows`);
  if (d.kind !== real.kind) problems.push(`kind ${d.kind}`);
  if (RANK[d.severity] < RANK[real.minSeverity]) problems.push(`severity ${d.severity}`);
  if (real.change && d.change !== real.change) problems.push(`change ${d.change}`);
  if (real.key !== undefined && keyOf(d) !== real.key) problems.push(`key ${JSON.stringify(keyOf(d) ?? null)}`);
  if (d.history === "flapping") problems.push("flapping");
  else if (run > 1 && d.history !== "recurring") problems.push(`${d.history} on run ${run}`);
  return problems.length === 0 ? null : problems.join(", ");
}

/** Endpoints of the truth whose status differs: their body rows are consequences. */
function statusClassEndpoints(truth: readonly RealDifference[]): Set<string> {
  return new Set(truth.filter((r) => r.path === "/status").map((r) => r.endpoint));
}

export function scoreRun(truth: readonly RealDifference[], runs: readonly EndpointRun[], run = 1): Score {
  const missed: string[] = [];
  const mislabelled: string[] = [];
  const noise: LeakedRow[] = [];
  const statusClass = statusClassEndpoints(truth);
  let found = 0;
  let reported = 0;
  let rowsReported = 0;
  for (const { endpoint, differences } of runs) {
    const here = truth.filter((r) => r.endpoint === endpoint);
    rowsReported += differences.length;
    for (const real of here) {
      const rows = differences.filter((d) => belongsTo(real, d));
      if (rows.length === 0) {
        missed.push(`${endpoint}: ${real.what}`);
        continue;
      }
      reported++;
      const problem = mislabel(real, rows, run);
      if (problem) mislabelled.push(`${endpoint}: ${real.what} (${problem})`);
      else found++;
    }
    for (const d of differences) {
      if (here.some((r) => belongsTo(r, d))) continue;
      const consequence = DERIVED_HEADERS.includes(d.path) || (statusClass.has(endpoint) && d.path.startsWith("/body"));
      noise.push({ endpoint, path: d.path, consequence });
    }
  }
  const real = truth.length;
  return {
    real,
    reported,
    found,
    missed,
    mislabelled,
    noise,
    recall: real === 0 ? 1 : reported / real,
    precision: rowsReported === 0 ? 1 : (rowsReported - noise.length) / rowsReported,
  };
}

/** The two URLs of one endpoint; `tag` (a query parameter both fixtures ignore) gives a fresh pair. */
export function endpointPair(urls: { staging: string; production: string }, endpoint: string, tag: string) {
  const sep = endpoint.includes("?") ? "&" : "?";
  return {
    leftUrl: `${urls.staging}${endpoint}${sep}run=${tag}`,
    rightUrl: `${urls.production}${endpoint}${sep}run=${tag}`,
  };
}
