/**
 * Diff engine speed: two JSON documents of 1 MiB (and 10 MiB, to show growth is linear) that
 * differ in exactly 1% of their leaves, chosen by a seeded PRNG so every run diffs the same pair.
 * Prints `diff-json-1mib`, `diff-json-10mib` and `diff-json-1mib-hosts` (every item carries an
 * environment URL, so host normalisation runs on each of them) and `diff-text-1mib` as JSON lines.
 */
import { expect, it } from "vitest";
import { diffEnvelopes } from "../src/diff";
import type { SignalEnvelope } from "../src/shapes/envelope";
import type { JsonArray, JsonObject, JsonValue } from "../src/shapes/json";
import { prng } from "../test/support/adversarial-corpus";
import { jsonBody, left, right, textBody } from "../test/support/envelopes";

const MIB = 1024 * 1024;

function makeItem(i: number, random: () => number, host: string | null): JsonObject {
  const item: JsonObject = {
    id: i,
    sku: `SKU-${(random() * 1e9) | 0}`,
    name: `Product ${i} ${random().toString(36).slice(2, 10)}`,
    price: Math.round(random() * 100_000) / 100,
    currency: "EUR",
    inStock: random() > 0.3,
    tags: ["alpha", "beta", "gamma"].slice(0, 1 + ((random() * 3) | 0)),
    dims: { w: (random() * 100) | 0, h: (random() * 100) | 0, d: (random() * 100) | 0 },
    rating: { average: Math.round(random() * 50) / 10, count: (random() * 5000) | 0 },
    updatedAt: new Date(1_700_000_000_000 + ((random() * 1e10) | 0)).toISOString(),
  };
  if (host) item.href = `https://${host}/products/${i}`;
  return item;
}

/** A catalogue of at least `bytes` bytes of JSON text, or of exactly `count` items. */
function makeDocument(bytes: number, seed: number, host: string | null, count = Infinity): JsonObject {
  const random = prng(seed);
  const items: JsonArray = [];
  let size = 64;
  for (let i = 0; count === Infinity ? size < bytes : i < count; i++) {
    const item = makeItem(i, random, host);
    size += JSON.stringify(item).length + 1;
    items.push(item);
  }
  return { meta: { page: 1, total: items.length, generator: "envdiff-bench" }, items };
}

/** Changes exactly 1% of the leaves of `doc` (ids excepted) in place; returns [leaves, changed]. */
function changeOnePercent(doc: JsonValue, seed: number): [number, number] {
  const slots: [JsonObject | JsonArray, string | number][] = [];
  const visit = (node: JsonValue): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child = node[i] as JsonValue;
        if (typeof child === "object" && child !== null) visit(child);
        else slots.push([node, i]);
      }
    } else if (typeof node === "object" && node !== null) {
      for (const [k, child] of Object.entries(node)) {
        if (typeof child === "object" && child !== null) visit(child);
        // An item's id is what matches it across the sides (src/diff/array-keys.ts): changing it
        // would make the item another one, reported removed and added rather than one leaf.
        else if (k !== "id") slots.push([node, k]);
      }
    }
  };
  visit(doc);
  const random = prng(seed);
  const changed = Math.round(slots.length / 100);
  // Partial Fisher-Yates: the first `changed` slots become a uniform sample without repeats.
  for (let i = 0; i < changed; i++) {
    const j = i + Math.floor(random() * (slots.length - i));
    [slots[i], slots[j]] = [slots[j]!, slots[i]!];
    const [parent, key] = slots[i]!;
    const value = (parent as Record<string | number, JsonValue>)[key];
    (parent as Record<string | number, JsonValue>)[key] =
      typeof value === "number" ? value + 1 : typeof value === "boolean" ? !value : `${String(value)}-changed`;
  }
  return [slots.length, changed];
}

function pair(bytes: number, withHosts: boolean) {
  const leftDoc = makeDocument(bytes, 42, withHosts ? "staging.example.com" : null);
  // Same seed and item count: the documents are equal up to the host until 1% of leaves change.
  const count = (leftDoc.items as JsonArray).length;
  const rightDoc = makeDocument(bytes, 42, withHosts ? "www.example.com" : null, count);
  const [leaves, changed] = changeOnePercent(rightDoc, 7);
  return { l: left({ body: jsonBody(leftDoc) }), r: right({ body: jsonBody(rightDoc) }), leaves, changed };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(l: SignalEnvelope, r: SignalEnvelope, warmup: number, runs: number): { ms: number; total: number } {
  let total = 0;
  for (let i = 0; i < warmup; i++) total = diffEnvelopes(l, r).summary.total ?? 0;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    diffEnvelopes(l, r);
    samples.push(performance.now() - start);
  }
  // In deployed workerd the clock stands still during pure CPU work; under vitest/miniflare it
  // moves. All-zero samples would mean the figure is meaningless, so fail loudly instead.
  expect(
    samples.some((s) => s > 0),
    "clock did not advance while diffing",
  ).toBe(true);
  return { ms: Math.round(median(samples) * 100) / 100, total };
}

const cases = [
  { name: "diff-json-1mib", bytes: MIB, hosts: false, warmup: 5, runs: 15 },
  { name: "diff-json-10mib", bytes: 10 * MIB, hosts: false, warmup: 2, runs: 5 },
  { name: "diff-json-1mib-hosts", bytes: MIB, hosts: true, warmup: 5, runs: 15 },
] as const;

for (const c of cases) {
  it(c.name, () => {
    const { l, r, leaves, changed } = pair(c.bytes, c.hosts);
    const { ms, total } = time(l, r, c.warmup, c.runs);
    // Every changed leaf is a difference and nothing else is (hosts are normalised away).
    expect(total).toBe(changed);
    const bytes = l.body?.bytes ?? 0;
    console.log(JSON.stringify({ name: c.name, value: ms, unit: "ms", bytes, leaves, changed, runs: c.runs }));
  });
}

it("diff-text-1mib", () => {
  // An HTML-like page of 1 MiB with 1% of its lines changed: the line diff through jsdiff.
  const random = prng(9);
  const lines: string[] = [];
  for (let size = 0, i = 0; size < MIB; i++) {
    const line = `<div class="row" data-id="${i}">${random().toString(36).slice(2)} ${"lorem ipsum ".repeat(3)}</div>`;
    lines.push(line);
    size += line.length + 1;
  }
  const changedLines = lines.map((line) => (random() < 0.01 ? `${line}<!-- changed -->` : line));
  const changed = changedLines.filter((line, i) => line !== lines[i]).length;
  const l = left({ body: textBody(lines.join("\n")) });
  const r = right({ body: textBody(changedLines.join("\n")) });
  const { ms, total } = time(l, r, 3, 9);
  // One difference per hunk: changed lines next to each other share one.
  expect(total).toBeGreaterThan(0);
  expect(total).toBeLessThanOrEqual(changed);
  const bytes = l.body?.bytes ?? 0;
  console.log(
    JSON.stringify({
      name: "diff-text-1mib",
      value: ms,
      unit: "ms",
      bytes,
      lines: lines.length,
      changed,
      hunks: total,
      runs: 9,
    }),
  );
});
