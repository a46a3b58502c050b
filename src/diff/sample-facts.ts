/**
 * What the samples of one side say about it (docs/noise.md): each later sample is compared with the
 * first one, under the comparison's own rules, and whatever differs between them changes on its
 * own: it is noise. Noise is recognised by what varies, not only by path:
 * - paths whose value varied (a request id, a counter, a 50/50 header);
 * - arrays whose order varied: unordered for this comparison (their elements matched by key or content);
 * - text lines that varied or moved: noise wherever a hunk of the comparison begins and ends;
 * - headers whose list items came in another order, or that varied only in tokens with digits:
 *   compared without order, or through a template (headers.ts), rather than noise as a whole.
 *
 * A sample whose outcome (status, or probe error) differs from the first one says nothing about
 * values (its body would differ everywhere): it only makes the side unstable. The facts are small
 * on purpose: they are a Workflow step's result.
 */
import { MAX_PATH_BYTES } from "../budgets";
import type { ProbeErrorCode, ProbeSample, SignalEnvelope } from "../shapes/envelope";
import type { JsonValue } from "../shapes/json";
import type { Difference } from "../shapes/result";
import { headerLine, listItems } from "./headers";
import { diffEnvelopes } from "./index";
import { MAX_TEMPLATE_CHARS, templateOf } from "./line-templates";
import { MaskSet } from "./masks";
import type { DiffRules } from "./rules";
import { lineHunks, splitLines } from "./text-diff";
import { fingerprint } from "./text-hunks";

/**
 * Noise paths kept per side: more would be a side that is entirely volatile, not noise. Two sides of
 * 100 paths of at most MAX_PATH_BYTES keep the diff step's result within its budget (src/budgets.ts).
 */
export const MAX_NOISE_PATHS = 100;
/** Varying text lines kept per side (as 8-character fingerprints). */
export const MAX_NOISE_LINES = 500;
/** Line templates kept per side (line-templates.ts): at most 100 × 400 characters. */
export const MAX_NOISE_TEMPLATES = 100;

/** What the Workflow keeps of one side's samples. */
export interface SideSamples {
  /** Status of each sample, in order; null for a sample that got no response. */
  statuses: (number | null)[];
  /** The probe error code of each sample, in order; null for one that answered. */
  errors: (ProbeErrorCode | null)[];
  /** totalMs of each sample, in order. */
  timings: number[];
  /**
   * How many samples each moment took, in order: the probe step's, taken at once, then each
   * confirming round's. Latency is judged by moment (timing.ts); a sample not counted here is a
   * moment of its own.
   */
  moments: number[];
  /** Pointers that differed between samples of the same outcome. */
  noise: string[];
  /** Arrays (pointers under /body/json) whose order differed between samples. */
  reordered: string[];
  /** Fingerprints of text lines that differed or moved between samples. */
  lines: string[];
  /**
   * Templates of text lines that varied only in a few tokens with digits (line-templates.ts): those
   * tokens are noise, the rest of the line is compared.
   */
  templates: string[];
  /** More paths varied than MAX_NOISE_PATHS, or the body's kind did: the side is volatile as a whole. */
  volatile: boolean;
}

function outcome(e: Pick<SignalEnvelope, "error" | "status">): string {
  return e.error ? `error:${e.error.code}` : `status:${e.status}`;
}

/** The facts of a side seen once. */
export function firstSample(first: SignalEnvelope): SideSamples {
  return {
    statuses: [first.status],
    errors: [first.error?.code ?? null],
    timings: [first.timing.totalMs],
    moments: [1],
    noise: [],
    reordered: [],
    lines: [],
    templates: [],
    volatile: false,
  };
}

/** The facts after one more sample of the side, compared with its first one. */
export function addSample(
  facts: SideSamples,
  first: SignalEnvelope,
  sample: SignalEnvelope,
  rules: Partial<DiffRules>,
): SideSamples {
  const next: SideSamples = {
    ...facts,
    statuses: [...facts.statuses, sample.status],
    errors: [...facts.errors, sample.error?.code ?? null],
    timings: [...facts.timings, sample.timing.totalMs],
    moments: [...facts.moments, 1],
  };
  if (outcome(sample) !== outcome(first) || first.error) return next;
  // Same side, same host: no host rewriting, no timing; every difference is the side's own variation.
  const found = diffEnvelopes(first, sample, {
    ...rules,
    normaliseHosts: false,
    noisePaths: [],
    noiseLines: [],
    noiseTemplates: [],
    compareTiming: false,
    maxReported: MAX_NOISE_PATHS + 1,
  });
  const paths = new Set(facts.noise);
  const reordered = new Set(facts.reordered);
  const lines = new Set(facts.lines);
  const templates = new Set(facts.templates);
  const headers = headerVariation(first, sample, rules);
  for (const d of found.differences) {
    const seen = headers(d);
    if (seen?.reordered) reordered.add(d.path);
    else if (seen?.template && templates.size < MAX_NOISE_TEMPLATES) templates.add(seen.template);
    else paths.add(d.path);
  }
  for (const d of found.differences) if (isReordering(d, first, sample)) reordered.add(d.path);
  const varying = varyingLines(first, sample, rules);
  for (const line of varying.lines) if (lines.size < MAX_NOISE_LINES) lines.add(line);
  for (const template of varying.templates) if (templates.size < MAX_NOISE_TEMPLATES) templates.add(template);
  return {
    ...next,
    noise: [...paths].slice(0, MAX_NOISE_PATHS),
    reordered: [...reordered].slice(0, MAX_NOISE_PATHS),
    lines: [...lines],
    templates: [...templates],
    volatile: facts.volatile || paths.size > MAX_NOISE_PATHS || paths.has("/body/kind"),
  };
}

/** The facts after a round of samples of the side taken at once (one moment), compared with its first one. */
export function addRound(
  facts: SideSamples,
  first: SignalEnvelope,
  round: readonly SignalEnvelope[],
  rules: Partial<DiffRules>,
): SideSamples {
  const next = round.reduce((acc, sample) => addSample(acc, first, sample, rules), facts);
  return round.length === 0 ? next : { ...next, moments: [...facts.moments, round.length] };
}

/** The facts of `samples` (the first one stored), taken at once as the probe step takes them. */
export function sampleNoise(samples: readonly SignalEnvelope[], rules: Partial<DiffRules>): SideSamples {
  const [first, ...rest] = samples;
  if (!first) throw new Error("sampleNoise needs at least one sample");
  const facts = rest.reduce((acc, sample) => addSample(acc, first, sample, rules), firstSample(first));
  return { ...facts, moments: [samples.length] };
}

/** Each sample's status and time, in order, as `probes.<side>.samples` lists them. */
export function samplesOf(facts: SideSamples): ProbeSample[] {
  return facts.statuses.map((status, i) => ({ status, totalMs: facts.timings[i] ?? 0 }));
}

/** A status (or probe error) that differs between samples: the side itself is unstable. */
export function isUnstable(facts: Pick<SideSamples, "statuses" | "errors">): boolean {
  const first = `${facts.statuses[0]}:${facts.errors[0]}`;
  return facts.statuses.some((s, i) => `${s}:${facts.errors[i]}` !== first);
}

/**
 * How a header varied between two samples, when not as a whole: its list items came in another
 * order (`reordered`: compared without order), or it varied only in a few tokens with digits
 * (`template`: those tokens are noise, the rest of it is compared). Null for any other difference:
 * the header is noise. Cookies are compared attribute by attribute (cookies.ts), never here.
 */
function headerVariation(
  a: SignalEnvelope,
  b: SignalEnvelope,
  rules: Partial<DiffRules>,
): (d: Difference) => { reordered: boolean; template: string | null } | null {
  let masked: [Map<string, string>, Map<string, string>] | null = null;
  return (d) => {
    if (d.kind !== "header" || d.change !== "changed" || d.path.startsWith("/headers/set-cookie")) return null;
    if (!masked) {
      const masks = new MaskSet(rules.masks ?? []);
      masked = [lowercased(masks.envelope(a).headers), lowercased(masks.envelope(b).headers)];
    }
    const name = unescapeSegment(d.path.slice("/headers/".length));
    const [x, y] = [masked[0].get(name), masked[1].get(name)];
    if (x === undefined || y === undefined) return null;
    if (listItems(x) === listItems(y)) return { reordered: true, template: null };
    const template = templateOf(headerLine(name, x), headerLine(name, y));
    return template !== null && template.length <= MAX_TEMPLATE_CHARS ? { reordered: false, template } : null;
  };
}

function lowercased(headers: Readonly<Record<string, string>>): Map<string, string> {
  return new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

const unescapeSegment = (segment: string) => segment.replaceAll("~1", "/").replaceAll("~0", "~");

/**
 * The JSON diff reports a reordering as one `changed` difference at the array itself, with an array
 * on each side; a changed value at that pointer would not be two arrays.
 */
function isReordering(d: Difference, a: SignalEnvelope, b: SignalEnvelope): boolean {
  if (d.kind !== "body" || d.change !== "changed" || !d.path.startsWith("/body/json")) return false;
  if (d.path.length > MAX_PATH_BYTES / 3) return false;
  return Array.isArray(at(a.body?.json, d.path)) && Array.isArray(at(b.body?.json, d.path));
}

function at(json: JsonValue | undefined, path: string): JsonValue | undefined {
  let node: JsonValue | undefined = json;
  for (const raw of path.split("/").slice(3)) {
    if (node === null || typeof node !== "object") return undefined;
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = Array.isArray(node) ? node[Number(key)] : node[key];
  }
  return node;
}

/**
 * Fingerprints of the lines that varied between two samples' texts, masked as compared: the lines of
 * the changed hunks, and the lines that moved. A shuffled list keeps some of its lines in the longest
 * common subsequence (unchanged, for the hunks), yet they moved: a line moved when both its nearest
 * neighbours that are in both samples differ. Its neighbours, not only its index, so a line after a
 * varying one (a title after a request id) has not moved; both of them, so the line before a
 * shuffled block (its `<ul>`) has not either.
 *
 * A changed line that stayed in place (a hunk of as many lines on each side) and varied only in a
 * few tokens with digits gives a template instead (line-templates.ts): its other tokens stay compared.
 */
function varyingLines(
  a: SignalEnvelope,
  b: SignalEnvelope,
  rules: Partial<DiffRules>,
): { lines: string[]; templates: string[] } {
  const none = { lines: [], templates: [] };
  if (a.body?.kind !== "text" || b.body?.kind !== "text") return none;
  if (a.body.text === undefined || b.body.text === undefined || a.body.text === b.body.text) return none;
  const masks = new MaskSet(rules.masks ?? []);
  const left = splitLines(masks.envelope(a).body?.text ?? "").map((line) => line.trim());
  const right = splitLines(masks.envelope(b).body?.text ?? "").map((line) => line.trim());
  const out = new Set<string>();
  const templates = new Set<string>();
  const add = (line: string | undefined) => {
    if (line) out.add(fingerprint(line));
  };
  for (const hunk of lineHunks(left, right)) {
    const [l0, l1] = hunk.left;
    const [r0, r1] = hunk.right;
    for (let k = 0; k < Math.max(l1 - l0, r1 - r0); k++) {
      const [x, y] = [left[l0 + k], right[r0 + k]];
      const template = l1 - l0 === r1 - r0 && x !== undefined && y !== undefined ? templateOf(x, y) : null;
      if (template !== null && template.length <= MAX_TEMPLATE_CHARS) {
        templates.add(template);
        continue;
      }
      if (l0 + k < l1) add(x);
      if (r0 + k < r1) add(y);
    }
  }
  for (const line of movedLines(left, right)) add(line);
  return { lines: [...out], templates: [...templates] };
}

/** Lines found once in each text whose nearest shared neighbours differ on both sides. */
function movedLines(a: readonly string[], b: readonly string[]): string[] {
  const once = (lines: readonly string[]) => {
    const count = new Map<string, number>();
    for (const line of lines) if (line !== "") count.set(line, (count.get(line) ?? 0) + 1);
    return count;
  };
  const [inA, inB] = [once(a), once(b)];
  const shared = (line: string) => inA.get(line) === 1 && inB.get(line) === 1;
  const neighbours = (lines: readonly string[]) => {
    const order = lines.filter(shared);
    return new Map(order.map((line, i) => [line, [order[i - 1] ?? null, order[i + 1] ?? null]] as const));
  };
  const [na, nb] = [neighbours(a), neighbours(b)];
  const moved: string[] = [];
  for (const [line, [before, after]] of na) {
    const other = nb.get(line);
    if (other && other[0] !== before && other[1] !== after) moved.push(line);
  }
  return moved;
}
